"""A terminal progress bar for long imports, silent when not on a terminal."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from remembrancer.memory.ingest import Progress


@contextmanager
def terminal_progress(enabled: bool | None = None) -> Iterator[Progress | None]:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

    with RichProgress(
        TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        tasks: dict[str, int] = {}

        def update(done: int, total: int, stage: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update
