"""The app's browser handlers: real engine, fills reinforce in the app, never when the host serves alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from remembrancer.app import ipc
from remembrancer.app.browser_host import local_dispatcher
from remembrancer.app.browser_service import app_browser_service, register_browser_handlers
from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from tests.helpers import record, write_jsonl

CHAT = [
    record("m1", "Hi! My name is Ana Lima.", "Ana", "intro", "2024-03-01T10:00:00", role="user"),
    record("m2", "My email is ana.lima@example.org if you need it.", "Ana", "intro", "2024-03-01T10:01:00", role="user"),
    record("m3", "I live in Lisbon now, near the river.", "Ana", "intro", "2024-03-01T10:02:00", role="user"),
]
FIELDS = [{"id": "first", "autocomplete": "given-name"}, {"id": "mail", "type": "email"}, {"id": "pw", "type": "password"}]
SITE = "https://shop.example/checkout"


@pytest.fixture
def service(data_dir: Path, tmp_path: Path):
    service = MemoryService(AppContext(data_dir))
    service.import_path(write_jsonl(tmp_path / "chat.jsonl", CHAT))
    yield service
    service.close()


def _reviews(service: MemoryService) -> int:
    return service.ctx.memory().db.execute("SELECT coalesce(sum(reviews), 0) FROM persona").fetchone()[0]


def test_app_handlers_answer_from_memory_and_a_fill_reinforces(service: MemoryService) -> None:
    dispatcher = ipc.Dispatcher()
    register_browser_handlers(dispatcher, app_browser_service(service))
    reply = dispatcher.dispatch({"method": "browser.autofill", "params": {"site": SITE, "fields": FIELDS}})
    values = {s["field"]: s["value"] for s in reply["result"]["suggestions"]}
    assert values == {"first": "Ana", "mail": "ana.lima@example.org", "pw": None}
    before = _reviews(service)
    done = dispatcher.dispatch({"method": "browser.filled", "params": {"site": SITE, "accepted": ["first", "mail"], "declined": []}})
    assert done["ok"] and done["result"]["reinforced"] > 0 and _reviews(service) > before
    assert [e["event"] for e in service.browser_log()] == ["offered", "filled"]


def test_bad_requests_get_the_reason(service: MemoryService) -> None:
    dispatcher = ipc.Dispatcher()
    register_browser_handlers(dispatcher, app_browser_service(service))
    assert "http(s) URL" in dispatcher.dispatch({"method": "browser.autofill", "params": {"site": "file:///x", "fields": FIELDS}})["error"]
    assert "non-empty list" in dispatcher.dispatch({"method": "browser.autofill", "params": {"site": SITE, "fields": []}})["error"]
    assert '"fields"[0]' in dispatcher.dispatch({"method": "browser.autofill", "params": {"site": SITE, "fields": [{"label": "x"}]}})["error"]


def test_the_host_serving_alone_reinforces_nothing(data_dir: Path, tmp_path: Path) -> None:
    service = MemoryService(AppContext(data_dir))
    service.import_path(write_jsonl(tmp_path / "chat.jsonl", CHAT))
    before = _reviews(service)
    service.close()
    dispatcher = local_dispatcher(data_dir)
    reply = dispatcher.dispatch({"method": "browser.autofill", "params": {"site": SITE, "fields": FIELDS}})
    assert reply["ok"] and reply["result"]["suggestions"][0]["value"] == "Ana"
    done = dispatcher.dispatch({"method": "browser.filled", "params": {"site": SITE, "accepted": ["first"]}})
    assert done["result"]["reinforced"] == 0
    service = MemoryService(AppContext(data_dir))
    try:
        assert _reviews(service) == before
    finally:
        service.close()
