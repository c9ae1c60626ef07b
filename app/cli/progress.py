"""A terminal progress bar for long imports, silent when not on a terminal."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from remembrancer.app.progress_rate import StageRate, describe
from remembrancer.memory.ingest import Progress


@contextmanager
def terminal_progress(enabled: bool | None = None) -> Iterator[Progress | None]:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn

    # The pace column says "1,234/s · about 3 min left" (`app.progress_rate`), as the app's import dialog does.
    with RichProgress(
        TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[pace]}"),
        console=Console(stderr=True), transient=True,
    ) as bar:
        tasks: dict[str, int] = {}
        rate = StageRate()

        def update(done: int, total: int, stage: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total, pace="")
            bar.update(tasks[stage], completed=done, total=total, pace=describe(*rate.update(done, total, stage)))

        yield update
