"""The local-socket protocol, headless: path, wire format, dispatcher, client."""
from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.app import ipc

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")


class _LineServer:
    """A plain-socket server answering each line through a Dispatcher (what the UI does with Qt)."""

    def __init__(self, path: str, dispatcher: ipc.Dispatcher):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen()
        self.dispatcher = dispatcher
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as lines:
                for line in lines:
                    try:
                        reply = self.dispatcher.dispatch(ipc.decode(line))
                    except ipc.IpcError as exc:
                        reply = ipc.error(str(exc))
                    conn.sendall(ipc.encode(reply))

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # pytest's tmp_path can be too long for a Unix socket; a short private dir is not.
    import tempfile

    short = Path(tempfile.mkdtemp(prefix="rmb-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short))
    yield short
    for child in short.iterdir():
        child.unlink()
    short.rmdir()


@pytest.fixture
def served(runtime: Path, tmp_path: Path) -> Iterator[tuple[Path, ipc.Dispatcher]]:
    dispatcher = ipc.Dispatcher()
    data_dir = tmp_path / "data"
    server = _LineServer(ipc.socket_path(data_dir), dispatcher)
    yield data_dir, dispatcher
    server.close()


def test_socket_path_is_short_and_unique_per_data_dir(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 12)
    first, second = ipc.socket_path(deep / "one"), ipc.socket_path(deep / "two")
    assert first != second
    assert len(first) < 100 and len(second) < 100
    assert ipc.socket_path(deep / "one") == first  # stable for the same dir
    assert ipc.socket_path(str(deep / "x" / ".." / "one")) == first  # the resolved dir counts


def test_socket_path_lives_in_the_runtime_dir(runtime: Path, tmp_path: Path) -> None:
    assert Path(ipc.socket_path(tmp_path)).parent == runtime


def test_wire_format_is_one_json_object_per_line() -> None:
    line = ipc.encode({"method": "popup", "params": {"query": "line\nbreak ü"}})
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert ipc.decode(line) == {"method": "popup", "params": {"query": "line\nbreak ü"}}
    with pytest.raises(ipc.IpcError):
        ipc.decode(b"[1, 2]")
    with pytest.raises(ipc.IpcError):
        ipc.decode(b"{nope")


def test_dispatcher_runs_handlers_and_reports_errors() -> None:
    dispatcher = ipc.Dispatcher()
    dispatcher.register("echo", lambda params: params["text"].upper())
    dispatcher.register("bad_params", lambda params: (_ for _ in ()).throw(ValueError("query is required")))
    dispatcher.register("crash", lambda params: 1 / 0)
    dispatcher.register("unserialisable", lambda params: object())

    assert dispatcher.dispatch({"method": "echo", "params": {"text": "hi"}}) == {"ok": True, "result": "HI"}
    assert dispatcher.dispatch({"method": "ping"}) == {"ok": True, "result": "pong"}
    assert dispatcher.dispatch({"method": "bad_params"}) == {"ok": False, "error": "query is required"}
    crashed = dispatcher.dispatch({"method": "crash"})
    assert crashed["ok"] is False and "ZeroDivisionError" in crashed["error"]
    assert dispatcher.dispatch({"method": "unserialisable"})["ok"] is False
    assert "unknown method" in dispatcher.dispatch({"method": "nope"})["error"]
    assert dispatcher.dispatch({"params": {}})["ok"] is False
    assert dispatcher.dispatch({"method": "echo", "params": [1]})["ok"] is False


def test_registration_records_where_a_handler_runs() -> None:
    dispatcher = ipc.Dispatcher()
    dispatcher.register("focus", lambda params: True, touches_store=False)
    dispatcher.register("recall", lambda params: [])
    registration, params = dispatcher.lookup({"method": "focus"})
    assert registration.touches_store is False and params == {}
    assert dispatcher.lookup({"method": "recall", "params": {"q": 1}})[0].touches_store is True
    assert {"focus", "recall", "ping"} <= set(dispatcher.methods)
    dispatcher.unregister("recall")
    assert "recall" not in dispatcher.methods
    with pytest.raises(ValueError):
        dispatcher.register("", lambda params: None)


def test_send_round_trip(served: tuple[Path, ipc.Dispatcher]) -> None:
    data_dir, dispatcher = served
    dispatcher.register("add", lambda params: params["a"] + params["b"])
    assert ipc.send(data_dir, "add", {"a": 2, "b": 3}) == {"ok": True, "result": 5}
    assert ipc.call(data_dir, "add", {"a": 1, "b": 1}) == 2
    assert ipc.is_running(data_dir)


def test_call_raises_the_apps_reason(served: tuple[Path, ipc.Dispatcher]) -> None:
    data_dir, _ = served
    reply = ipc.send(data_dir, "missing")
    assert reply["ok"] is False
    with pytest.raises(ipc.IpcError, match="unknown method"):
        ipc.call(data_dir, "missing")


def test_nothing_listening_is_app_not_running(runtime: Path, tmp_path: Path) -> None:
    with pytest.raises(ipc.AppNotRunning):
        ipc.send(tmp_path / "nobody", "ping")
    assert not ipc.is_running(tmp_path / "nobody")


def test_stale_socket_file_is_app_not_running(runtime: Path, tmp_path: Path) -> None:
    path = ipc.socket_path(tmp_path / "stale")
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)
    dead.close()  # the file stays, nobody listens: a crashed app
    assert Path(path).exists()
    with pytest.raises(ipc.AppNotRunning):
        ipc.send(tmp_path / "stale", "focus")


def test_a_silent_app_times_out(runtime: Path, tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(ipc.socket_path(tmp_path / "silent"))
    server.listen()
    try:
        with pytest.raises(ipc.IpcError, match="did not answer"):
            ipc.send(tmp_path / "silent", "ping", timeout=0.2)
    finally:
        server.close()


def test_reply_must_have_ok(runtime: Path, tmp_path: Path) -> None:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(ipc.socket_path(tmp_path / "odd"))
    server.listen()

    def answer() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(1024)
            conn.sendall(json.dumps({"result": 1}).encode() + b"\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        with pytest.raises(ipc.IpcError, match='"ok"'):
            ipc.send(tmp_path / "odd", "ping")
    finally:
        thread.join(5)
        server.close()
