"""Asking for the store's passphrase in the GUI (only when the OS keyring cannot keep its key)."""
from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget


def ask_passphrase(message: str, confirm: bool, parent: QWidget | None = None) -> str | None:
    """The passphrase, typed twice when it is new; None when the user cancels."""
    while True:
        first, ok = QInputDialog.getText(parent, "Remembrancer", message, QLineEdit.EchoMode.Password)
        if not ok or not first:
            return None
        if not confirm:
            return first
        again, ok = QInputDialog.getText(parent, "Remembrancer", "Type the passphrase again:", QLineEdit.EchoMode.Password)
        if not ok:
            return None
        if again == first:
            return first
        QMessageBox.warning(parent, "Remembrancer", "The two passphrases differ. Try again.")


def show_locked(reason: str, parent: QWidget | None = None) -> None:
    """Why the store cannot be opened: the app has nothing to show without it."""
    QMessageBox.critical(parent, "Remembrancer cannot open your memories", reason)
