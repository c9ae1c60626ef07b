"""`remembrancer serve`: the headless background service that keeps one store open between commands.

The first `recall`, `ask` or `stats` with no desktop app running starts it
(`app/cli/routed.py`), as does `remembrancer mcp` (an AI tool's server);
it unlocks the store once, loads the embedder, and answers the `cli.*`
methods (`app/cli_methods.py`) and AI tools' `mcp.call` (`app/mcp_methods.py`)
on the same local socket the desktop app would use (`app/ipc.py`), so there
is one owner per data dir whichever runs. It exits after `idle` seconds without a request.

Safety:
- the socket file is created owner-only (0600) in a per-user directory, and
  on Linux each connection's peer uid is checked as well;
- requests run one at a time on one store connection; each connection has
  its own thread, so a client killed mid-request costs nothing but its thread;
- another process that writes the store (an `import`) is noticed by SQLite's
  `data_version` before the next request, and the store is opened afresh, so
  the service never answers from a stale vector index;
- `encrypt` and `rekey` ask it to stop (`service.stop`) before they touch
  the store (`app/rekeying.py`).
"""
from __future__ import annotations

import importlib
import logging
import os
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from remembrancer.app import ipc
from remembrancer.app.cli_methods import CliMethods
from remembrancer.app.context import AppContext
from remembrancer.app.mcp_methods import McpMethods

if TYPE_CHECKING:
    from remembrancer.app.source_watcher import SourceWatcher

logger = logging.getLogger(__name__)

DEFAULT_IDLE_SECONDS = 900  # 15 minutes: long enough for a session at the terminal, short enough to free the memory


class ServiceAlreadyRunning(Exception):
    """Another app or service answers for this data dir."""


class BackgroundService:
    """One data dir's store, open, behind the local socket until idle."""

    def __init__(self, ctx: AppContext, idle_seconds: float = DEFAULT_IDLE_SECONDS):
        self.ctx = ctx
        self.idle_seconds = idle_seconds
        self.dispatcher = ipc.Dispatcher()
        self.methods = CliMethods(ctx, before_each=self._reopen_if_changed)
        self.methods.register(self.dispatcher)
        # `remembrancer mcp` relays AI tools' calls here: the service is their writer when the app is not running.
        McpMethods(ctx, before_each=self._reopen_if_changed).register(self.dispatcher)
        self.dispatcher.register("service.info", lambda _p: {"kind": "service", "pid": os.getpid()}, touches_store=False)
        self.dispatcher.register("service.stop", self._stop_requested, touches_store=False)
        self._store_lock = threading.Lock()
        self.watcher: SourceWatcher | None = None  # `start_watching`, once the store is open
        self.dispatcher.register("sources.reload", self._reload_sources, touches_store=False)
        self._stop = threading.Event()
        self._last_request = time.monotonic()
        self._data_version: int | None = None
        self.path = ipc.socket_path(ctx.settings.data_dir)

    # -- the store -------------------------------------------------------------------

    def warm_up(self) -> None:
        """Unlock and open the store and load the query embedder now, not in the first request.

        The in-memory vector indexes load (or build) in the background: the
        service lives for many requests, and at a million messages LanceDB
        alone answers in hundreds of milliseconds where they answer in a few.
        """
        memory = self.ctx.memory()
        memory.warm_up()
        memory.recall("warm up", k=1)
        self._data_version = self._version()

    def _version(self) -> int:
        return self.ctx.memory().data_version()

    def _reopen_if_changed(self) -> None:
        """Another connection committed (an import, a consolidation): open the store again, vectors included."""
        version = self._version()
        if self._data_version is not None and version != self._data_version:
            logger.info("the store changed outside the service; opening it again")
            self.ctx.close_memory()
            version = self._version()
        self._data_version = version

    def start_watching(self) -> None:
        """Sync the watched sources while the service runs (and holds the watch lease); their jobs take the store lock too."""
        from remembrancer.app.service import MemoryService  # the facade loads the whole core: after the socket is up

        self.watcher = MemoryService(self.ctx).source_watcher(on_store=self._on_store)
        self.watcher.start()

    def _reload_sources(self, _params: dict[str, Any]) -> bool:
        if self.watcher is not None:
            self.watcher.request_reload()
        return self.watcher is not None

    def _on_store(self, job: Callable[[], Any]) -> Any:
        """Run a watcher job as a request runs: one at a time on the one connection, reopened if another process wrote."""
        with self._store_lock:
            if self._stop.is_set():
                from remembrancer.app.source_watcher import StoreClosing

                raise StoreClosing("the service is stopping")
            self._reopen_if_changed()
            return job()

    def _stop_requested(self, _params: dict[str, Any]) -> str:
        self._stop.set()
        return "stopping"

    # -- the socket ------------------------------------------------------------------

    def bind(self) -> socket.socket:
        """Listen on the data dir's socket; raises `ServiceAlreadyRunning` when something answers there."""
        if _listening(self.path):  # a service still warming up accepts connections before it answers them
            raise ServiceAlreadyRunning(self.path)
        if os.path.exists(self.path):
            os.unlink(self.path)  # left by a process that died: nothing listens on it
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)  # the socket file is born 0600: no window in which another user may connect
        try:
            server.bind(self.path)
        except OSError as exc:
            server.close()
            raise ServiceAlreadyRunning(self.path) from exc  # another service won the race to bind
        finally:
            os.umask(old_umask)
        os.chmod(self.path, 0o600)
        server.listen(16)
        server.settimeout(1.0)
        return server

    def run(self, server: socket.socket) -> None:
        """Accept connections until idle or asked to stop; then close the store and remove the socket file."""
        logger.info("service listening (idle exit after %ss)", self.idle_seconds)
        try:
            while not self._stop.is_set():
                if time.monotonic() - self._last_request > self.idle_seconds:
                    logger.info("service idle; exiting")
                    break
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not _same_user(conn):
                    logger.warning("a connection from another user was refused")
                    conn.close()
                    continue
                threading.Thread(target=self._serve_connection, args=(conn,), daemon=True).start()
        finally:
            server.close()
            self._stop.set()
            if self.watcher is not None:
                self.watcher.stop()  # before the store closes: a sync in progress finishes first
            with self._store_lock:
                self.ctx.close()  # before the socket file goes: whoever waits for it (`rekey`) finds the store closed
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass

    def _serve_connection(self, conn: socket.socket) -> None:
        conn.settimeout(None)
        reader = conn.makefile("rb")
        try:
            while not self._stop.is_set():
                line = reader.readline(ipc.MAX_LINE + 1)
                if not line:
                    return
                if not line.endswith(b"\n"):
                    conn.sendall(ipc.encode(ipc.error("the request is too long or was cut off")))
                    return
                self._last_request = time.monotonic()
                try:
                    request = ipc.decode(line)
                    registration, params = self.dispatcher.lookup(request)
                except ipc.IpcError as exc:
                    conn.sendall(ipc.encode(ipc.error(str(exc))))
                    continue
                if registration.touches_store:
                    with self._store_lock:
                        reply = self.dispatcher.call(registration, params)
                else:
                    reply = self.dispatcher.call(registration, params)
                self._last_request = time.monotonic()
                conn.sendall(ipc.encode(reply))
        except OSError:
            return  # the client went away mid-request: its answer has nowhere to go
        finally:
            reader.close()
            conn.close()


