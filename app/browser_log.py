"""The log of what the browser link offered, to which site, and what was filled.

The user must be able to see what left Remembrancer for a web page, so every
offer and every fill is appended here (the GUI shows it; `remembrancer browser
log` prints it). It records field names, the confidence, the reason and the
memory ids a value rests on, but never the values themselves: the log would
otherwise be a second copy of personal data that `forget --hard` cannot
scrub; the sources say where each value came from.

JSON Lines in `browser/log.jsonl` under the data dir, appended by whichever
process served the request (the app or the host). When it passes `MAX_BYTES`
the older half is dropped.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from remembrancer.memory.autofill.types import FieldSuggestion
from remembrancer.memory.timeutil import ensure_aware, to_iso

logger = logging.getLogger(__name__)

LOG_FILE = "log.jsonl"
MAX_BYTES = 1_000_000
EVENTS = ("offered", "filled", "pairing_requested", "refused")


class BrowserLog:
    """Append-only JSONL of browser requests and fills for one data dir."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "browser" / LOG_FILE

    def append(self, event: str, site: str, now: datetime | None = None, **details: Any) -> dict[str, Any]:
        if event not in EVENTS:
            raise ValueError(f"unknown browser log event {event!r}")
        entry = {"time": to_iso(ensure_aware(now)), "event": event, "site": site[:200], **details}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        # One write on an O_APPEND descriptor: the app and the host may both append.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
        if self.path.stat().st_size > MAX_BYTES:
            self._trim()
        return entry

    def offered(self, site: str, suggestions: list[FieldSuggestion], now: datetime | None = None, plugins: dict[str, str] | None = None) -> dict[str, Any]:
        """Record an answer to a page: per field, whether a value was offered and on what evidence."""
        fields = []
        for s in suggestions:
            item: dict[str, Any] = {"field": s.field, "offered": bool(s.value), "confidence": round(s.confidence, 3), "sources": s.sources, "reason": s.reason}
            if plugins and s.field in plugins:
                item["plugin"] = plugins[s.field]
            fields.append(item)
        return self.append("offered", site, now, fields=fields)

    def filled(self, site: str, accepted: list[str], declined: list[str], now: datetime | None = None) -> dict[str, Any]:
        return self.append("filled", site, now, accepted=accepted, declined=declined)

    def read(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The entries, oldest first (the last `limit` when given); a damaged line is skipped and logged."""
        if not self.path.exists():
            return []
        entries = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entries.append(json.loads(line))
            except ValueError:
                logger.warning("%s:%d: skipping a damaged log line", self.path, number)
        return entries[-limit:] if limit else entries

    def _trim(self) -> None:
        lines = self.path.read_bytes().splitlines(keepends=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(b"".join(lines[len(lines) // 2:]))
        tmp.replace(self.path)
