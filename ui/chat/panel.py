"""The chat panel: a question box, the conversation, a Stop button.

`MemoryService.ask(question, quick=False, on_token=None, cancel=None)` runs on
the store's worker (it recalls, then generates); its `on_token` pieces come
back as queued `yielded` signals and are drawn at most every `REDRAW_MS`, so
a fast model cannot flood the GUI thread. Stop sets the `threading.Event` the
core checks between tokens. When the answer is done, the exchange is stored as
chat memory (`record_chat`), also on the worker: what the user tells the
assistant becomes facts like any imported chat.
"""
from __future__ import annotations

import logging
import inspect
import threading
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from remembrancer.app.service import USER_ERRORS, Answer, Citation, MemoryService
from remembrancer.ui.chat.render import CITE_SCHEME, Turn, conversation_html
from remembrancer.ui.workers import TaskError, TaskRunner

logger = logging.getLogger(__name__)

REDRAW_MS = 40
NO_MODEL = "No language model is available in this build, so answers cannot be written yet; the memories below are what recall found."


def _accepts(fn: Any, name: str) -> bool:
    """Whether `fn` takes the keyword `name` (a stand-in service may not)."""
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _ask_without_model(service: MemoryService, question: str) -> dict[str, Any]:
    """Recall only, for a build whose service has no `ask` yet."""
    return {"items": service.recall(question, k=5)}


def _origins_of(service: MemoryService, index: int, ids: list[str]) -> tuple[int, dict[str, str]]:
    """(turn index, citation id -> "you said on ...: “...”"); runs on the store worker."""
    return index, service.source_lines_by_id(ids)


class ChatPanel(QWidget):
    """Ask, stream, cite; every store call goes through the shared `TaskRunner`."""

    answered = Signal(object)  # memory.types.Answer (or a recall-only stand-in)
    citation_activated = Signal(str)  # a memory id
    recorded = Signal(object)  # ImportSummary of the stored exchange
    failed = Signal(str)
    origins_shown = Signal(int)  # the turn whose citations now say where they come from
    drafted = Signal(object)  # the answer read from the memories, shown while the model writes (from the worker thread)

    def __init__(self, service: MemoryService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.turns: list[Turn] = []
        self._cancel: threading.Event | None = None
        self._redraw = QTimer(self, singleShot=True, interval=REDRAW_MS, timeout=self._render)
        self.drafted.connect(self._draft)  # emitted on the worker's thread, handled on this one (queued)

        self.transcript = QTextBrowser(objectName="chat-transcript")
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._anchor_clicked)
        self.input = QLineEdit(placeholderText="Ask about your memories, or tell me something to remember — then Enter")
        self.input.setClearButtonEnabled(True)
        self.input.returnPressed.connect(self.send)
        self.send_button = QPushButton("Ask", clicked=self.send)
        self.stop_button = QPushButton("Stop", clicked=self.stop, enabled=False)

        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send_button)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.transcript, 1)
        layout.addLayout(row)
        self._render()

    @property
    def has_model(self) -> bool:
        return callable(getattr(self.service, "ask", None))

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt name
        super().setEnabled(enabled)
        if enabled:
            self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.input.setEnabled(not self.busy)
        self.send_button.setEnabled(not self.busy)
        self.stop_button.setEnabled(self.busy)

    # -- asking ----------------------------------------------------------------
    @Slot()
    def send(self) -> None:
        question = self.input.text().strip()
        if not question or self.busy:
            return
        self.input.clear()
        self.turns.append(Turn(question))
        self._cancel = threading.Event()
        self._sync_buttons()
        self._render()
        if self.has_model:
            drafts = {"on_draft": self.drafted.emit} if _accepts(self.service.ask, "on_draft") else {}
            self.runner.submit(
                self.service.ask, question, cancel=self._cancel, **drafts,
                on_yielded=self._token, on_returned=self._answered, on_errored=self._failed, user_errors=USER_ERRORS,
            )
        else:
            self.runner.submit(_ask_without_model, self.service, question, on_returned=self._recalled_only, on_errored=self._failed)

    @Slot()
    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.stop_button.setEnabled(False)

    @Slot(object)
    def _draft(self, answer: Any) -> None:
        """The answer read from the memories, at once; the model's words replace it only when it is done and grounded."""
        turn = self.turns[-1] if self.turns else None
        if turn is None or turn.done or not getattr(answer, "citations", None):
            return
        turn.answer, turn.citations, turn.drafted = answer.answer, list(answer.citations), True
        turn.note = "Read from your memories; the model is still checking it."
        self._render()

    @Slot(object)
    def _token(self, piece: object) -> None:
        if self.turns and self.turns[-1].drafted:
            return  # a cited draft stays on screen until the final answer: a model's half-sentence never covers it
        if self.turns and not self.turns[-1].done:
            self.turns[-1].answer += str(piece)
            if not self._redraw.isActive():
                self._redraw.start()

    @Slot(object)
    def _answered(self, answer: Any) -> None:
        turn = self.turns[-1]
        turn.answer, turn.citations, turn.note, turn.done = answer.answer, list(answer.citations), answer.note, True
        turn.degraded = bool(getattr(answer, "degraded", False))
        self._finish()
        self.answered.emit(answer)
        if callable(getattr(self.service, "source_lines_by_id", None)) and turn.citations:
            # Where each citation comes from, as a sentence and a day; drawn when it arrives.
            self.runner.submit(_origins_of, self.service, len(self.turns) - 1, [c.id for c in turn.citations],
                               on_returned=self._origins, on_errored=self._record_failed)

    @Slot(object)
    def _recalled_only(self, result: dict[str, Any]) -> None:
        items = result["items"]
        answer = Answer(self.turns[-1].question, "", [Citation(i.id, i.text, list(i.sources)) for i in items], degraded=True, note=NO_MODEL)
        self._answered(answer)

    @Slot(object)
    def _failed(self, error: TaskError) -> None:
        message = error.message
        turn = self.turns[-1]
        turn.done, turn.failed, turn.note = True, True, f"Could not answer: {message}"
        self._cancel = None
        self._sync_buttons()
        self._render()
        self.failed.emit(message)

    def _finish(self) -> None:
        turn = self.turns[-1]
        self._cancel = None
        self._sync_buttons()
        self._render()
        self.input.setFocus()
        # A degraded answer is only a listing of memories, not something the assistant said.
        exchange = [("user", turn.question)] + ([("assistant", turn.answer)] if turn.answer and not turn.degraded else [])
        self.runner.submit(self.service.record_chat, exchange, on_returned=self.recorded.emit, on_errored=self._record_failed)

    @Slot(object)
    def _origins(self, result: tuple[int, dict[str, str]]) -> None:
        index, origins = result
        if index < len(self.turns):
            self.turns[index].origins = dict(origins)
            self._render()
            self.origins_shown.emit(index)

    @Slot(object)
    def _record_failed(self, error: TaskError) -> None:
        message = error.message
        logger.warning("the chat exchange was not stored: %s", message)

    # -- drawing and links -----------------------------------------------------------
    @Slot()
    def _render(self) -> None:
        bar = self.transcript.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        self.transcript.setHtml(conversation_html(self.turns, self.service.settings.user_name))
        if at_bottom:
            bar.setValue(bar.maximum())

    @Slot(QUrl)
    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == CITE_SCHEME:
            self.citation_activated.emit(url.path())
