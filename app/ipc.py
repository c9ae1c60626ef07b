"""Talking to the running desktop app over a local socket (no Qt here).

One running app owns a data dir; everything else (a second `remembrancer`,
`remembrancer recall --popup`, the browser extension's native host, plugins)
asks it to act instead of opening a second store. The app's `QLocalServer`
(`ui/single_instance.py`) listens on `socket_path(data_dir)`; this module is
the headless side: the path, the wire protocol, a client (`send`) and the
`Dispatcher` that maps method names to handlers.

Protocol: one UTF-8 JSON object per line, each way, one request per line.

    request  {"method": "popup", "params": {"query": "keys"}}
    reply    {"ok": true, "result": ...}  or  {"ok": false, "error": "reason"}

A client may send several requests on one connection; replies come back in
order, one line each.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import socket
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MAX_LINE = 4 * 1024 * 1024  # a request or reply longer than this is refused, not buffered forever
SOCKET_PREFIX = "remembrancer"

Handler = Callable[[dict[str, Any]], Any]


class IpcError(Exception):
    """The running app answered, but with an error, or the exchange broke."""


class AppNotRunning(IpcError):
    """No Remembrancer app listens for this data dir."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"Remembrancer is not running for this data dir (nothing listens on {path})")


def _user_tag() -> str:
    try:
        return str(os.getuid())  # type: ignore[attr-defined,unused-ignore]
    except AttributeError:  # Windows
        try:
            return getpass.getuser()
        except Exception:  # no user name from the environment either
            return "user"


def _runtime_dir() -> Path:
    """A short, per-user, writable directory for the socket file.

    `XDG_RUNTIME_DIR` is per-user and private on Linux; elsewhere the temp dir
    (on macOS already per-user). Unix socket paths are limited to about 104
    bytes, so the data dir itself can never be part of the path.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime) and os.access(runtime, os.W_OK) and len(runtime) < 60:
        return Path(runtime)
    temp = tempfile.gettempdir()
    return Path(temp if len(temp) < 60 else "/tmp")


def socket_name(data_dir: str | os.PathLike[str]) -> str:
    """The per-user, per-data-dir server name (also the Windows pipe name)."""
    resolved = str(Path(data_dir).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    return f"{SOCKET_PREFIX}-{_user_tag()}-{digest}"


def socket_path(data_dir: str | os.PathLike[str]) -> str:
    """Where the app for `data_dir` listens: a Unix socket file, or a Windows pipe.

    Unique per user and per data dir and always under 100 characters.
    `QLocalServer.listen` takes this full path on Unix and the pipe name on Windows.
    """
    name = socket_name(data_dir)
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}"
    return str(_runtime_dir() / f"{name}.sock")


def environment_tag(environ: Mapping[str, str] | None = None) -> str:
    """A digest of the `REMEMBRANCER_*` variables that change what a command answers.

    A command sends its own; the app or service answering it refuses one that
    differs from its own (another embedder, another passphrase), and the
    command then runs by itself. The clock is not part of it: it is sent with
    each request.
    """
    env = os.environ if environ is None else environ
    pairs = sorted((k, v) for k, v in env.items() if k.startswith("REMEMBRANCER_") and k not in _PER_REQUEST_ENV)
    return hashlib.sha256(repr(pairs).encode("utf-8")).hexdigest()[:32]


_PER_REQUEST_ENV = frozenset({"REMEMBRANCER_NOW", "REMEMBRANCER_NO_SERVICE"})


# -- the wire format ------------------------------------------------------------

def encode(obj: dict[str, Any]) -> bytes:
    """One message as a line; `ensure_ascii` keeps the line free of raw newlines."""
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def decode(line: bytes | str) -> dict[str, Any]:
    """Parse one line; raises `IpcError` for anything that is not a JSON object."""
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise IpcError(f"not a JSON line: {exc}") from None
    if not isinstance(obj, dict):
        raise IpcError("a message must be a JSON object")
    return obj


def ok(result: Any = None) -> dict[str, Any]:
    return {"ok": True, "result": result}


def error(message: str) -> dict[str, Any]:
    return {"ok": False, "error": message}


# -- the server side, without Qt ---------------------------------------------------

@dataclass(frozen=True)
class Registration:
    """A handler and where it must run.

    `touches_store` handlers run on the app's one store thread (the store has
    one SQLite connection and one writer); the others run on the GUI thread and
    must return at once (`focus`, `popup` only show windows).
    """

    method: str
    handler: Handler
    touches_store: bool = True


class Dispatcher:
    """Method name → handler(params) → result, shared by `app/`, plugins and the UI.

    Headless on purpose: the browser host and plugins register their methods
    (`autofill`, `pair`, ...) here without knowing how the app serves them, and
    tests call `dispatch` directly with no socket at all.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, Registration] = {}
        self._lock = threading.Lock()
        # `is_running` asks this; it answers on whatever thread serves the socket.
        self.register("ping", lambda _params: "pong", touches_store=False)

    def register(self, method: str, handler: Handler, *, touches_store: bool = True) -> None:
        """Add `method`; registering a name twice replaces the first (and is logged)."""
        if not method or not isinstance(method, str):
            raise ValueError("an IPC method needs a non-empty name")
        with self._lock:
            if method in self._handlers:
                logger.warning("IPC method %r registered again; the new handler replaces the old", method)
            self._handlers[method] = Registration(method, handler, touches_store)

    def unregister(self, method: str) -> None:
        with self._lock:
            self._handlers.pop(method, None)

    @property
    def methods(self) -> list[str]:
        with self._lock:
            return sorted(self._handlers)

    def lookup(self, request: dict[str, Any]) -> tuple[Registration, dict[str, Any]]:
        """The registration and params of a request; raises `IpcError` for a bad one."""
        method = request.get("method")
        params = request.get("params") or {}
        if not isinstance(method, str):
            raise IpcError('a request needs a string "method"')
        if not isinstance(params, dict):
            raise IpcError('"params" must be a JSON object')
        with self._lock:
            registration = self._handlers.get(method)
        if registration is None:
            raise IpcError(f"unknown method {method!r}")
        return registration, params

    @staticmethod
    def call(registration: Registration, params: dict[str, Any]) -> dict[str, Any]:
        """Run a handler and turn its outcome into a reply; never raises."""
        try:
            result = registration.handler(params)
            json.dumps(result)  # an unserialisable result is the handler's bug: say so here
        except (ValueError, IpcError) as exc:  # bad params: the handler's message is for the caller
            logger.warning("IPC %s: %s", registration.method, exc)
            return error(str(exc))
        except Exception as exc:  # the client gets the type and reason; the log gets the traceback
            logger.exception("IPC %s failed", registration.method)
            return error(f"{type(exc).__name__}: {exc}")
        return ok(result)

    def dispatch(self, request: dict[str, Any]) -> dict[str, Any]:
        """Look up and run in the caller's thread (headless servers and tests)."""
        try:
            registration, params = self.lookup(request)
        except IpcError as exc:
            return error(str(exc))
        return self.call(registration, params)


