"""`remembrancer sources add|list|remove|pause|resume`: the rows, the first import, exit codes."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import record, write_jsonl
from tests.memory.source_helpers import write_note


def vault_at(tmp_path: Path) -> Path:
    folder = (tmp_path / "vault").resolve()
    write_note(folder / "garden.md", "Odile's tomatoes turned red in May.", "Wren planted basil by the shed.")
    write_note(folder / "Journal" / "trip.md", "We hiked to the Tre Cime hut.", heading="Trip")
    return folder


def test_add_imports_the_folder_prints_the_import_summary_and_lists_it(cli: Run, tmp_path: Path) -> None:
    vault = vault_at(tmp_path)
    added = cli("sources", "add", vault)
    assert added.code == 0, added.err
    assert added.out.startswith("Imported 2 file(s): 3 messages added, 0 skipped (already stored);")
    assert f"Watching {vault} (format auto)." in added.out

    listed = cli("sources", "list")
    assert listed.code == 0
    assert f"{vault}  [auto, folder, watched]" in listed.out and ": 2 file(s), 3 added, 0 updated, 0 archived" in listed.out
    rows = cli("sources", "list", "--json").json()
    assert [(r["path"], r["format"], r["folder"], r["paused"], r["files"], r["added"], r["last_error"]) for r in rows] == \
        [(str(vault), "auto", True, False, 2, 3, None)]
    assert cli("stats", "--json").json()["levels"]["message"] == 3


def test_add_with_a_format_and_json(cli: Run, tmp_path: Path) -> None:
    chat = write_jsonl(tmp_path / "chat.log", [record("c1", "Bram bought a red kayak.")])
    result = cli("sources", "add", chat, "--format", "jsonl", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["source"]["path"] == str(chat.resolve()) and data["source"]["format"] == "jsonl" and data["source"]["folder"] is False
    assert data["import"]["messages_added"] == 1


def test_bad_paths_and_formats_exit_2_and_watch_nothing(cli: Run, tmp_path: Path) -> None:
    missing = cli("sources", "add", tmp_path / "nowhere")
    assert missing.code == 2 and missing.err == f"remembrancer: {(tmp_path / 'nowhere').resolve()}: no such file or folder\n"
    odd = tmp_path / "scan.bin"
    odd.write_bytes(b"\x00\x01\x02")
    unknown = cli("sources", "add", odd)
    assert unknown.code == 2 and "cannot tell the format; pass --format" in unknown.err
    with pytest.raises(SystemExit) as usage:  # argparse names the choices
        cli("sources", "add", tmp_path, "--format", "fax")
    assert usage.value.code == 2
    bad = write_jsonl(tmp_path / "bad" / "chat.jsonl", ['{"conversation": "c", "id": "x", "time": "2024-01-01T00:00:00"'])
    broken = cli("sources", "add", bad.parent)
    assert broken.code == 2 and f"{bad}:1" in broken.err
    assert cli("sources", "list", "--json").json() == []
    assert cli("sources", "list").out == "No watched sources. `remembrancer sources add PATH` adds one.\n"


def test_adding_twice_or_inside_a_watched_folder_exits_2(cli: Run, tmp_path: Path) -> None:
    vault = vault_at(tmp_path)
    assert cli("sources", "add", vault).code == 0
    again = cli("sources", "add", vault)
    assert again.code == 2 and "already watched" in again.err
    inside = cli("sources", "add", vault / "Journal")
    assert inside.code == 2 and "overlaps the watched source" in inside.err


def test_pause_resume_and_remove_keep_the_memories(cli: Run, tmp_path: Path) -> None:
    vault = vault_at(tmp_path)
    assert cli("sources", "add", vault).code == 0
    paused = cli("sources", "pause", vault)
    assert paused.code == 0 and paused.out.startswith(f"Paused {vault}:")
    assert cli("sources", "list", "--json").json()[0]["paused"] is True
    assert "[auto, folder, paused]" in cli("sources", "list").out
    resumed = cli("sources", "resume", vault)
    assert resumed.code == 0 and cli("sources", "list", "--json").json()[0]["paused"] is False

    removed = cli("sources", "remove", vault)
    assert removed.code == 0 and removed.out == f"Stopped watching {vault}; the memories imported from it stay.\n"
    assert cli("sources", "list", "--json").json() == []
    stats = cli("stats", "--json").json()
    assert stats["levels"]["message"] == 3 and stats["archived"].get("message", 0) == 0

    gone = cli("sources", "remove", vault)
    assert gone.code == 2 and "not a watched source" in gone.err
    assert cli("sources", "pause", tmp_path / "elsewhere").code == 2


def test_a_relative_path_is_kept_absolute(cli: Run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    vault = vault_at(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("sources", "add", "vault").code == 0
    assert cli("sources", "list", "--json").json()[0]["path"] == str(vault)
    assert cli("sources", "remove", "./vault/").code == 0
