"""The encrypted store at the core's level: keys, clear refusals, re-encryption and its crash recovery."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.check import check_store
from remembrancer.memory.consolidation import consolidate
from remembrancer.memory.store.backup import list_backups
from remembrancer.memory.store.database import DB_FILENAME, connect
from remembrancer.memory.store.encryption import EncryptionHeader, ScryptCost, StoreKey, StoreLockedError, read_header, write_header
from remembrancer.memory.store.rekey import copy_with_key, finish_interrupted_swap, pending_copy
from tests.helpers import record, write_jsonl

MARKER = "zq7-marker-Quillfeather"
NOW = datetime(2024, 6, 1, tzinfo=timezone.utc)


def marked_chat(path: Path) -> Path:
    return write_jsonl(path, [
        record("m1", f"My email is {MARKER.lower()}@example.org and I love {MARKER} tea."),
        record("m2", f"{MARKER} is also the name of my cat.", speaker="Ben"),
        record("m3", "Shall we meet on Friday for lunch?"),
    ])


def files_with(root: Path, needle: str) -> list[Path]:
    data = needle.encode()
    return [p for p in root.rglob("*") if p.is_file() and data in p.read_bytes()]


@pytest.fixture
def key() -> StoreKey:
    return StoreKey.generate()


def test_an_encrypted_store_holds_no_plaintext_and_opens_only_with_its_key(tmp_path: Path, data_dir: Path, key: StoreKey) -> None:
    with Memory(data_dir, "fake", key=key) as mem:
        mem.import_path(marked_chat(tmp_path / "chat.jsonl"), now=NOW)
        assert mem.recall(MARKER, k=3, now=NOW)
    assert files_with(data_dir, MARKER) == []
    assert files_with(data_dir, MARKER.lower()) == []

    with Memory(data_dir, "fake", key=key) as mem:
        assert mem.stats().levels["message"] == 3
    with pytest.raises(StoreLockedError, match="encrypted and no key"):
        Memory(data_dir, "fake")
    with pytest.raises(StoreLockedError, match="cannot be opened with this key"):
        Memory(data_dir, "fake", key=StoreKey.generate())


def test_a_plaintext_store_opened_with_a_key_says_how_to_encrypt_it(data_dir: Path, key: StoreKey) -> None:
    Memory(data_dir, "fake").close()
    with pytest.raises(StoreLockedError, match="remembrancer encrypt"):
        Memory(data_dir, "fake", key=key)


def test_backups_are_encrypted_with_the_store_key_and_checked(tmp_path: Path, data_dir: Path, key: StoreKey) -> None:
    with Memory(data_dir, "fake", key=key) as mem:
        mem.import_path(marked_chat(tmp_path / "chat.jsonl"), now=NOW)
        consolidate(mem, NOW, backups_kept=2)
    backups = list_backups(data_dir / "backups")
    assert len(backups) == 1
    assert files_with(data_dir / "backups", MARKER) == []
    connect(backups[0], key).close()
    report = check_store(data_dir, key)
    assert report.ok, report.problems
    assert "backups" in report.checks_run


def test_check_reports_a_backup_the_key_cannot_open(tmp_path: Path, data_dir: Path, key: StoreKey) -> None:
    with Memory(data_dir, "fake", key=key) as mem:
        mem.import_path(marked_chat(tmp_path / "chat.jsonl"), now=NOW)
        consolidate(mem, NOW, backups_kept=2)
    backup = list_backups(data_dir / "backups")[0]
    copy_with_key(backup, key, backup.with_name("other.tmp"), StoreKey.generate())
    backup.with_name("other.tmp").replace(backup)
    report = check_store(data_dir, key)
    assert [p.check for p in report.problems] == ["backups"]
    assert "do not open with the store's key" in report.problems[0].message


def test_copy_with_key_moves_every_row_and_index(tmp_path: Path, data_dir: Path, key: StoreKey) -> None:
    with Memory(data_dir, "fake") as mem:
        mem.import_path(marked_chat(tmp_path / "chat.jsonl"), now=NOW)
    db = data_dir / DB_FILENAME
    rows = copy_with_key(db, None, tmp_path / "copy.sqlite3", key)
    assert rows["messages"] == 3 and rows["facts"] > 0
    assert MARKER.encode() not in (tmp_path / "copy.sqlite3").read_bytes()
    conn = connect(tmp_path / "copy.sqlite3", key)
    try:
        assert conn.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?", ["Quillfeather"]).fetchone()[0] == 2
    finally:
        conn.close()


def test_an_interrupted_rekey_finishes_when_the_header_names_the_new_key(tmp_path: Path, data_dir: Path, key: StoreKey) -> None:
    with Memory(data_dir, "fake", key=key) as mem:
        mem.import_path(marked_chat(tmp_path / "chat.jsonl"), now=NOW)
    db = data_dir / DB_FILENAME
    new = StoreKey.generate()
    copy_with_key(db, key, pending_copy(db), new)  # then "crash" right after the header would have been written
    assert finish_interrupted_swap(db, new) is True
    assert not pending_copy(db).exists()
    with Memory(data_dir, "fake", key=new) as mem:
        assert mem.stats().levels["message"] == 3


def test_an_interrupted_rekey_is_dropped_when_the_header_still_names_the_old_key(tmp_path: Path, data_dir: Path, key: StoreKey) -> None:
    with Memory(data_dir, "fake", key=key) as mem:
        mem.import_path(marked_chat(tmp_path / "chat.jsonl"), now=NOW)
    db = data_dir / DB_FILENAME
    copy_with_key(db, key, pending_copy(db), StoreKey.generate())
    with Memory(data_dir, "fake", key=key) as mem:  # opening cleans up
        assert mem.stats().levels["message"] == 3
    assert not pending_copy(db).exists()


def test_the_key_never_shows_in_its_repr() -> None:
    key = StoreKey.generate()
    assert key.hex() not in repr(key) and "hidden" in repr(key)
    with pytest.raises(ValueError):
        StoreKey(b"short")


def test_passphrase_keys_depend_on_passphrase_and_salt() -> None:
    cheap = ScryptCost(n=2**10)
    a = EncryptionHeader.for_passphrase(cost=cheap)
    b = EncryptionHeader.for_passphrase(cost=cheap)
    assert a.key_from_passphrase("correct horse") == a.key_from_passphrase("correct horse")
    assert a.key_from_passphrase("correct horse") != a.key_from_passphrase("correct horsf")
    assert a.key_from_passphrase("correct horse") != b.key_from_passphrase("correct horse")


def test_the_header_round_trips_and_a_damaged_one_is_a_clear_error(data_dir: Path) -> None:
    header = EncryptionHeader.for_keyring()
    write_header(data_dir, header)
    assert read_header(data_dir) == header
    assert read_header(data_dir).generation == 1  # type: ignore[union-attr]
    (data_dir / "encryption.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreLockedError, match="encryption header is damaged"):
        read_header(data_dir)
    (data_dir / "encryption.json").write_text('{"format": 9, "cipher": "rot13"}', encoding="utf-8")
    with pytest.raises(StoreLockedError, match="unknown encryption format"):
        read_header(data_dir)
