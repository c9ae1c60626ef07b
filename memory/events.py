"""What the core tells the outside world: a small listener interface.

The core must not import the plugin manager (it lives in `app/`), yet plugins
want to hear when memories were added, when a recall starts and when the
nightly consolidation ran. `Memory` therefore takes one listener object with
these methods; `app/plugins.py` passes one that forwards each call to the
pluggy hooks, and everything else gets `NoEvents`.

A listener must not raise: the app's listener isolates each plugin, so a
broken plugin never fails an import or a recall.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from remembrancer.memory.types import ImportSummary

if TYPE_CHECKING:  # the report type lives in a module that imports `Memory`
    from remembrancer.memory.consolidation import ConsolidationReport


class MemoryEvents(Protocol):
    """Called by the core after (or before) the things plugins may observe."""

    def memory_did_add(self, summary: ImportSummary, path: Path) -> None:
        """An import finished and stored what `summary` counts."""

    def memory_will_recall(self, query: str, k: int) -> None:
        """A recall for `query` is about to run."""

    def consolidation_did_run(self, report: ConsolidationReport) -> None:
        """A consolidation (or a dry run of one) finished."""


class NoEvents:
    """The listener when nobody listens."""

    def memory_did_add(self, summary: ImportSummary, path: Path) -> None:
        return None

    def memory_will_recall(self, query: str, k: int) -> None:
        return None

    def consolidation_did_run(self, report: ConsolidationReport) -> None:
        return None
