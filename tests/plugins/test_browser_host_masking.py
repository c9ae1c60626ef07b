"""The browser host's replies never carry a planted secret, from the real engine or a greedy one."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from remembrancer.app.browser_host import BrowserHost, Relay, local_dispatcher, serve
from remembrancer.app.browser_pairing import Pairings
from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from tests.planted_secrets import IBAN, MAIDEN, PASSWORD, PIN, RECORDS, leaked, write_planted
from tests.plugins.host_helpers import KEY, ORIGIN, frame, make_host, pair, replies

FORM = [
    {"id": "given", "autocomplete": "given-name", "label": "First name"},
    {"id": "city", "label": "City"},
    {"id": "about", "label": "Tell us about yourself", "type": "textarea"},
    {"id": "notes", "label": "Notes"},
    {"id": "bank", "label": "Bank details"},
    {"id": "question", "label": "Mother's maiden name"},
]
# Values a plugin or a confused engine could propose for ordinary-looking fields.
OFFERED = {
    "given": "Orla", "city": "Ghent", "about": RECORDS[2]["text"], "notes": f"Wi-Fi {PASSWORD}, PIN {PIN}",
    "bank": IBAN, "question": MAIDEN,
}


def _autofill(request_id: int = 1) -> bytes:
    return frame({"id": request_id, "type": "autofill", "key": KEY, "site": "https://shop.example/checkout", "fields": FORM})


def _answer(host: BrowserHost) -> tuple[dict, bytes]:
    out = io.BytesIO()
    assert serve(io.BytesIO(_autofill()), out, host) == 0
    return replies(out.getvalue())[0], out.getvalue()


@pytest.fixture
def planted_store(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")  # free-text fields go to the (fake) model, which copies memories
    service = MemoryService(AppContext(data_dir))
    service.import_path(write_planted(tmp_path / "planted.jsonl"))
    service.close()
    pair(data_dir)
    return data_dir


def test_the_real_engine_over_a_planted_store_sends_no_secret(planted_store: Path) -> None:
    host = BrowserHost(ORIGIN, Pairings(planted_store), Relay(planted_store, lambda: local_dispatcher(planted_store)))
    reply, raw = _answer(host)
    assert reply["ok"], reply
    assert leaked(raw.decode("utf-8", errors="replace")) == []
    values = {s["field"]: s["value"] for s in reply["suggestions"]}
    assert values["given"] == "Orla" and values["city"] == "Ghent"  # the engine did answer from the store
    assert values["bank"] is None and values["question"] is None


def test_secrets_a_greedy_engine_offers_are_dropped(data_dir: Path) -> None:
    def greedy(fields: list[FormField], person: str | None) -> list[FieldSuggestion]:
        return [FieldSuggestion(field=f.key, value=OFFERED[f.key], confidence=0.9, sources=["o-3"]) for f in fields]

    pair(data_dir)
    reply, raw = _answer(make_host(data_dir, engine=greedy))
    values = {s["field"]: s["value"] for s in reply["suggestions"]}
    assert leaked(raw.decode("utf-8", errors="replace")) == []  # the frames' length headers are not text
    assert values["given"] == "Orla" and values["city"] == "Ghent"  # ordinary values still fill
    assert values["about"] is None and values["notes"] is None and values["bank"] is None and values["question"] is None
