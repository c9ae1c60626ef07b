"""Starting the desktop app: QApplication, icon, main window, clean exit.

`run_gui` is what `remembrancer` with no command calls. The store is opened
by the window in a worker, so the window appears at once even when the
embedding model takes seconds to load; at exit, queued work finishes before
the context (and its SQLite connection) is closed.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.context import AppContext
from app.resources import app_icon_files
from app.service import MemoryService
from ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def app_icon() -> QIcon:
    """The window icon from the SVG and its PNG renderings (`app.resources`: source or frozen).

    An empty icon (and a log line per missing file) if none is there.
    """
    icon = QIcon()
    for path in app_icon_files():
        icon.addFile(str(path))
    return icon


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, created once with the app's name and icon."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Remembrancer")
    app.setOrganizationName("Remembrancer")
    app.setDesktopFileName("remembrancer")
    app.setWindowIcon(app_icon())
    return app


class _MainThreadRelay(QObject):
    fire = Signal()

    def __init__(self, action: Callable[[], object]):
        super().__init__()
        self._action = action
        self.fire.connect(self._run)  # queued when emitted from another thread

    @Slot()
    def _run(self) -> None:
        self._action()


def run_gui(ctx: AppContext) -> int:
    """Show the main window and run the event loop; returns the exit code."""
    app = ensure_application()
    service = MemoryService(ctx)
    window = MainWindow(service)
    window.show()
    # The nightly job fires on the scheduler's thread; a queued signal hands it to
    # the GUI thread, which puts it on the window's store thread like any other work.
    relay = _MainThreadRelay(lambda: window.runner.submit(service.consolidate))
    nightly = service.scheduler(run=relay.fire.emit)
    nightly.start()
    logger.info("GUI started on %s", ctx.settings.data_dir)
    try:
        return app.exec()
    finally:
        nightly.shutdown()
        if window.runner.busy:
            logger.info("waiting for running work to finish before closing the store")
        window.runner.wait()
        service.close()
        logger.info("GUI closed")
