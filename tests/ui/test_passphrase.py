"""The GUI asks for the passphrase only when the keyring cannot keep the key, and refuses to start without one."""
from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from remembrancer.app.context import AppContext
from remembrancer.ui import main as ui_main
from remembrancer.ui.passphrase import ask_passphrase


def answers(monkeypatch: pytest.MonkeyPatch, *replies: tuple[str, bool]) -> list[str]:
    asked: list[str] = []
    queue = list(replies)

    def get_text(parent, title, label, echo):  # type: ignore[no-untyped-def]
        assert echo == QLineEdit.EchoMode.Password  # never shown on screen
        asked.append(label)
        return queue.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: None))
    return asked


def test_a_new_passphrase_is_typed_twice_until_both_agree(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    asked = answers(monkeypatch, ("one", True), ("two", True), ("three", True), ("three", True))
    assert ask_passphrase("Choose one", confirm=True) == "three"
    assert len(asked) == 4


def test_cancel_gives_no_passphrase(qapp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    answers(monkeypatch, ("", False))
    assert ask_passphrase("Passphrase:", confirm=False) is None


def test_without_keyring_and_without_a_passphrase_the_app_does_not_start(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    shown: list[str] = []
    try:
        answers(monkeypatch, ("", False))  # the user cancels the dialog
        monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: shown.append(text)))
        data_dir = tmp_path / "data"
        assert ui_main.run_gui(AppContext(data_dir)) == 2
    finally:
        keyring.set_keyring(previous)
    assert shown and "no passphrase was given" in shown[0]
    assert not (data_dir / "memory.sqlite3").exists()
