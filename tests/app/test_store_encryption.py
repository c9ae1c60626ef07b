"""Encryption at rest through the app: where the key comes from, and no plaintext anywhere in the data dir."""
from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from remembrancer.app.cli.main import main
from remembrancer.app.rekeying import NEW_PASSPHRASE_ENV
from remembrancer.app.store_key import NO_KEY_SOURCE, PASSPHRASE_ENV, unlock_store
from remembrancer.memory.store.backup import list_backups
from remembrancer.memory.store.database import DB_FILENAME, connect
from remembrancer.memory.store.encryption import StoreLockedError, read_header
from tests.file_keyring import FileKeyring
from tests.helpers import record, store_connection, write_jsonl

MARKER = "Xq9Marker-Brambleworth"
NOW = "2024-06-01T12:00:00Z"


def cli(data_dir: Path, *args: object, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(data_dir), "--now", NOW, *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def marked_chat(path: Path) -> Path:
    return write_jsonl(path, [
        record("m1", f"My email is {MARKER.lower()}@example.org and my dog is called {MARKER}."),
        record("m2", f"{MARKER} chewed the sofa again last night.", speaker="Ben"),
        record("m3", f"I work as a {MARKER} restorer at the museum."),
    ])


def plaintext_hits(root: Path) -> list[str]:
    """Every file under `root` holding the marker in any case, as UTF-8 or UTF-16."""
    needles = [form.encode(enc) for form in (MARKER, MARKER.lower(), MARKER.upper()) for enc in ("utf-8", "utf-16-le")]
    return [str(p.relative_to(root)) for p in sorted(root.rglob("*")) if p.is_file() and any(n in p.read_bytes() for n in needles)]


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_no_marker_in_plaintext_anywhere_in_the_data_dir(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"log_level": "DEBUG"}), encoding="utf-8")  # the chattiest log
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")
    chat = marked_chat(tmp_path / "chat.jsonl")
    assert cli(data_dir, "import", chat, capsys=capsys)[0] == 0
    code, out, _ = cli(data_dir, "recall", MARKER, "--json", capsys=capsys)
    assert code == 0 and MARKER in out  # it is stored and found...
    code, out, _ = cli(data_dir, "ask", f"What is {MARKER}?", "--json", capsys=capsys)
    assert code == 0 and MARKER in out
    assert cli(data_dir, "-v", "facts", "--json", capsys=capsys)[0] == 0
    assert cli(data_dir, "-v", "consolidate", capsys=capsys)[0] == 0  # writes a backup
    assert cli(data_dir, "check", capsys=capsys)[0] == 0
    assert cli(data_dir, "forget", "m3", capsys=capsys)[0] == 0
    # ...and every kind of file the app writes is there to be searched
    assert (data_dir / DB_FILENAME).exists() and list_backups(data_dir / "backups")
    assert any((data_dir / "vectors").rglob("*.lance")) and (data_dir / "logs" / "remembrancer.log").stat().st_size > 0
    assert plaintext_hits(data_dir) == []
    assert read_header(data_dir).key_source == "keyring"  # type: ignore[union-attr]


def test_a_new_store_keeps_a_random_key_in_the_keyring(data_dir: Path, test_keyring: FileKeyring) -> None:
    unlocked = unlock_store(data_dir)
    header = read_header(data_dir)
    assert header is not None and unlocked.key is not None
    assert test_keyring.entries() == {header.key_name: unlocked.key.hex()}
    assert "keyring" in unlocked.description
    assert unlock_store(data_dir).key == unlocked.key


def test_scripts_give_a_passphrase_and_a_wrong_one_changes_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, test_keyring: FileKeyring,
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "tiger lily 42")
    assert cli(data_dir, "import", marked_chat(tmp_path / "chat.jsonl"), capsys=capsys)[0] == 0
    assert read_header(data_dir).key_source == "passphrase"  # type: ignore[union-attr]
    assert test_keyring.entries() == {}  # an explicit passphrase keeps the key out of the keyring
    before = (data_dir / DB_FILENAME).read_bytes()

    monkeypatch.setenv(PASSPHRASE_ENV, "tiger lily 43")
    code, _, err = cli(data_dir, "import", write_jsonl(tmp_path / "more.jsonl", [record("x1", "more")]), capsys=capsys)
    assert code == 2 and "cannot be opened with this key: the passphrase or key is wrong" in err
    assert (data_dir / DB_FILENAME).read_bytes() == before

    monkeypatch.delenv(PASSPHRASE_ENV)
    code, _, err = cli(data_dir, "stats", capsys=capsys)
    assert code == 2 and PASSPHRASE_ENV in err


