"""One app per data dir: the local server answers the protocol; a second start hands over and exits."""
from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from remembrancer.app import ipc
from remembrancer.ui.main import forward_to_running
from remembrancer.ui.single_instance import SingleInstanceServer

TIMEOUT = 10_000


def in_thread(qtbot, call: Callable[[], Any]) -> Any:  # type: ignore[no-untyped-def]
    """Run a blocking client call off the GUI thread while the event loop serves it."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = call()
        except Exception as exc:  # handed back to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=TIMEOUT)
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_focus_popup_and_store_methods_over_the_socket(qtbot, desktop) -> None:  # type: ignore[no-untyped-def]
    data_dir = desktop.service.data_dir
    assert desktop.server.listen()
    desktop.window.hide()
    assert in_thread(qtbot, lambda: ipc.send(data_dir, "focus")) == {"ok": True, "result": True}
    assert desktop.window.isVisible()
    gui_thread = threading.get_ident()
    seen: list[int] = []

    def count(params: dict[str, Any]) -> int:
        seen.append(threading.get_ident())
        return desktop.service.stats().levels["message"]

    desktop.dispatcher.register("count", count)  # touches the store: must run on the store worker
    assert in_thread(qtbot, lambda: ipc.call(data_dir, "count")) == 0
    assert seen and seen[0] != gui_thread
    assert in_thread(qtbot, lambda: ipc.send(data_dir, "nope"))["ok"] is False
    assert in_thread(qtbot, lambda: ipc.call(data_dir, "popup", {"query": ""})) is True
    assert desktop.popup.isVisible()


def test_replies_come_back_in_order_on_one_connection(qtbot, desktop) -> None:  # type: ignore[no-untyped-def]
    assert desktop.server.listen()
    desktop.dispatcher.register("slow_store", lambda params: "store")
    path = ipc.socket_path(desktop.service.data_dir)

    def exchange() -> list[dict[str, Any]]:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(path)
            sock.sendall(ipc.encode({"method": "slow_store"}) + ipc.encode({"method": "ping"}) + b"not json\n")
            data = b""
            while data.count(b"\n") < 3:
                data += sock.recv(4096)
        return [ipc.decode(line) for line in data.splitlines()]

    replies = in_thread(qtbot, exchange)
    assert replies[0] == {"ok": True, "result": "store"} and replies[1] == {"ok": True, "result": "pong"}
    assert replies[2]["ok"] is False


def test_a_second_app_hands_over_instead_of_opening_the_store(qtbot, desktop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert desktop.server.listen()
    data_dir = desktop.service.data_dir
    desktop.window.hide()
    assert in_thread(qtbot, lambda: forward_to_running(data_dir, None)) is True  # what a second `remembrancer` does
    assert desktop.window.isVisible()
    assert forward_to_running(tmp_path / "another-data-dir", None) is False


def test_listen_refuses_when_another_process_answers(qtbot, service, runtime_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The other app is a plain socket server on its own thread, as another process would be."""
    path = ipc.socket_path(service.data_dir)
    other = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    other.bind(path)
    other.listen()

    def answer_once() -> None:
        conn, _ = other.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(ipc.encode(ipc.ok("pong")))

    thread = threading.Thread(target=answer_once, daemon=True)
    thread.start()
    server = SingleInstanceServer(service.data_dir, ipc.Dispatcher(), None)  # type: ignore[arg-type]
    try:
        assert server.listen() is False
        assert Path(path).exists()  # the running app's socket was left alone
    finally:
        thread.join(5)
        other.close()
        server.close()


def test_a_stale_socket_file_is_replaced(qtbot, service, runtime_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path = ipc.socket_path(service.data_dir)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)
    dead.close()  # a crashed app's socket file: nobody listens
    server = SingleInstanceServer(service.data_dir, ipc.Dispatcher(), None)  # type: ignore[arg-type]
    try:
        assert server.listen()
        assert in_thread(qtbot, lambda: ipc.call(service.data_dir, "ping")) == "pong"
    finally:
        server.close()


@pytest.mark.parametrize("query", [None, "keys"])
def test_cli_second_start_and_popup_forward_to_the_running_app(qtbot, desktop, query: str | None) -> None:  # type: ignore[no-untyped-def]
    from remembrancer.app.cli.main import main

    assert desktop.server.listen()
    args = ["--data-dir", str(desktop.service.data_dir)]
    args += ["recall", "--popup", query] if query else []
    assert in_thread(qtbot, lambda: main(args)) == 0
    if query:
        qtbot.waitUntil(lambda: desktop.popup.isVisible() and desktop.popup.box.text() == query, timeout=TIMEOUT)


def test_browser_link_methods_are_served_and_pairing_is_put_to_the_user(qtbot, desktop, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert {"browser.autofill", "browser.filled", "browser.pair", "browser.log"} <= set(desktop.dispatcher.methods)
    approved: list[str] = []
    monkeypatch.setattr(desktop.service, "approve_browser_pairing", lambda code: approved.append(code) or {"code": code})
    reply = desktop.dispatcher.dispatch({"method": "browser.pair", "params": {"code": "K7Q2", "origin": "chrome-extension://abc", "browser": "Chromium"}})
    assert reply == {"ok": True, "result": {"shown": True}}  # answered at once: the box does not block the reply
    box = desktop.pairing.boxes["K7Q2"]
    assert box.isVisible() and "K7Q2" in box.text()
    with qtbot.waitSignal(desktop.pairing.approved, timeout=TIMEOUT):
        next(b for b in box.buttons() if b.text() == "Approve").click()
    assert approved == ["K7Q2"]
