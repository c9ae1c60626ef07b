"""Errors the core raises for the user to read.

`InputError` carries the file and line so every surface (CLI, GUI, host) can
print the same `FILE:LINE: reason` message the CLI contract promises.
"""
from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Bad user input: a malformed file, line or argument.

    Raised before anything is written, so the store is unchanged.
    """

    def __init__(self, reason: str, path: str | Path | None = None, line: int | None = None):
        self.reason = reason
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return where + self.reason
