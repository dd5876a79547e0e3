"""Tables on disk: schemas with Chinese and English headers, the one cell parser, files and YAML.

The lowest layer of orgplan: it knows nothing of structures or sales, only
how a table is read, checked cell by cell and written.

- :mod:`orgplan.tables.schema` — :class:`Column`, :class:`Table`, header aliases, cell validation
- :mod:`orgplan.tables.cells` — the only parsers of dates, counts and money
- :mod:`orgplan.tables.io` — CSV/Excel reading (UTF-8, GBK), atomic writing
- :mod:`orgplan.tables.yamlfile` — YAML read safely, with the line of each key
"""
