"""Where `remembrancer mcp` sends a call: the running app or service when there is one, else a read-only store of its own (#22)."""
from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.app import ipc
from remembrancer.app.context import AppContext
from remembrancer.app.mcp_clients import McpClients
from remembrancer.app.mcp_relay import McpRelay
from remembrancer.app.serve import BackgroundService
from remembrancer.app.service import MemoryService
from tests.helpers import record, write_jsonl

CLIENT = "Desk Chat"


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    short = Path(tempfile.mkdtemp(prefix="rmb-", dir="/tmp"))  # a Unix socket path must stay short
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short))
    yield short
    shutil.rmtree(short, ignore_errors=True)


@pytest.fixture
def data_dir(tmp_path: Path, runtime: Path) -> Path:
    data = tmp_path / "data"
    service = MemoryService(AppContext(data))
    try:
        service.import_path(write_jsonl(tmp_path / "chat.jsonl", [record("g-1", "I moved to Ghent last month.", "Odile")]))
    finally:
        service.close()
    McpClients(data).allow(CLIENT, write=True)
    return data


def test_with_nothing_running_it_serves_read_only_and_a_service_that_starts_later_takes_over(data_dir: Path) -> None:
    relay = McpRelay(data_dir, start_service=False)
    try:
        local = relay.call(CLIENT, "search_memory", {"query": "Ghent"})
        assert any("Ghent" in item["text"] for item in local["result"]["items"])
        assert "read-only" in relay.call(CLIENT, "remember", {"text": "My dentist is Dr Okafor."})["refused"]

        service = BackgroundService(AppContext(data_dir), idle_seconds=60)
        server = service.bind()
        serving = threading.Thread(target=service.run, args=(server,), daemon=True)
        serving.start()
        try:
            stored = relay.call(CLIENT, "remember", {"text": "My dentist is Dr Okafor."})
            assert stored["result"]["stored"]  # the service is the writer
            assert relay._local is None  # noqa: SLF001 - the process's own store was closed once the service answered
            found = relay.call(CLIENT, "search_memory", {"query": "dentist Okafor"})["result"]["items"]
            assert any(stored["result"]["id"] in item["sources"] for item in found)
        finally:
            ipc.call(data_dir, "service.stop")
            serving.join(15)
    finally:
        relay.close()
    ctx = AppContext(data_dir)
    try:
        log = ctx.memory().access_log()
    finally:
        ctx.close()
    assert [(e.tool, e.outcome) for e in log] == [("search_memory", "answered"), ("remember", "refused"),
                                                   ("remember", "answered"), ("search_memory", "answered")]


def test_a_store_that_cannot_open_is_a_reason_never_a_crash(tmp_path: Path, runtime: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text("{not json", encoding="utf-8")
    relay = McpRelay(data, start_service=False)
    try:
        reply = relay.call(CLIENT, "recent", {"days": 7})
    finally:
        relay.close()
    assert set(reply) == {"error"} and "settings.json" in reply["error"]
