"""Pytest set-up shared by the tests, the doctests of the package and the notebooks.

Tests and doctests read orgplan's messages in English (the message ids), so
a test pins behaviour, not wording; tests of the Chinese wording choose
their language with :func:`orgplan.i18n.language`. The notebooks run in
their own kernels, in the users' default language (简体中文).
"""

from __future__ import annotations

import pytest

from orgplan.i18n import set_language


@pytest.fixture(autouse=True)
def _english_messages():
    before = set_language("en")
    yield
    set_language(before)
