"""One app per data dir: the `QLocalServer` side of `app/ipc.py`.

The first `remembrancer` listens on `ipc.socket_path(data_dir)`; a second one
finds it there, sends `focus` and exits, so two processes never open the same
store. Every connection speaks the protocol of `app/ipc.py` (one JSON object
per line each way). Handlers that touch the store run on the window's store
worker; the others (`focus`, `popup`, `ping`) on the GUI thread, since they
only show windows. A connection's requests are answered one at a time, so
replies come back in the order asked.
"""
from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from remembrancer.app import ipc
from remembrancer.ui.workers import TaskRunner

logger = logging.getLogger(__name__)


class _Connection(QObject):
    """One client: buffered lines in, one reply per line out, strictly in order."""

    def __init__(self, socket: QLocalSocket, server: SingleInstanceServer):
        super().__init__(server)
        self.socket = socket
        self.server = server
        self.pending: deque[bytes] = deque()
        self.busy = False
        self.closed = False
        self.method = ""
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._disconnected)

    @Slot()
    def _read(self) -> None:
        while self.socket.canReadLine():
            self.pending.append(bytes(self.socket.readLine().data()).rstrip(b"\r\n"))
        if self.socket.bytesAvailable() > ipc.MAX_LINE:
            self._write(ipc.error("request line too long"))
            self.socket.disconnectFromServer()
            return
        self._next()

    def _next(self) -> None:
        if self.busy or not self.pending or self.closed:
            return
        line = self.pending.popleft()
        if not line.strip():
            self._next()
            return
        self.busy = True
        try:
            registration, params = self.server.dispatcher.lookup(ipc.decode(line))
        except ipc.IpcError as exc:
            self._reply(ipc.error(str(exc)))
            return
        self.method = registration.method
        if registration.touches_store:
            self.server.runner.submit(ipc.Dispatcher.call, registration, params, on_returned=self._reply)
        else:
            self._reply(ipc.Dispatcher.call(registration, params))

    @Slot(object)
    def _reply(self, reply: dict[str, Any]) -> None:
        self.busy = False
        if self.method:
            self.server.request_served.emit(self.method)
            self.method = ""
        if not self.closed:
            self._write(reply)
            self._next()

    def _write(self, reply: dict[str, Any]) -> None:
        self.socket.write(ipc.encode(reply))
        self.socket.flush()

    @Slot()
    def _disconnected(self) -> None:
        self.closed = True
        self.socket.deleteLater()
        self.deleteLater()


class SingleInstanceServer(QObject):
    """Listens for the data dir's socket; `listen()` is False when another app already serves it."""

    request_served = Signal(str)  # method name, for tests and logs

    def __init__(self, data_dir: Path, dispatcher: ipc.Dispatcher, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.dispatcher = dispatcher
        self.runner = runner
        self.path = ipc.socket_path(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # only this user may connect
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Serve the data dir's socket; False when another app already answers on it.

        The check must come first: with `UserAccessOption` Qt binds in a private
        folder and renames the socket into place, which would silently take
        the path from a running app instead of failing.
        """
        if ipc.is_running(self.data_dir):
            logger.info("another Remembrancer already serves %s", self.data_dir)
            return False
        QLocalServer.removeServer(self.path)  # a socket file left by a crashed app: nobody answered on it
        if self.server.listen(self.path):
            logger.info("listening for other instances on %s", self.path)
            return True
        logger.warning("cannot listen on %s: %s", self.path, self.server.errorString())
        return False

    @Slot()
    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            _Connection(socket, self)

    def close(self) -> None:
        self.server.close()
