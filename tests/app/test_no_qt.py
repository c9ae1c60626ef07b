"""The core and the CLI must run on machines (and in processes) without Qt."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import write_chat

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import remembrancer.memory, remembrancer.memory.core, remembrancer.memory.ingest, remembrancer.memory.importers
    import remembrancer.memory.recall.engine, remembrancer.app.settings, remembrancer.app.context, remembrancer.app.cli.commands
    from remembrancer.app.cli.main import main

    data, chat = sys.argv[1], sys.argv[2]
    codes = [
        main(["--data-dir", data, "import", chat]),
        main(["--data-dir", data, "recall", "violin", "--json"]),
        main(["--data-dir", data, "stats", "--json"]),
        main(["--data-dir", data, "reindex"]),
    ]
    heavy = [m for m in ("PySide6", "shiboken6", "torch", "sentence_transformers") if m in sys.modules]
    print(json.dumps({"codes": codes, "loaded": heavy}))
    """
)


def test_memory_and_app_never_import_qt(tmp_path: Path) -> None:
    chat = write_chat(tmp_path / "c.jsonl")
    env = {**os.environ, "REMEMBRANCER_EMBEDDER": "fake"}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data"), str(chat)],
        capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[2], timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["codes"] == [0, 0, 0, 0]
    # no Qt, and with the fake embedder not even the model stack
    assert report["loaded"] == []
