"""Building the core from settings: the one place the CLI and GUI share."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.logging_setup import configure_logging
from app.settings import Settings, resolve_data_dir
from memory import Memory
from memory.ingest import Progress


class AppContext:
    """Settings plus a lazily opened `Memory` for one data dir."""

    def __init__(self, data_dir: str | Path | None = None, now: datetime | None = None, verbose: bool = False):
        self.settings = Settings.load(resolve_data_dir(data_dir))
        self.now = now
        configure_logging(self.settings.log_dir, self.settings.log_level, verbose)
        self._memory: Memory | None = None

    def memory(self, progress: Progress | None = None) -> Memory:
        if self._memory is None:
            self._memory = Memory(self.settings.data_dir, self.settings.embedder, progress=progress, extractor=self.settings.extractor)
        return self._memory

    def close(self) -> None:
        if self._memory is not None:
            self._memory.close()
            self._memory = None
