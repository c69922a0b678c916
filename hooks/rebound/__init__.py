"""Rebound's build logic: the functions the MkDocs hooks in ``hooks/`` call.

Most of it does no I/O; the modules that do (fetching, the feed cache, git dates, reading
content and data files) say so in their docstrings. This package never imports ``mkdocs``, so tests, benchmarks and scripts can use it on its own.
ARCHITECTURE.md (at the repository's root) maps its modules, their layers and its registries.
"""
