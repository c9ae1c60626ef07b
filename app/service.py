"""`MemoryService`: the plain-method facade the desktop app calls.

The GUI must not reach into the store, and it must not know how the context,
the clock and the default `k` are wired; this facade keeps those decisions in
`app/` (no Qt here) so the GUI, tests and any later surface call the same
methods. The methods block: callers on a GUI thread run them in a worker.

Every method touches the one SQLite connection `Memory` owns, so callers must
run them one at a time (the GUI uses a single-threaded pool for that).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from app.context import AppContext
from memory.errors import InputError
from memory.ingest import Progress
from memory.types import ContextTurn, ImportSummary, RecallItem

logger = logging.getLogger(__name__)

# Errors whose message is meant for the user as is (`FILE:LINE: reason`);
# anything else is an internal error and is logged with its traceback.
USER_ERRORS: tuple[type[Exception], ...] = (InputError,)

__all__ = ["USER_ERRORS", "ContextTurn", "ImportSummary", "MemoryService", "RecallItem"]


class MemoryService:
    """Recall, import and stats for one `AppContext`, with the context's clock."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    @property
    def data_dir(self) -> Path:
        return self.ctx.settings.data_dir

    def open(self, progress: Progress | None = None) -> dict[str, Any]:
        """Open the store (may load the embedding model and embed pending rows).

        Returns the stats so the caller can show counts as soon as it is open.
        """
        memory = self.ctx.memory(progress)
        # The embedder loads its model on first use; doing that here, while the
        # window says "Loading memory…", keeps the first search from stalling.
        if progress:
            progress(0, 0, "loading the embedding model")  # total 0: no count to show
        memory.embedder.embed_one("warm up")
        logger.info("memory open at %s (embedder %s)", self.data_dir, memory.embedder.name)
        return memory.stats()

    def recall(self, query: str, k: int | None = None) -> list[RecallItem]:
        """Hybrid recall; an empty query recalls nothing rather than everything."""
        query = query.strip()
        if not query:
            return []
        k = k or self.ctx.settings.default_k
        return self.ctx.memory().recall(query, k=k, now=self.ctx.now)

    def import_path(self, path: str | Path, fmt: str = "auto", progress: Progress | None = None) -> ImportSummary:
        """Import a file or folder; raises `InputError` naming `FILE:LINE` on bad input."""
        return self.ctx.memory(progress).import_path(Path(path), fmt, now=self.ctx.now, progress=progress)

    def stats(self) -> dict[str, Any]:
        return self.ctx.memory().stats()

    def close(self) -> None:
        self.ctx.close()
