"""`check` on an empty or missing data dir creates nothing and says there is no store."""
from __future__ import annotations

from pathlib import Path

from remembrancer.app.cli.main import main


def test_check_on_a_missing_data_dir_creates_nothing(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere"
    assert main(["--data-dir", str(missing), "check"]) == 2
    err = capsys.readouterr().err
    assert "no store" in err and "unencrypted" not in err and "creating" not in err
    assert not missing.exists()


def test_check_on_an_empty_data_dir_creates_nothing(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--data-dir", str(empty), "check", "--json"]) == 2
    assert '"store": false' in capsys.readouterr().out
    assert list(empty.iterdir()) == []
