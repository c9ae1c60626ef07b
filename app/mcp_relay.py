"""Where `remembrancer mcp` sends each call: whoever holds the store, else a read-only store of its own.

One writer per data dir: when the desktop app runs, or the background
service (`app/serve.py`), the call goes to it over the data dir's local
socket, and when neither runs the service is started, as the light CLI path
starts it (`app/cli/routed.py`): the store stays unlocked with its models
loaded between calls, and `remember` has a writer. Only when that cannot be
(`REMEMBRANCER_NO_SERVICE=1`, which stops the service from being started but
still lets a running app answer; Windows without the app; a service that
would not start; an app whose environment differs) does this process open
the store itself, *read-only* for memories: the same `mcp.call` handler serves
reads, refuses `remember`, and writes only the access log, as any one-shot
command writes the store. The app is asked first on every call, so one that
starts later takes over (and the local store is closed).
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from remembrancer.app import ipc

logger = logging.getLogger(__name__)

NO_SERVICE_ENV = "REMEMBRANCER_NO_SERVICE"
METHOD = "mcp.call"
CALL_TIMEOUT = 300.0   # an answer from the model on a slow machine
RETRY_START_AFTER = 60.0  # a service that would not start is not tried again at every call


class LocalStore:
    """This process's own store, for when no app or service can answer (see the module doc)."""

    def __init__(self, data_dir: Path):
        from remembrancer.app.context import AppContext  # the core loads only when it is needed here
        from remembrancer.app.mcp_methods import McpMethods

        self.ctx = AppContext(data_dir, prompt=_no_prompt)
        self._lock = threading.Lock()
        self._version: int | None = None
        self.methods = McpMethods(self.ctx, before_each=self._reopen_if_changed, can_write=False)

    def call(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:  # one store connection: one call at a time
            try:
                return self.methods.call(params)
            except ValueError as exc:  # a bad request: the reason is the caller's to read
                return {"error": str(exc)}

    def _reopen_if_changed(self) -> None:
        """Another process wrote the store (an import, the app): open it again, so recall sees it (as the service does)."""
        memory = self.ctx.memory()
        version = memory.data_version()
        if self._version is not None and version != self._version:
            logger.info("the store changed outside this MCP server; opening it again")
            self.ctx.close_memory()
            version = self.ctx.memory().data_version()
        self._version = version

    def close(self) -> None:
        with self._lock:
            self.ctx.close()


class McpRelay:
    """Sends `mcp.call` requests where they are answered (see the module doc); thread-safe."""

    def __init__(self, data_dir: Path, now: str | None = None, start_service: bool | None = None):
        """`now` is the `--now` clock sent with each call; `start_service` defaults to "unless REMEMBRANCER_NO_SERVICE"."""
        self.data_dir = Path(data_dir)
        self.now = now
        self.may_start_service = not os.environ.get(NO_SERVICE_ENV) if start_service is None else start_service
        self.env = ipc.environment_tag()
        self._local: LocalStore | None = None
        self._lock = threading.Lock()
        self._start_failed_at: float | None = None

    def call(self, client: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """The handler's reply: {"result"} | {"refused"} | {"error"} (never raises for the store's problems)."""
        params = {"client": client, "tool": tool, "arguments": arguments, "env": self.env, "now": self.now}
        reply = self._served(params)  # a running app answers whatever the settings: never a second writer beside it
        if reply is not None:
            self._close_local()
            return reply
        try:
            return self._local_store().call(params)
        except Exception as exc:  # a store that cannot open here (damaged settings, locked): said, never a crash
            logger.warning("MCP: the memory could not be opened here: %s", exc)
            return {"error": f"Remembrancer could not open the memory: {exc}"}

    def _served(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """The app's or service's reply, starting the service when nothing listens; None: serve it here."""
        try:
            reply = ipc.send(self.data_dir, METHOD, params, timeout=CALL_TIMEOUT)
        except ipc.AppNotRunning:
            if not self._start_service():
                return None
            try:
                reply = ipc.send(self.data_dir, METHOD, params, timeout=CALL_TIMEOUT)
            except ipc.IpcError:
                return None
        except ipc.IpcError as exc:
            logger.warning("MCP: the app or service did not answer (%s); serving from this process", exc)
            return None
        if not reply.get("ok"):
            error = str(reply.get("error") or "")
            if error.startswith("unknown method"):  # an app from before the MCP server: serve it here
                return None
            return {"error": error}
        result = reply.get("result")
        if not isinstance(result, dict) or result.get("mismatch"):
            return None
        return result

    def _start_service(self) -> bool:
        if not self.may_start_service or sys.platform == "win32":
            return False
        if self._start_failed_at is not None and time.monotonic() - self._start_failed_at < RETRY_START_AFTER:
            return False
        from remembrancer.app.cli.routed import start_service

        if start_service(self.data_dir):
            self._start_failed_at = None
            return True
        self._start_failed_at = time.monotonic()
        logger.info("MCP: the background service did not start; serving from this process")
        return False

    def _local_store(self) -> LocalStore:
        with self._lock:
            if self._local is None:
                logger.info("MCP: no app or service answers for %s; opening the memory read-only here", self.data_dir)
                self._local = LocalStore(self.data_dir)
            return self._local

    def _close_local(self) -> None:
        with self._lock:
            local, self._local = self._local, None
        if local is not None:
            logger.info("MCP: the app or service answers now; closing this process's store")
            local.close()

    def close(self) -> None:
        self._close_local()


def _no_prompt(*_args: Any, **_kwargs: Any) -> Any:
    """stdin is the protocol: a store whose key needs typing is left to the app (or REMEMBRANCER_PASSPHRASE)."""
    from remembrancer.memory.store.encryption import StoreLockedError

    raise StoreLockedError("the memory is locked: start the Remembrancer app (or set REMEMBRANCER_PASSPHRASE for this server)")
