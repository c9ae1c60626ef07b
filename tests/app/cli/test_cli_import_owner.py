"""`remembrancer import --me NAME`: the person's messages get role user for one run (invented people)."""
from __future__ import annotations

from pathlib import Path

from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from tests.app.cli.conftest import Run
from tests.app.test_import_options import CHAT


def roles(data_dir: Path) -> list[tuple[str, str]]:
    service = MemoryService(AppContext(data_dir))
    try:
        return sorted((m.speaker, m.role) for m in service.messages())
    finally:
        service.close()


def test_cli_import_me(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    chat = tmp_path / "WhatsApp Chat with Ana Lima.txt"
    chat.write_text(CHAT, encoding="utf-8")
    empty = cli("import", chat, "--me", "")
    assert empty.code == 2 and "--me" in empty.err
    first = cli("import", chat, "--me", "Bo Chen", "--me", "ANA LIMA", "--json")
    assert first.code == 0, first.err
    assert first.json()["messages_added"] == 2
    assert roles(data_dir) == [("Ana Lima", "user"), ("Me", "other")]  # "Me" is a participant's name here, not the person
    again = cli("import", chat, "--me", "Ana Lima", "--json")
    assert (again.json()["messages_added"], again.json()["messages_skipped"]) == (0, 2)


def test_cli_import_without_names_changes_nothing(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    chat = tmp_path / "WhatsApp Chat with Ana Lima.txt"
    chat.write_text(CHAT, encoding="utf-8")
    assert cli("import", chat).code == 0
    assert roles(data_dir) == [("Ana Lima", "other"), ("Me", "other")]
