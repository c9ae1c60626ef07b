"""The store's heavy libraries may be imported first on the store's worker thread.

The window used to import lancedb on the GUI thread before it showed (~1.3 s
of a ~3 s start) because a first import on a pool thread had once left
QObject wrappers invalid. The app now shows its window first and lets the
worker that opens the store import it; this checks, in a fresh process where
nothing has imported lancedb yet, that every signal of that worker and of the
workers after it still arrives.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc, sys
    assert "lancedb" not in sys.modules
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    from remembrancer.ui.workers import TaskRunner
    assert "lancedb" not in sys.modules, "the GUI thread imported it"
    label = QLabel("window"); label.show()
    runner = TaskRunner()
    seen = []

    def open_store(progress):
        progress(0, 2, "importing")
        import lancedb, pyarrow  # first import, on the pool thread
        gc.collect()
        progress(1, 2, "imported")
        return "opened"

    def later(n):
        return n

    runner.submit(open_store, on_returned=seen.append, on_progress=lambda *a: seen.append(a[2]))
    keep = [QObject() for _ in range(200)]  # the GUI thread makes wrappers meanwhile
    for n in range(5):
        runner.submit(later, n, on_returned=seen.append)
    QTimer.singleShot(60_000, app.quit)
    def check():
        if len(seen) >= 8:
            app.quit()
    ticker = QTimer(interval=50); ticker.timeout.connect(check); ticker.start()
    app.exec()
    runner.wait(10_000)
    print(seen)
    assert seen == ["importing", "imported", "opened", 0, 1, 2, 3, 4], seen
    """
)


def test_signals_arrive_after_lancedb_is_first_imported_on_the_worker() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Signal source has been deleted" not in done.stderr
