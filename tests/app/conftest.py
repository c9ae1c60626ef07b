"""Fixtures shared by the app tests."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.timeutil import parse_time
from tests.planted_secrets import NOW, write_planted


@pytest.fixture
def planted_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryService]:
    """A service over a store holding the planted secrets (tests/planted_secrets.py), with the fake model."""
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")
    service = MemoryService(AppContext(tmp_path / "data", now=parse_time(NOW)))
    service.import_path(write_planted(tmp_path / "planted.jsonl"))
    yield service
    service.close()
