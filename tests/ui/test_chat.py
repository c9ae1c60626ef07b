"""The chat tab: a streamed answer with citations, citations open the memory, the exchange is remembered."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from remembrancer.app.service import Answer, Citation, MemoryService
from remembrancer.memory.extraction.owner import UNKNOWN_OWNER
from remembrancer.ui.main_window import MainWindow

TIMEOUT = 10_000


class StreamingAsk:
    """A stand-in for `MemoryService.ask`: streams fixed pieces, pausing after the first until released."""

    def __init__(self, service: MemoryService, pieces: list[str]):
        self.service = service
        self.pieces = pieces
        self.release = threading.Event()
        self.threads: set[int] = set()

    def __call__(self, question: str, quick: bool = False, on_token=None, cancel: threading.Event | None = None) -> Answer:  # type: ignore[no-untyped-def]
        self.threads.add(threading.get_ident())
        items = self.service.recall(question, k=3)
        for number, piece in enumerate(self.pieces):
            if cancel is not None and cancel.is_set():
                return Answer(question, "".join(self.pieces[:number]), degraded=True, note="cancelled")
            on_token(piece)
            if number == 0:
                assert self.release.wait(TIMEOUT / 1000), "the test never released the answer"
        return Answer(question, "".join(self.pieces), [Citation(i.id, i.text, list(i.sources)) for i in items], model="fake")


@pytest.fixture
def imported(qtbot, window: MainWindow, messages_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT):
        window.start_import(messages_file)
    return window


def test_answer_streams_in_and_shows_its_citations(qtbot, imported: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = imported
    fake = StreamingAsk(window.service, ["Wren moved ", "to Berlin ", "last spring."])
    monkeypatch.setattr(window.service, "ask", fake)
    chat = window.chat
    qtbot.keyClicks(chat.input, "Where did Wren move?")
    chat.send()
    # The first piece is on screen while the worker still holds the rest: it streamed.
    qtbot.waitUntil(lambda: "Wren moved" in chat.transcript.toPlainText(), timeout=TIMEOUT)
    assert "to Berlin" not in chat.transcript.toPlainText()
    assert chat.stop_button.isEnabled() and not chat.input.isEnabled()
    with qtbot.waitSignal(chat.answered, timeout=TIMEOUT) as blocker:
        fake.release.set()
    answer = blocker.args[0]
    assert answer.answer == "Wren moved to Berlin last spring."
    assert threading.get_ident() not in fake.threads  # generated off the GUI thread
    html = chat.transcript.toHtml()
    assert answer.citations and all(f"cite:{c.id}" in html for c in answer.citations)
    assert "Memories this answer rests on" in chat.transcript.toPlainText()
    assert chat.input.isEnabled() and not chat.stop_button.isEnabled()


def test_citation_click_opens_the_memory_with_its_sources(qtbot, imported: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = imported
    with qtbot.waitSignal(window.browser.panel.loaded, timeout=TIMEOUT) as blocker:
        window.chat._anchor_clicked(QUrl("cite:m-2"))
    detail = blocker.args[0]
    assert detail.id == "m-2" and detail.sources == ["m-2"]
    assert window.tabs.currentWidget() is window.browser
    text = window.browser.detail.toPlainText()
    assert "Why do I know this?" in text and "I moved to Berlin last spring" in text


def test_the_conversation_is_stored_as_chat_memory(qtbot, imported: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = imported
    fake = StreamingAsk(window.service, ["Noted."])
    fake.release.set()
    monkeypatch.setattr(window.service, "ask", fake)
    window.chat.input.setText("I moved to Lisbon last year.")
    with qtbot.waitSignal(window.chat.recorded, timeout=TIMEOUT) as blocker:
        window.chat.send()
    assert blocker.args[0].messages_added == 2
    stored = {(m.conversation, m.role, m.text) for m in window.service.messages()}
    assert ("assistant-chat", "user", "I moved to Lisbon last year.") in stored
    assert ("assistant-chat", "assistant", "Noted.") in stored
    # The user's own turns are about the owner: their name when set, else "the user" (never the label "me").
    name = window.service.settings.user_name
    owner = UNKNOWN_OWNER if name.strip().lower() in ("", "me") else name
    assert any(f.subject == owner and "Lisbon" in f.text for f in window.service.facts())


def test_stop_cancels_the_generation(qtbot, imported: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = imported
    fake = StreamingAsk(window.service, ["One ", "two ", "three."])
    monkeypatch.setattr(window.service, "ask", fake)
    window.chat.input.setText("Count for me")
    window.chat.send()
    qtbot.waitUntil(lambda: "One" in window.chat.transcript.toPlainText(), timeout=TIMEOUT)
    with qtbot.waitSignal(window.chat.answered, timeout=TIMEOUT) as blocker:
        window.chat.stop_button.click()
        fake.release.set()
    assert blocker.args[0].answer == "One " and blocker.args[0].note == "cancelled"


def test_without_ask_the_chat_says_no_model_and_still_cites(qtbot, imported: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = imported
    monkeypatch.setattr(window.service, "ask", None)
    assert not window.chat.has_model
    window.chat.input.setText("Where did Wren move?")
    with qtbot.waitSignal(window.chat.answered, timeout=TIMEOUT) as blocker:
        window.chat.send()
    answer = blocker.args[0]
    assert answer.degraded and answer.citations
    assert "No language model is available" in window.chat.transcript.toPlainText()


class DraftThenModel:
    """A stand-in for `MemoryService.ask` with `on_draft`: the read answer at once, the model's only when released."""

    def __init__(self, service: MemoryService):
        self.service = service
        self.release = threading.Event()

    def __call__(self, question: str, quick: bool = False, on_token=None, cancel=None, on_draft=None) -> Answer:  # type: ignore[no-untyped-def]
        items = self.service.recall(question, k=3)
        citations = [Citation(i.id, i.text, list(i.sources)) for i in items]
        on_draft(Answer(question, "Berlin", citations[:1], note="read"))
        on_token("Wren went ")  # a model's half-sentence must not cover the draft
        assert self.release.wait(TIMEOUT / 1000), "the test never released the answer"
        return Answer(question, "Wren moved to Berlin.", citations[:1], model="fake")


def test_the_answer_read_from_memory_shows_before_the_model_is_done(qtbot, imported: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = imported
    fake = DraftThenModel(window.service)
    monkeypatch.setattr(window.service, "ask", fake)
    chat = window.chat
    qtbot.keyClicks(chat.input, "Where did Wren move?")
    chat.send()
    qtbot.waitUntil(lambda: "Berlin" in chat.transcript.toPlainText(), timeout=TIMEOUT)
    shown = chat.transcript.toPlainText()
    assert "Memories this answer rests on" in shown and "Wren went" not in shown and "still checking" in shown
    with qtbot.waitSignal(chat.answered, timeout=TIMEOUT):
        fake.release.set()
    assert "Wren moved to Berlin." in chat.transcript.toPlainText() and "still checking" not in chat.transcript.toPlainText()
