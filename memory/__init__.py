"""Remembrancer's headless memory core.

Everything here runs without Qt so that the CLI, the scheduler, the browser host
and the tests can use the same code as the desktop app (the Anki `pylib` split).

The names below are loaded on first use (PEP 562): importing one small module
of the core (`memory.errors`, `memory.timeutil`) must not import the whole
store, numpy and the embedders, or a command that only talks to the running
service would spend a quarter of a second importing what it never calls.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory
    from remembrancer.memory.errors import InputError
    from remembrancer.memory.types import ImportSummary, RecallItem

__all__ = ["Memory", "InputError", "ImportSummary", "RecallItem"]
_HOMES = {"Memory": "remembrancer.memory.core", "InputError": "remembrancer.memory.errors",
          "ImportSummary": "remembrancer.memory.types", "RecallItem": "remembrancer.memory.types"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'remembrancer.memory' has no attribute {name!r}")
    return getattr(import_module(home), name)
