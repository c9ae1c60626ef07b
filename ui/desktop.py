"""The running desktop app: window, tray, quick-recall popup, hotkey, local socket.

`Desktop` wires the pieces around one `MemoryService` and one store worker
(the window's `TaskRunner`), and answers other processes through the
single-instance server: `focus` (a second `remembrancer`), `popup`
(`remembrancer recall --popup`), `capture_status` (whether the user paused
capture from the tray, for the browser host), `ping`, the browser link's
`browser.*` methods (`app/browser_service.py`), whose pairing requests are
put to the user here, `sources.reload` (the CLI changed the watched
sources), and AI tools' `mcp.call` (`app/mcp_methods.py`), whose first
call from an unknown tool is put to the user too. While it runs, the
source watcher imports changes to the watched folders and files through
the same store worker (`ui/source_bridge.py`).
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from remembrancer.app import ipc
from remembrancer.app.cli_methods import CliMethods
from remembrancer.app.browser_service import app_browser_service, register_browser_handlers
from remembrancer.app.mcp_methods import McpMethods
from remembrancer.app.service import MemoryService, SyncOutcome
from remembrancer.ui.ai_tools import AccessPrompt
from remembrancer.ui.hotkey import HotkeyBackend, HotkeyError, hotkey_backend
from remembrancer.ui.main_window import MainWindow
from remembrancer.ui.pairing import PairingPrompt
from remembrancer.ui.popup import QuickRecallPopup
from remembrancer.ui.settings_dialog import SettingsDialog
from remembrancer.ui.single_instance import SingleInstanceServer
from remembrancer.ui.source_bridge import StoreBridge
from remembrancer.ui.sources import SourcesPane
from remembrancer.ui.tray import Tray, TrayHandlers, tray_available

logger = logging.getLogger(__name__)


class Desktop(QObject):
    """Everything the user sees, around one service; `quit_requested` ends the event loop."""

    quit_requested = Signal()

    def __init__(self, service: MemoryService, icon: QIcon, use_tray: bool | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.service = service
        self.dispatcher = ipc.Dispatcher()
        self.window = MainWindow(service)
        self.runner = self.window.runner
        self.popup = QuickRecallPopup(service, self.runner)
        self.popup.open_requested.connect(self._open_item)
        self.window.popup_action.triggered.connect(lambda: self.popup.open())
        self.window.settings_action.triggered.connect(self.show_settings)
        self.window.quit_action.triggered.disconnect()
        self.window.quit_action.triggered.connect(self.quit)

        self.tray: Tray | None = None
        if tray_available() if use_tray is None else use_tray:
            handlers = TrayHandlers(
                quick_recall=lambda: self.popup.open(), open_window=self.window.bring_to_front,
                import_file=self._import_from_tray, consolidate=self.window.consolidate_now, quit=self.quit,
            )
            self.tray = Tray(icon, handlers, self)
            self.window.keep_running_in_tray = True
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(False)  # only with a tray, or the app would be unreachable

        self.hotkey: HotkeyBackend = hotkey_backend(self)
        self.hotkey.activated.connect(lambda: self.popup.open())
        self.hotkey_status = self._register_hotkey(service.settings.hotkey)

        self.dispatcher.register("focus", self._ipc_focus, touches_store=False)
        self.dispatcher.register("popup", self._ipc_popup, touches_store=False)
        self.dispatcher.register("capture_status", self._ipc_capture_status, touches_store=False)
        # The browser extension's native host relays to the app that owns the store.
        self.browser_link = app_browser_service(service)
        self.pairing = PairingPrompt(service, self.runner, self.window)
        self.browser_link.on_pairing_request = self.pairing.ask
        register_browser_handlers(self.dispatcher, self.browser_link)
        CliMethods(service.ctx).register(self.dispatcher)  # `recall`, `ask`, `stats` at a terminal answer from this open store
        # Watched sources: the watcher's thread syncs through the window's store worker (started by `start_watching`).
        self.source_bridge = StoreBridge(self.runner, self)
        self.watcher = service.source_watcher(on_store=self.source_bridge.on_store, on_synced=self.source_bridge.synced.emit)
        self.source_bridge.synced.connect(self._source_synced)
        self.sources_pane: SourcesPane | None = None
        self.window.sources_action.triggered.connect(self.show_sources)
        self.dispatcher.register("sources.reload", self._ipc_reload_sources, touches_store=False)  # `remembrancer sources add|remove|...`
        # AI tools' calls (`remembrancer mcp`) are answered from this open store; an unknown tool's request is put to the user.
        self.ai_tools_prompt = AccessPrompt(service, self.runner, self.window)
        McpMethods(service.ctx, on_request=self.ai_tools_prompt.requested.emit).register(self.dispatcher)
        self.server = SingleInstanceServer(service.data_dir, self.dispatcher, self.runner, self)

    @property
    def capture_paused(self) -> bool:
        return bool(self.tray and self.tray.capture_paused)

    def show(self, in_tray: bool = False) -> None:
        """Show the tray icon, and the window unless asked to start in the tray.

        Starting in the tray (the login item does) needs a tray to come back
        from; without one the window shows anyway.
        """
        if self.tray is not None:
            self.tray.show()
        if not (in_tray and self.tray is not None):
            self.window.show()

    # -- hotkey and settings -------------------------------------------------------
    def _register_hotkey(self, sequence: str) -> str:
        if not self.hotkey.available:
            logger.info(self.hotkey.status)
            return self.hotkey.status
        try:
            self.hotkey.register(sequence)
        except HotkeyError as exc:
            logger.warning("hotkey %s: %s", sequence, exc)
            return f"Hotkey not set: {exc}"
        return f"{sequence} opens quick recall anywhere ({self.hotkey.name})."

    @Slot()
    def show_settings(self) -> None:
        dialog = SettingsDialog(self.service, self.hotkey_status, self.runner, self.window)
        dialog.saved.connect(self._settings_saved)
        dialog.model_failed.connect(lambda message: QMessageBox.warning(self.window, "Model not changed", message))
        dialog.exec()

    @Slot(object)
    def _settings_saved(self, settings: Any) -> None:
        self.hotkey_status = self._register_hotkey(settings.hotkey)
        self.window.statusBar().showMessage("Settings saved. " + self.hotkey_status, 8000)

    # -- actions -------------------------------------------------------------------
    @Slot(str)
    def _open_item(self, item_id: str) -> None:
        self.window.bring_to_front()
        self.window.open_item(item_id)

    def start_watching(self) -> None:
        """Watch the sources while the app runs (once it owns the data dir's socket: one owner, one watcher)."""
        self.watcher.start()

    @Slot()
    def show_sources(self) -> SourcesPane:
        if self.sources_pane is None:
            self.sources_pane = SourcesPane(self.service, self.runner, self.watcher, self.source_bridge, self.window)
        else:
            self.sources_pane.refresh()
        self.sources_pane.show()
        self.sources_pane.raise_()
        self.sources_pane.activateWindow()
        return self.sources_pane

    @Slot(object)
    def _source_synced(self, outcome: SyncOutcome) -> None:
        """A watched file was imported or a note archived: the views showing memories redraw, the status bar recounts."""
        self.window.browser.apply_changes(outcome.report.changes)

    def _import_from_tray(self) -> None:
        self.window.bring_to_front()
        self.window.choose_file()

    @Slot()
    def quit(self) -> None:
        if self.window.imports.busy:
            answer = QMessageBox.question(self.window, "Quit while importing?", "An import is running. Cancel it and quit?")
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.window.imports.cancel()
        self.window.keep_running_in_tray = False
        self.popup.hide()
        self.window.close()
        self.quit_requested.emit()

    def shutdown(self) -> None:
        """Stop the watcher, release the socket, the hotkey and the tray before the store closes."""
        self.source_bridge.close()  # first: a watcher waiting for the store worker gives up instead of holding up the exit
        self.watcher.stop()
        self.server.close()
        self.hotkey.unregister()
        if self.tray is not None:
            self.tray.hide()

    # -- the local socket's methods (GUI thread: they only show windows) -------------------
    def _ipc_focus(self, _params: dict[str, Any]) -> bool:
        self.window.bring_to_front()
        return True

    def _ipc_popup(self, params: dict[str, Any]) -> bool:
        query = params.get("query") or ""
        if not isinstance(query, str):
            raise ValueError('"query" must be a string')
        self.popup.open(query)
        return True

    def _ipc_capture_status(self, _params: dict[str, Any]) -> dict[str, bool]:
        return {"paused": self.capture_paused}

    def _ipc_reload_sources(self, _params: dict[str, Any]) -> bool:
        self.watcher.request_reload()
        return True
