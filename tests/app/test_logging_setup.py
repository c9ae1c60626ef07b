from __future__ import annotations

import logging
from pathlib import Path

from remembrancer.app.logging_setup import LOG_FILE, configure_logging


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_remembrancer", False)]


def test_reconfiguring_replaces_and_closes_the_old_handlers(tmp_path: Path) -> None:
    configure_logging(tmp_path / "one")
    first = ours()
    file_handler = next(h for h in first if isinstance(h, logging.FileHandler))
    logging.getLogger("remembrancer.memory.test").info("into the first log")
    configure_logging(tmp_path / "two")
    assert len(ours()) == 2 and not set(ours()) & set(first)
    assert file_handler.stream is None  # closed, not leaked
    logging.getLogger("remembrancer.memory.test").info("into the second log")
    assert "into the first log" in (tmp_path / "one" / LOG_FILE).read_text(encoding="utf-8")
    second = (tmp_path / "two" / LOG_FILE).read_text(encoding="utf-8")
    assert "into the second log" in second and "into the first log" not in second


def test_warnings_go_to_stderr_and_info_only_when_verbose(tmp_path: Path, capsys) -> None:
    configure_logging(tmp_path)
    logging.getLogger("remembrancer.memory.test").info("quiet info")
    logging.getLogger("remembrancer.memory.test").warning("loud warning")
    err = capsys.readouterr().err
    assert "WARNING: loud warning" in err and "quiet info" not in err