# -- the client ----------------------------------------------------------------------

def _connect(path: str, timeout: float) -> Any:
    if sys.platform == "win32":  # a named pipe is opened like a file
        try:
            return open(path, "r+b", buffering=0)  # noqa: SIM115 - closed by the caller
        except OSError:
            raise AppNotRunning(path) from None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except (FileNotFoundError, ConnectionRefusedError):
        sock.close()
        raise AppNotRunning(path) from None
    except OSError as exc:
        sock.close()
        raise AppNotRunning(path) from exc
    return sock


def _read_line(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise IpcError("the app closed the connection without answering")
        newline = chunk.find(b"\n")
        if newline >= 0:
            chunks.append(chunk[:newline])
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_LINE:
            raise IpcError("the app's reply is too long")


def is_running(data_dir: str | os.PathLike[str], timeout: float = 1.0) -> bool:
    """Whether an app answers for `data_dir` (a `ping` that it always serves)."""
    try:
        send(data_dir, "ping", timeout=timeout)
    except IpcError:
        return False
    return True


def send(data_dir: str | os.PathLike[str], method: str, params: dict[str, Any] | None = None, timeout: float = 5.0) -> dict[str, Any]:
    """Send one request to the app for `data_dir` and return its reply object.

    The reply is `{"ok": True, "result": ...}` or `{"ok": False, "error": ...}`
    as the app sent it; `call` unwraps it. Raises `AppNotRunning` when nothing
    listens and `IpcError` when the exchange breaks or times out.
    """
    path = socket_path(data_dir)
    conn = _connect(path, timeout)
    try:
        if sys.platform == "win32":
            conn.write(encode({"method": method, "params": params or {}}))
            line = conn.readline(MAX_LINE)
            if not line:
                raise IpcError("the app closed the connection without answering")
        else:
            conn.sendall(encode({"method": method, "params": params or {}}))
            line = _read_line(conn)
    except TimeoutError:
        raise IpcError(f"the app did not answer {method!r} within {timeout:g} s") from None
    except OSError as exc:
        raise IpcError(f"talking to the app failed: {exc}") from exc
    finally:
        conn.close()
    reply = decode(line)
    if "ok" not in reply:
        raise IpcError('a reply needs "ok"')
    return reply


def call(data_dir: str | os.PathLike[str], method: str, params: dict[str, Any] | None = None, timeout: float = 5.0) -> Any:
    """`send`, returning the result or raising `IpcError` with the app's reason."""
    reply = send(data_dir, method, params, timeout)
    if not reply.get("ok"):
        raise IpcError(str(reply.get("error") or "the app refused the request"))
    return reply.get("result")
