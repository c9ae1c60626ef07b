"""Starting the desktop app: QApplication, icon, one instance per data dir, clean exit.

`run_gui` is what `remembrancer` with no command calls. When an app already
serves the data dir (its local socket answers), the new process asks it to
come to the front, or to open the popup, and exits: one store, one owner. The store is opened
by the window in a worker, so the window appears at once even when the
embedding model takes seconds to load; at exit, queued work finishes before
the context (and its SQLite connection) is closed.
"""
from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from remembrancer.app import ipc
from remembrancer.app.context import AppContext
from remembrancer.app.resources import app_icon_files
from remembrancer.app.service import MemoryService
from remembrancer.app.store_key import StoreLockedError
from remembrancer.ui.desktop import Desktop
from remembrancer.ui.passphrase import ask_passphrase, show_locked

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


def _quit_on_signals(desktop: Desktop) -> None:
    """SIGTERM (logout, `kill`) and Ctrl+C quit cleanly: queued work finishes, the store closes.

    Python runs signal handlers only between bytecodes, so a slow timer gives
    the interpreter a turn while Qt's loop waits in C++.
    """
    def stop(_signum: int, _frame: object) -> None:
        logger.info("quit by signal")
        desktop.window.imports.cancel()
        desktop.quit()

    for name in ("SIGTERM", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    ticker = QTimer(desktop, interval=500)
    ticker.timeout.connect(lambda: None)
    ticker.start()


def forward_to_running(data_dir: Path, popup_query: str | None) -> bool:
    """Ask the app already serving `data_dir` to show itself (or the popup); False if none answers."""
    method, params = ("popup", {"query": popup_query}) if popup_query is not None else ("focus", {})
    try:
        ipc.call(data_dir, method, params, timeout=5.0)
    except ipc.AppNotRunning:
        return False
    except ipc.IpcError as exc:  # it is there but could not do it: still, do not open the store twice
        logger.warning("the running app refused %s: %s", method, exc)
    logger.info("another Remembrancer serves %s; asked it to %s", data_dir, method)
    return True


def run_gui(ctx: AppContext, popup_query: str | None = None, in_tray: bool = False) -> int:
    """Show the app (or hand over to the one already running) and run the event loop."""
    data_dir = ctx.settings.data_dir
    if forward_to_running(data_dir, popup_query):
        return 0
    app = ensure_application()
    ctx.prompt = ask_passphrase  # asked here, on the GUI thread, before any worker opens the store
    try:
        ctx.unlock()
    except StoreLockedError as exc:
        logger.error("cannot open the store: %s", exc)
        show_locked(str(exc))
        return 2
    service = MemoryService(ctx)
    desktop = Desktop(service, app_icon())
    window = desktop.window
    if not desktop.server.listen() and forward_to_running(data_dir, popup_query):  # lost a start-up race
        desktop.shutdown()
        window.runner.wait()
        service.close()
        return 0
    desktop.quit_requested.connect(app.quit)
    _quit_on_signals(desktop)
    desktop.start_watching()  # watched sources sync while the app runs; their jobs queue behind the store's opening
    desktop.show(in_tray=in_tray and popup_query is None)
    if popup_query is not None:
        desktop.popup.open(popup_query)
    # The nightly job fires on the scheduler's thread; a queued signal hands it to
    # the GUI thread, which puts it on the window's store thread like any other work.
    relay = _MainThreadRelay(lambda: window.runner.submit(service.consolidate))
    nightly = service.scheduler(run=relay.fire.emit)
    nightly.start()
    logger.info("GUI started on %s", data_dir)
    try:
        return app.exec()
    finally:
        nightly.shutdown()
        desktop.shutdown()
        if window.runner.busy:
            logger.info("waiting for running work to finish before closing the store")
        window.runner.wait()
        service.close()
        logger.info("GUI closed")
