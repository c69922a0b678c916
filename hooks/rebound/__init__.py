"""Rebound's build logic: pure functions the MkDocs hooks in ``hooks/`` call.

This package never imports ``mkdocs``, so tests, benchmarks and scripts can use it on its own.
ARCHITECTURE.md (at the repository's root) maps its modules, their layers and its registries.
"""