@pytest.mark.usefixtures("no_keyring")
def test_without_keyring_or_passphrase_nothing_is_stored_in_plaintext(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(data_dir, "import", marked_chat(tmp_path / "chat.jsonl"), capsys=capsys)
    assert code == 2 and NO_KEY_SOURCE[:40] in err
    assert not (data_dir / DB_FILENAME).exists() and read_header(data_dir) is None


@pytest.mark.usefixtures("no_keyring")
def test_without_keyring_the_user_is_asked_for_a_passphrase(data_dir: Path) -> None:
    asked: list[bool] = []

    def prompt(message: str, confirm: bool) -> str:
        asked.append(confirm)
        return "asked passphrase"

    key = unlock_store(data_dir, prompt=prompt).key
    assert asked == [True]  # a new passphrase is typed twice
    assert read_header(data_dir).key_source == "passphrase"  # type: ignore[union-attr]
    assert unlock_store(data_dir, prompt=prompt).key == key and asked == [True, False]
    with pytest.raises(StoreLockedError):
        unlock_store(data_dir, prompt=lambda m, c: None)


def test_plaintext_on_purpose_and_encrypt_later(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"encrypt_store": False}), encoding="utf-8")
    assert cli(data_dir, "import", marked_chat(tmp_path / "chat.jsonl"), capsys=capsys)[0] == 0
    assert cli(data_dir, "consolidate", capsys=capsys)[0] == 0
    assert "memory.sqlite3" in plaintext_hits(data_dir) and len(list_backups(data_dir / "backups")) == 1

    code, out, _ = cli(data_dir, "encrypt", "--json", capsys=capsys)
    assert code == 0, out
    report = json.loads(out)
    assert report["rows"]["messages"] == 3 and report["backups"] == 1 and report["key_source"] == "keyring"
    assert plaintext_hits(data_dir) == []
    code, out, _ = cli(data_dir, "recall", MARKER, "--json", capsys=capsys)
    assert code == 0 and MARKER in out
    assert cli(data_dir, "check", capsys=capsys)[0] == 0
    code, _, err = cli(data_dir, "encrypt", capsys=capsys)
    assert code == 2 and "already encrypted" in err


def test_an_encrypt_interrupted_after_the_header_finishes_on_the_next_open(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from remembrancer.app.secrets import Secrets
    from remembrancer.app.store_key import new_key
    from remembrancer.memory.store.encryption import write_header
    from remembrancer.memory.store.rekey import copy_with_key, pending_copy

    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"encrypt_store": False}), encoding="utf-8")
    assert cli(data_dir, "import", marked_chat(tmp_path / "chat.jsonl"), capsys=capsys)[0] == 0
    db = data_dir / DB_FILENAME
    header, key = new_key(data_dir, None, Secrets())
    copy_with_key(db, None, pending_copy(db), key)
    write_header(data_dir, header)  # killed here, before the swap
    code, out, _ = cli(data_dir, "stats", "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["levels"]["message"] == 3
    assert plaintext_hits(data_dir) == [] and not pending_copy(db).exists()


def test_rekey_rotates_the_keyring_key_and_reencrypts_backups(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], test_keyring: FileKeyring,
) -> None:
    assert cli(data_dir, "import", marked_chat(tmp_path / "chat.jsonl"), capsys=capsys)[0] == 0
    assert cli(data_dir, "consolidate", capsys=capsys)[0] == 0
    old_header, old_key = read_header(data_dir), unlock_store(data_dir).key
    assert cli(data_dir, "rekey", capsys=capsys)[0] == 0
    header, key = read_header(data_dir), unlock_store(data_dir).key
    assert header.store_id == old_header.store_id and header.generation == 2  # type: ignore[union-attr]
    assert key != old_key and list(test_keyring.entries()) == [header.key_name]  # type: ignore[union-attr]
    with pytest.raises(StoreLockedError):
        connect(data_dir / DB_FILENAME, old_key)
    for backup in list_backups(data_dir / "backups"):
        connect(backup, key).close()
    assert cli(data_dir, "check", capsys=capsys)[0] == 0
    assert plaintext_hits(data_dir) == []


def test_rekey_to_a_passphrase(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, test_keyring: FileKeyring,
) -> None:
    assert cli(data_dir, "import", marked_chat(tmp_path / "chat.jsonl"), capsys=capsys)[0] == 0
    code, _, err = cli(data_dir, "rekey", "--passphrase", capsys=capsys)
    assert code == 2 and NEW_PASSPHRASE_ENV in err  # no terminal to ask on, no variable: nothing changes
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, "a brand new passphrase")
    assert cli(data_dir, "rekey", "--passphrase", capsys=capsys)[0] == 0
    assert read_header(data_dir).key_source == "passphrase" and test_keyring.entries() == {}  # type: ignore[union-attr]
    monkeypatch.setenv(PASSPHRASE_ENV, "a brand new passphrase")
    with store_connection(data_dir) as conn:
        assert conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 3
