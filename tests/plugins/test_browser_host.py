"""The native messaging host: framing, origin and pairing checks, the never-send rules."""
from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail

from remembrancer.app.browser_host import caller_origin, serve
from remembrancer.app.browser_install import GECKO_EXTENSION_ID
from remembrancer.app.browser_protocol import MAX_REQUEST, MAX_TO_BROWSER, encode_reply, error_reply
from tests.plugins.host_helpers import CARD, FORM, KEY, ORIGIN, PASSWORD, frame, make_host, pair, replies

ROOT = Path(__file__).resolve().parents[2]


def run(data_dir: Path, *frames: bytes, origin: str = ORIGIN) -> tuple[list[dict], bytes]:
    out = io.BytesIO()
    assert serve(io.BytesIO(b"".join(frames)), out, make_host(data_dir, origin)) == 0  # ends cleanly at EOF
    return replies(out.getvalue()), out.getvalue()


def autofill(request_id: int = 1, key: str = KEY, fields: list | None = None) -> bytes:
    return frame({"id": request_id, "type": "autofill", "key": key, "site": "http://127.0.0.1:8000/form?q=1", "fields": fields or FORM})


def test_well_formed_request_gets_suggestions_and_never_a_secret(data_dir: Path) -> None:
    pair(data_dir)
    [reply], raw = run(data_dir, autofill(7))
    assert reply["ok"] and reply["id"] == 7
    values = {s["field"]: s["value"] for s in reply["suggestions"]}
    assert values["given"] == "Ana" and values["email"] == "ana@example.org" and values["city"] == "Lisbon"
    assert values["pw"] is None and values["cc"] is None and values["otp"] is None and values["notes"] is None
    for secret in (PASSWORD, CARD, CARD.replace(" ", ""), "493817"):
        assert secret.encode() not in raw
    log = (data_dir / "browser" / "log.jsonl").read_text()
    assert "http://127.0.0.1:8000" in log and "/form" not in log and "Ana" not in log


def test_wrong_origin_gets_an_error_for_every_message_and_the_host_stays_up(data_dir: Path) -> None:
    pair(data_dir, origin="chrome-extension://abcdefghijklmnopabcdefghijklmnop/")
    got, _ = run(data_dir, frame({"id": 1, "type": "hello"}), autofill(2), origin="chrome-extension://abcdefghijklmnopabcdefghijklmnop/")
    assert [(r["id"], r["error"]["code"]) for r in got] == [(1, "bad_origin"), (2, "bad_origin")]


def test_unpaired_or_wrong_key_is_refused(data_dir: Path) -> None:
    got, _ = run(data_dir, autofill(1), frame({"id": 2, "type": "hello", "key": KEY}))
    assert got[0]["error"]["code"] == "unpaired"
    assert got[1] == {"ok": True, "type": "hello", "id": 2, "version": 1, "paired": False}
    pair(data_dir)
    got, _ = run(data_dir, autofill(3, key="x" * 64), autofill(4, key=""), frame({"id": 5, "type": "filled", "site": "http://a.b", "accepted": []}))
    assert [r["error"]["code"] for r in got] == ["unpaired"] * 3


def test_pairing_files_a_request_that_approval_turns_into_access(data_dir: Path) -> None:
    from remembrancer.app.browser_pairing import Pairings

    [pending], _ = run(data_dir, frame({"id": 1, "type": "pair", "key": KEY, "browser": "Chromium"}))
    assert pending["status"] == "pending" and len(pending["code"]) == 7
    Pairings(data_dir).approve(pending["code"])
    got, _ = run(data_dir, frame({"id": 2, "type": "pair", "key": KEY}), autofill(3))
    assert got[0]["status"] == "paired" and got[1]["ok"]
    Pairings(data_dir).revoke(ORIGIN)
    [again], _ = run(data_dir, autofill(4))
    assert again["error"]["code"] == "unpaired"


def test_malformed_lengths_get_errors_and_the_host_reads_on(data_dir: Path) -> None:
    hello = frame({"id": 9, "type": "hello"})
    got, _ = run(data_dir, struct.pack("=I", 0), hello, struct.pack("=I", 0xFFFFFFF0), hello, struct.pack("=I", 50) + b'{"id": 1')
    assert [r.get("id") for r in got] == [None, 9, None, 9, None]
    assert [r["error"]["code"] for r in got if not r["ok"]] == ["bad_length"] * 3
    assert "ended after 8 of the 50 bytes" in got[-1]["error"]["message"]


def test_oversize_and_invalid_json_messages_are_refused_and_skipped(data_dir: Path) -> None:
    hello = frame({"id": 9, "type": "hello"})
    big = struct.pack("=I", MAX_REQUEST + 1) + b" " * (MAX_REQUEST + 1)
    got, _ = run(data_dir, big, hello, frame(b"{not json"), frame(b"\xff\xfe"), frame(b"[1, 2]"), frame({"id": 3, "type": "steal"}), hello)
    assert [r["error"]["code"] if not r["ok"] else "ok" for r in got] == ["too_large", "ok", "bad_json", "bad_json", "bad_request", "bad_request", "ok"]


