from __future__ import annotations

import json
from pathlib import Path

import pytest

from remembrancer.app.cli.main import main
from remembrancer.memory.core import Memory
from tests.app.cli.conftest import Run
from tests.helpers import CHAT, open_app_store, record, write_chat, write_jsonl


def test_broken_line_exits_2_naming_file_and_line_and_changes_nothing(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write_chat(tmp_path / "first.jsonl")).code == 0
    before = cli("stats", "--json").json()

    bad = write_jsonl(tmp_path / "broken.jsonl", [record("new-1", "fine"), "", record("new-2", "no time", time="soon")])
    result = cli("import", bad)
    assert result.code == 2
    assert f"{bad}:3: " in result.err and "`time` is not ISO 8601" in result.err
    assert result.out == ""
    after = cli("stats", "--json").json()
    assert after["levels"] == before["levels"] and after["vectors"] == before["vectors"] == len(CHAT)


def test_folder_with_one_bad_file_imports_nothing(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write_chat(folder / "good.jsonl")
    bad = write_jsonl(folder / "zz-bad.jsonl", ["not json at all"])
    result = cli("import", folder)
    assert result.code == 2 and f"{bad}:1: invalid JSON" in result.err
    assert cli("stats", "--json").json()["levels"]["message"] == 0


def test_missing_file_and_unknown_single_file_format(cli: Run, tmp_path: Path) -> None:
    result = cli("import", tmp_path / "missing.jsonl")
    assert result.code == 2 and "missing.jsonl: no such file or folder" in result.err
    csv = tmp_path / "data.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    result = cli("import", csv)
    assert result.code == 2 and f"{csv}: cannot tell the format" in result.err


def test_bad_now_exits_2_naming_the_option(cli: Run) -> None:
    result = cli("--now", "next tuesday", "stats")
    assert result.code == 2
    assert "--now" in result.err and "next tuesday" in result.err


def test_bad_now_from_the_environment_names_the_variable(cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMEMBRANCER_NOW", "yesterday")
    result = cli("stats")
    assert result.code == 2 and "REMEMBRANCER_NOW" in result.err


def test_now_from_the_environment_is_the_import_clock(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    monkeypatch.setenv("REMEMBRANCER_NOW", "2020-02-02T02:02:02+00:00")
    assert cli("import", write_chat(tmp_path / "c.jsonl")).code == 0
    with open_app_store(data_dir) as mem:
        assert {r[0] for r in mem.db.execute("SELECT learned_at FROM messages")} == {"2020-02-02T02:02:02+00:00"}


@pytest.mark.parametrize(
    "args, needle",
    [
        (["recall"], "give either QUERY or --queries-file FILE"),
        (["recall", "q", "--queries-file", "f.txt", "--json"], "give either QUERY or --queries-file FILE"),
        (["recall", "--queries-file", "f.txt"], "--queries-file: batch recall prints JSON; add --json"),
        (["recall", "--queries-file", "does-not-exist.txt", "--json"], "does-not-exist.txt: no such file"),
        (["recall", "hello", "--k", "0"], "--k: must be at least 1, not 0"),
    ],
)
def test_recall_usage_errors_exit_2(cli: Run, args: list[str], needle: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert needle in result.err and result.err.startswith("remembrancer: ")


def test_argparse_usage_errors_exit_2(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(data_dir), "import", "x.jsonl", "--format", "csv"])
    assert info.value.code == 2
    assert "--format" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["--data-dir", str(data_dir), "frobnicate"])
    assert info.value.code == 2


def test_internal_error_exits_1_and_is_logged(cli: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: Memory) -> dict:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Memory, "stats", explode)
    result = cli("stats")
    assert result.code == 1
    assert "internal error: disk on fire" in result.err
    log = (data_dir / "logs" / "remembrancer.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: disk on fire" in log


def test_failed_import_keeps_earlier_data_intact(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    cli("import", write_chat(tmp_path / "c.jsonl"))
    bad = write_jsonl(tmp_path / "dup-then-bad.jsonl", [record("trip-1", "overwritten?"), json.dumps([1])])
    assert cli("import", bad).code == 2
    with open_app_store(data_dir) as mem:
        assert mem.db.execute("SELECT text FROM messages WHERE id = 'trip-1'").fetchone()[0] == CHAT[0]["text"]
