from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import CHAT, write_chat


def test_stats_json_shape(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    cli("import", write_chat(tmp_path / "c.jsonl"))
    result = cli("stats", "--json")
    assert result.code == 0
    stats = result.json()
    assert stats["data_dir"] == str(data_dir)
    listed = {level: len(cli(command, "--json").json()) for level, command in (("fact", "facts"), ("scene", "scenes"), ("persona", "persona"))}
    assert stats["levels"] == {"message": len(CHAT), **listed} and listed["fact"] > 0
    assert stats["archived"] == {"message": 0, "fact": 0, "scene": 0, "persona": 0}
    assert set(stats["sizes_bytes"]) == {"sqlite", "lancedb"} and all(v > 0 for v in stats["sizes_bytes"].values())
    assert stats["models"]["embedding"] == "fake-hash-64"
    assert stats["vectors"] == len(CHAT)


def test_stats_text(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    cli("import", write_chat(tmp_path / "c.jsonl"))
    out = cli("stats").out
    assert f"Data dir: {data_dir}" in out
    assert "message         7  (archived 0)" in out
    assert "embedding model: fake-hash-64" in out


def test_reindex_rebuilds_the_vectors(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    cli("import", write_chat(tmp_path / "c.jsonl"))
    result = cli("reindex")
    levels = cli("stats", "--json").json()["levels"]
    vectors = levels["message"] + levels["fact"] + levels["scene"]  # persona has no vectors
    assert result.code == 0 and result.out.strip() == f"Rebuilt the vector index: {vectors} vectors."
    assert cli("stats", "--json").json()["vectors"] == len(CHAT)


def test_deleted_vector_folder_heals_on_the_next_command(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    cli("import", write_chat(tmp_path / "c.jsonl"))
    shutil.rmtree(data_dir / "vectors")
    assert cli("stats", "--json").json()["vectors"] == len(CHAT)
    assert cli("recall", "mountain hut Cortina", "--json", "--k", "1").json()[0]["sources"] == ["trip-3"]


def test_remembrancer_home_is_used_without_data_dir(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home-from-env"
    monkeypatch.setenv("REMEMBRANCER_HOME", str(home))
    assert cli("import", write_chat(tmp_path / "c.jsonl"), data_dir_flag=None).code == 0
    assert (home / "memory.sqlite3").exists()
    stats = cli("stats", "--json", data_dir_flag=None).json()
    assert stats["data_dir"] == str(home) and stats["levels"]["message"] == len(CHAT)
    # --data-dir still wins over the environment
    other = tmp_path / "explicit"
    assert cli("stats", "--json", data_dir_flag=other).json()["levels"]["message"] == 0


def test_log_file_is_written_under_the_data_dir(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    path = write_chat(tmp_path / "c.jsonl")
    cli("import", path)
    log = data_dir / "logs" / "remembrancer.log"
    assert log.is_file()
    text = log.read_text(encoding="utf-8")
    assert f"imported {path}: {len(CHAT)} added, 0 skipped" in text
    assert "applying migration 001" in text
