"""Content checks for contributions: every problem as ``path:line: message`` with a hint.

The rules are data where they can be: each page type's front matter and the sources file are
JSON schemas in ``rebound/schemas/``, routed by ``schemas/page-types.json``.
"""
from __future__ import annotations

from ..problem import Problem
from .project import check_project

__all__ = ["Problem", "check_project"]
