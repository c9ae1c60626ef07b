"""Asking the user to approve a browser that wants to pair with the app.

The browser host files a pending pairing and tells the running app
(`browser.pair` over the local socket); the app asks here, without blocking
the reply: the box is non-modal, and the approval is written through the
service on the worker. The code shown is the one the extension displays, so
the user can check they match before approving.
"""
from __future__ import annotations

import html
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from remembrancer.app.service import USER_ERRORS, MemoryService
from remembrancer.ui.consent_box import OpenQuestions
from remembrancer.ui.workers import TaskRunner

logger = logging.getLogger(__name__)


class PairingPrompt(QObject):
    approved = Signal(str)  # the code
    failed = Signal(str)

    def __init__(self, service: MemoryService, runner: TaskRunner, parent_widget: QWidget):
        super().__init__(parent_widget)
        self.service = service
        self.runner = runner
        self.parent_widget = parent_widget
        self.questions = OpenQuestions(parent_widget)

    @property
    def boxes(self) -> dict[str, QMessageBox]:
        """The open questions, by code."""
        return self.questions.boxes

    def ask(self, request: dict[str, Any]) -> None:
        code = request.get("code", "")
        text = (
            f"<p><b>{html.escape(request.get('browser') or 'A browser')}</b> asks to use your memory for form filling on "
            f"<b>{html.escape(request.get('origin', ''))}</b>.</p><p>Approve only if the extension shows the code "
            f"<b style='font-size:large'>{html.escape(code)}</b>.</p>"
        )
        self.questions.ask(code, "Pair a browser?", text, "Approve", "Ignore", lambda c=code: self.approve(c))

    def approve(self, code: str) -> None:
        self.runner.submit(
            self.service.approve_browser_pairing, code,
            on_returned=lambda _pairing: self.approved.emit(code), on_errored=lambda error: self.failed.emit(error.message), user_errors=USER_ERRORS,
        )
