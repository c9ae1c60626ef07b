"""The installed console script, run as a real process, for real exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import CHAT, record, write_chat, write_jsonl

REPO = Path(__file__).resolve().parents[3]


def command() -> list[str]:
    script = Path(sys.executable).with_name("remembrancer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "remembrancer.app.cli.main"]


def run(data_dir: Path, *args: object, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH: the suite's file keyring (tests.file_keyring) must import in the child too
    env = {**os.environ, "REMEMBRANCER_EMBEDDER": "fake", "PYTHONPATH": str(REPO), **(env_extra or {})}
    return subprocess.run(
        [*command(), "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
    )


def test_exit_codes_of_the_console_script(tmp_path: Path, data_dir: Path) -> None:
    good = write_chat(tmp_path / "chats.jsonl")
    ok = run(data_dir, "import", good)
    assert ok.returncode == 0, ok.stderr
    assert f"{len(CHAT)} messages added" in ok.stdout

    bad = write_jsonl(tmp_path / "bad.jsonl", [record("n", "x"), record("m", "y", role="robot")])
    failed = run(data_dir, "import", bad)
    assert failed.returncode == 2
    assert f"{bad}:2: `role` must be one of" in failed.stderr

    recalled = run(data_dir, "recall", "mountain hut", "--json", "--k", "2")
    assert recalled.returncode == 0
    items = json.loads(recalled.stdout)
    assert len(items) == 2 and items[0]["sources"] == ["trip-3"]

    stats = run(data_dir, "stats", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["levels"]["message"] == len(CHAT)

    bad_now = run(data_dir, "--now", "someday", "stats")
    assert bad_now.returncode == 2 and "--now" in bad_now.stderr

    usage = run(data_dir, "recall", "--k", "many")
    assert usage.returncode == 2 and "--k" in usage.stderr


def test_version_and_help(tmp_path: Path) -> None:
    version = run(tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("remembrancer ")
    helped = run(tmp_path, "--help")
    assert helped.returncode == 0
    for name in ("import", "recall", "stats", "reindex", "--data-dir", "--now"):
        assert name in helped.stdout


def test_a_file_that_is_no_store_is_named_and_left_alone(tmp_path: Path, data_dir: Path) -> None:
    # Without a header, garbage cannot be told from an encrypted store whose header was lost: both are said.
    garbage = b"this is not a sqlite database" * 100
    data_dir.mkdir()
    (data_dir / "memory.sqlite3").write_bytes(garbage)
    result = run(data_dir, "stats")
    assert result.returncode == 2
    assert f"{data_dir / 'memory.sqlite3'} is encrypted but its header" in result.stderr
    assert (data_dir / "memory.sqlite3").read_bytes() == garbage  # and the file is left as it was


def test_damaged_pages_of_a_store_are_an_internal_error(tmp_path: Path, data_dir: Path) -> None:
    assert run(data_dir, "import", write_chat(tmp_path / "chats.jsonl")).returncode == 0
    db = data_dir / "memory.sqlite3"
    damaged = bytearray(db.read_bytes())
    damaged[4096:] = b"\x5a" * (len(damaged) - 4096)  # page 1 (the schema) intact, every other page garbage
    db.write_bytes(bytes(damaged))
    result = run(data_dir, "stats")
    assert result.returncode == 1
    assert "remembrancer: internal error:" in result.stderr
    assert "Traceback" in (data_dir / "logs" / "remembrancer.log").read_text(encoding="utf-8")
    assert db.read_bytes() == bytes(damaged)  # nothing was "repaired" away


def test_output_cut_short_by_the_reader_ends_quietly(tmp_path: Path, data_dir: Path) -> None:
    """`remembrancer recall ... | head -1`: a broken pipe is the reader being done, not an internal error (#20)."""
    assert run(data_dir, "import", write_chat(tmp_path / "chats.jsonl")).returncode == 0
    queries = tmp_path / "queries.txt"
    queries.write_text("where does Ana live\n" * 400, encoding="utf-8")  # 400 JSON lines: more than a pipe's buffer holds
    env = {**os.environ, "REMEMBRANCER_EMBEDDER": "fake", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([*command(), "--data-dir", str(data_dir), "recall", "--queries-file", str(queries), "--json", "--no-reinforce"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.readline()
    child.stdout.close()  # the reader leaves, as `head -1` does
    assert child.wait(timeout=120) == 141
    assert b"internal error" not in child.stderr.read()


def test_version_among_global_options_loads_no_store(tmp_path: Path) -> None:
    """`remembrancer --data-dir DIR --version` answers without importing the core (a benchmark passes --data-dir)."""
    code = ("import sys; from remembrancer.app.cli.main import main; code = main(['--data-dir', sys.argv[1], '--version']); "
            "print(code, 'remembrancer.memory.core' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    (version, result) = done.stdout.splitlines()
    assert version.startswith("remembrancer ") and result == "0 False"
