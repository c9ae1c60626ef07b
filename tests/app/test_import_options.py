"""The person's names for imports come from the settings, or `import --me` for one run (invented people)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.app.context import AppContext
from remembrancer.app.import_options import import_options, owner_names
from remembrancer.app.service import MemoryService
from remembrancer.app.settings import SETTINGS_FILE, Settings
from remembrancer.memory.errors import InputError

CHAT = """31/12/2023, 22:15 - Ana Lima: The ferry leaves at seven from pier four
31/12/2023, 22:16 - Me: I will bring the thermos
"""


def settings(tmp_path: Path, **values: object) -> Settings:
    (tmp_path / SETTINGS_FILE).write_text(json.dumps(values), encoding="utf-8")
    return Settings.load(tmp_path)


def test_names_come_from_user_name_once_set_and_the_aliases(tmp_path: Path) -> None:
    assert owner_names(Settings.load(tmp_path)) == ()  # the default "me" names nobody
    assert owner_names(settings(tmp_path, user_name="Me")) == ()
    assert owner_names(settings(tmp_path, user_name="Ana Lima")) == ("Ana Lima",)
    both = settings(tmp_path, user_name="Ana Lima", owner_aliases=["ana@example.org", "Ana Lima", " Ana L. "])
    assert owner_names(both) == ("Ana Lima", "ana@example.org", "Ana L.")
    assert owner_names(settings(tmp_path, owner_aliases="ana@example.org")) == ("ana@example.org",)  # one name, no list
    with pytest.raises(InputError, match="`owner_aliases` must be a list") as info:
        owner_names(settings(tmp_path, owner_aliases={"name": "Ana"}))
    assert info.value.path == str(tmp_path / SETTINGS_FILE)


def test_me_replaces_the_settings_for_one_import(tmp_path: Path) -> None:
    configured = settings(tmp_path, user_name="Ana Lima", owner_aliases=["ana@example.org"])
    assert import_options(configured, "dmy").owner_names == ("Ana Lima", "ana@example.org")
    assert import_options(configured, me=["Bo Chen"]).owner_names == ("Bo Chen",)
    assert import_options(configured, "dmy").date_order == "dmy"
    with pytest.raises(InputError, match="--me"):
        import_options(configured, me=[" "])


def test_the_apps_import_uses_the_settings(tmp_path: Path) -> None:
    chat = tmp_path / "WhatsApp Chat with Ana Lima.txt"
    chat.write_text(CHAT, encoding="utf-8")
    service = MemoryService(AppContext(tmp_path / "data"))
    try:
        service.update_settings(user_name="ana lima")
        service.import_path(chat)
        assert sorted((m.speaker, m.role) for m in service.messages()) == [("Ana Lima", "user"), ("Me", "other")]
    finally:
        service.close()


def test_a_watched_folder_uses_the_settings_too(tmp_path: Path) -> None:
    folder = tmp_path / "chats"
    folder.mkdir()
    (folder / "WhatsApp Chat with Ana Lima.txt").write_text(CHAT, encoding="utf-8")
    service = MemoryService(AppContext(tmp_path / "data"))
    try:
        service.update_settings(user_name="ana lima")
        service.add_source(folder)
        later = folder / "WhatsApp Chat with Bo Chen.txt"
        later.write_text("01/01/2024, 09:00 - Ana Lima: Happy new year, Bo\n01/01/2024, 09:05 - Bo Chen: And to you!\n", encoding="utf-8")
        service.sync_source(folder.resolve(), [later])
        roles = sorted((m.speaker, m.role) for m in service.messages())
        assert roles == [("Ana Lima", "user"), ("Ana Lima", "user"), ("Bo Chen", "other"), ("Me", "other")]
    finally:
        service.close()