def _listening(path: str) -> bool:
    """Whether a server listens on the socket file (it may not have answered anything yet)."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(0.5)
    try:
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def _same_user(conn: socket.socket) -> bool:
    """On Linux, the peer's uid must be ours (the 0600 socket file already keeps others out elsewhere)."""
    peercred = getattr(socket, "SO_PEERCRED", None)
    if peercred is None or not hasattr(os, "getuid"):
        return True
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, peercred, struct.calcsize("3i"))
    except OSError:
        return False
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def serve(data_dir: str | Path | None, idle_seconds: float, verbose: bool = False) -> int:
    """Run the service in this process until idle; 0 also when another one already answers."""
    if not hasattr(socket, "AF_UNIX") or sys.platform == "win32":
        logger.warning("the background service needs Unix sockets; commands run on their own here")
        return 1
    ctx = AppContext(data_dir, verbose=verbose, prompt=_no_prompt)
    service = BackgroundService(ctx, idle_seconds)
    try:
        server = service.bind()
    except ServiceAlreadyRunning:
        ctx.close()
        return 0
    # The vector store's import (~1 s, mostly schema building) runs while the key is derived (scrypt, outside the GIL).
    threading.Thread(target=_import_vector_store, name="import-lancedb", daemon=True).start()
    try:
        ctx.unlock()
        service.warm_up()  # before the first request; the socket already answers pings, so no second service starts
        service.start_watching()
    except Exception:
        server.close()
        os.unlink(service.path)
        ctx.close()
        raise
    service.run(server)
    return 0


def _import_vector_store() -> None:
    importlib.import_module("lancedb")  # ready in sys.modules when the store opens


def _no_prompt(*_args: Any, **_kwargs: Any) -> Any:
    """A service has no terminal: a store whose key needs typing is left to the command itself."""
    from remembrancer.memory.store.encryption import StoreLockedError

    raise StoreLockedError("the background service cannot ask for the passphrase")


def stop_service(data_dir: str | Path, wait: float = 10.0) -> bool:
    """Ask the background service for `data_dir` to stop and wait until its socket is gone; False when none ran.

    The desktop app is not a service: it does not know `service.stop`, and is left running (the caller says so).
    """
    try:
        info = ipc.call(data_dir, "service.info", timeout=2.0)
    except ipc.IpcError:
        return False
    if not isinstance(info, dict) or info.get("kind") != "service":
        return False
    try:
        ipc.call(data_dir, "service.stop", timeout=2.0)
    except ipc.IpcError:
        pass
    deadline = time.monotonic() + wait
    path = ipc.socket_path(data_dir)
    while time.monotonic() < deadline and os.path.exists(path):
        time.sleep(0.05)
    return True