def test_a_reply_above_the_browser_limit_becomes_an_error() -> None:
    frame_bytes = encode_reply({"ok": True, "id": 4, "blob": "x" * (MAX_TO_BROWSER + 10)})
    [reply] = replies(frame_bytes)
    assert reply == error_reply(4, "too_large", reply["error"]["message"])


def test_no_keyring_is_a_clear_error(data_dir: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        [reply], _ = run(data_dir, frame({"id": 1, "type": "pair", "key": KEY}))
    finally:
        keyring.set_keyring(previous)
    assert reply["error"]["code"] == "no_keyring" and "no OS keyring" in reply["error"]["message"]


def test_caller_origin_from_chromium_and_firefox_arguments() -> None:
    assert caller_origin([ORIGIN]) == ORIGIN
    assert caller_origin([ORIGIN, "--parent-window=0"]) == ORIGIN
    assert caller_origin(["/home/u/.mozilla/native-messaging-hosts/x.json", GECKO_EXTENSION_ID]) == GECKO_EXTENSION_ID
    assert caller_origin([]) == ""


def test_the_host_program_stays_up_through_bad_frames(data_dir: Path) -> None:
    """The real executable: bad frames in between, it answers each and exits 0 at EOF."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    stdin = b"".join([struct.pack("=I", 0), frame(b"nope"), frame({"id": 1, "type": "hello", "key": KEY}), frame({"id": 2, "type": "pair", "key": KEY})])
    done = subprocess.run(
        [sys.executable, "-m", "remembrancer.app.browser_host", "--data-dir", str(data_dir), ORIGIN], input=stdin, capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
    got = replies(done.stdout)
    assert [r["error"]["code"] if not r["ok"] else r["type"] for r in got] == ["bad_length", "bad_json", "hello", "pair"]
    assert got[3]["status"] == "pending"
    state = json.loads((data_dir / "browser" / "pairing.json").read_text())
    assert state["pending"][0]["code"] == got[3]["code"] and KEY not in json.dumps(state)  # the key is in the keyring only


def test_a_damaged_settings_file_is_named_and_the_host_stays_up(data_dir: Path) -> None:
    from remembrancer.app.browser_host import BrowserHost, Relay, local_dispatcher
    from remembrancer.app.browser_pairing import Pairings

    pair(data_dir)
    (data_dir / "settings.json").write_text("{broken", encoding="utf-8")
    host = BrowserHost(ORIGIN, Pairings(data_dir), Relay(data_dir, lambda: local_dispatcher(data_dir)))
    out = io.BytesIO()
    assert serve(io.BytesIO(autofill(1) + frame({"id": 2, "type": "hello", "key": KEY})), out, host) == 0
    got = replies(out.getvalue())
    assert got[0]["error"]["code"] == "app_error" and "settings.json:1" in got[0]["error"]["message"]
    assert got[1]["paired"] is True


def test_requests_are_relayed_to_the_running_app(data_dir: Path) -> None:
    """With an app listening on the data dir's socket, the host never opens the store itself."""
    import socket
    import threading

    from remembrancer.app import ipc
    from remembrancer.app.browser_host import BrowserHost, Relay
    from remembrancer.app.browser_pairing import Pairings
    from remembrancer.app.browser_service import BrowserService, register_browser_handlers
    from remembrancer.memory.autofill.types import FieldSuggestion

    dispatcher = ipc.Dispatcher()
    app_engine = lambda fields, person: [FieldSuggestion(f.key, "from-the-app", 0.9, ["p-9"]) for f in fields]  # noqa: E731
    register_browser_handlers(dispatcher, BrowserService(data_dir, app_engine))
    path = ipc.socket_path(data_dir)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen()

    def serve_app() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                line = conn.makefile("rb").readline()
                conn.sendall(ipc.encode(dispatcher.dispatch(ipc.decode(line))))

    threading.Thread(target=serve_app, daemon=True).start()
    try:
        pair(data_dir)

        def no_local() -> ipc.Dispatcher:
            raise AssertionError("the host opened the store while the app runs")

        out = io.BytesIO()
        serve(io.BytesIO(autofill(1, fields=[{"id": "given", "autocomplete": "given-name"}, {"id": "pw", "type": "password"}])), out,
              BrowserHost(ORIGIN, Pairings(data_dir), Relay(data_dir, no_local)))
    finally:
        server.close()
        os.unlink(path)
    [reply] = replies(out.getvalue())
    assert [(s["field"], s["value"]) for s in reply["suggestions"]] == [("given", "from-the-app"), ("pw", None)]
