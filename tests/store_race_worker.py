"""A worker process for the store-creation race test: waits at a barrier, then opens a data dir and imports a file.

Spawned once per test and reused for every trial (starting an interpreter
that imports LanceDB costs seconds), so the two workers' attempts to create
the same new store start within a millisecond of each other.
"""
from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import Any


def run(tasks: Any, results: Any, barrier: Any) -> None:
    from remembrancer.app.context import AppContext

    while True:
        task = tasks.get()
        if task is None:
            return
        data_dir, file, passphrase = task
        if passphrase:  # the passphrase way (scripts, no keyring); else the test keyring, as the desktop
            os.environ["REMEMBRANCER_PASSPHRASE"] = passphrase
        else:
            os.environ.pop("REMEMBRANCER_PASSPHRASE", None)
        barrier.wait()
        ctx = AppContext(Path(data_dir))
        try:
            summary = ctx.memory().import_path(Path(file))
            results.put(("ok", summary.messages_added))
        except Exception as exc:  # reported to the test, which fails on it
            results.put(("error", repr(exc) + "\n" + traceback.format_exc()))
        finally:
            ctx.close()
