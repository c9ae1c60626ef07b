"""The GUI facade's consolidation: run now, remembered for the scheduler's catch-up."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from tests.helpers import write_chat

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)


def test_consolidation_now_is_remembered_for_the_catch_up(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REMEMBRANCER_EMBEDDER", "fake")
    service = MemoryService(AppContext(tmp_path / "data", now=NOW))
    try:
        assert service.last_consolidation() is None
        service.import_path(write_chat(tmp_path / "chat.jsonl"))
        report = service.consolidate()
        assert report.changed == 0 and report.backup
        assert service.last_consolidation() == NOW
        scheduler = service.scheduler(run=lambda: None)
        assert scheduler.hour == service.ctx.settings.consolidation_hour == 3
    finally:
        service.close()
