from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from remembrancer.app.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Run:
    """Run `remembrancer --data-dir D ARGS...` in-process; `data_dir=None` omits the flag."""

    def run(*args: object, data_dir_flag: Path | None = data_dir) -> Result:
        argv = (["--data-dir", str(data_dir_flag)] if data_dir_flag is not None else []) + [str(a) for a in args]
        capsys.readouterr()
        code = main(argv)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run
