"""Non-modal yes/no questions the app puts to the person about who may use their memory.

A browser asking to pair (`ui/pairing.py`) and an AI tool asking to read
(`ui/ai_tools.py`) arrive while the app serves a request: the box must not
block that reply, must not be asked twice while it is open, and acts only
on an explicit yes. One helper, so both questions behave the same way.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


class OpenQuestions:
    """At most one open question per key; `on_yes` runs when the person answers yes, nothing otherwise."""

    def __init__(self, parent_widget: QWidget):
        self.parent_widget = parent_widget
        self.boxes: dict[str, QMessageBox] = {}

    def ask(self, key: str, title: str, html_text: str, yes: str, no: str, on_yes: Callable[[], None]) -> None:
        if not key or key in self.boxes:
            return
        box = QMessageBox(QMessageBox.Icon.Question, title, "", QMessageBox.StandardButton.NoButton, self.parent_widget)
        box.setText(html_text)
        box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setModal(False)
        box.finished.connect(lambda _result, k=key: self._answered(k, on_yes))
        self.boxes[key] = box
        box.show()

    def _answered(self, key: str, on_yes: Callable[[], None]) -> None:
        box = self.boxes.pop(key)
        if box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole:
            on_yes()
