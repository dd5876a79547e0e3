import sys

from orgplan.cli import main

sys.exit(main())
