"""Remembrancer's headless memory core.

Everything here runs without Qt so that the CLI, the scheduler, the browser host
and the tests can use the same code as the desktop app (the Anki `pylib` split).
"""
from __future__ import annotations

from memory.core import Memory
from memory.errors import InputError
from memory.types import ImportSummary, RecallItem

__all__ = ["Memory", "InputError", "ImportSummary", "RecallItem"]
