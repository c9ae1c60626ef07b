"""`remembrancer-browser-host`: the native messaging host the extension talks to.

The browser starts this program and speaks the native messaging protocol on
its stdin/stdout (`app/browser_protocol.py`). For every message it checks, in
order: the caller's origin against the allowed list (Chromium passes
`chrome-extension://ID/`, Firefox the extension id), then the pairing key
(`app/browser_pairing.py`) for anything but `hello` and `pair`. Then it
relays the request to the running app over its local socket, or, when no app
runs, serves it here from the store opened in this process (recall without
reinforcement: a form fill is not the user reviewing a memory).

Requests (each may carry an "id" the reply echoes):

    {"type": "hello"}                                  -> {"paired": bool, "version": ...}
    {"type": "pair", "key": K, "browser": "..."}       -> {"status": "pending", "code": "123-456"} | {"status": "paired"}
    {"type": "autofill", "key": K, "site": URL, "fields": [FormField...], "person": null}
                                                       -> {"suggestions": [FieldSuggestion...]}
    {"type": "filled", "key": K, "site": URL, "accepted": [ids], "declined": [ids]} -> {"logged": true}

Errors: {"ok": false, "error": {"code": ..., "message": ...}}; codes
`bad_origin`, `unpaired`, `bad_request`, `bad_json`, `bad_length`,
`too_large`, `no_keyring`, `app_error` (the app failed, or a damaged
settings or pairing file, named in the message), `internal`. The host stays up after
every one of them and exits when the browser closes the pipe.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from remembrancer.app import ipc
from remembrancer.app.browser_install import allowed_origins
from remembrancer.app.browser_pairing import Pairings
from remembrancer.app.browser_policy import enforce
from remembrancer.app.browser_protocol import FrameError, error_reply, read_message, write_message
from remembrancer.app.browser_service import BrowserService, parse_fields, register_browser_handlers
from remembrancer.app.logging_setup import configure_logging
from remembrancer.app.secrets import SecretsUnavailable
from remembrancer.app.settings import Settings, resolve_data_dir
from remembrancer.memory.autofill.types import FieldSuggestion
from remembrancer.memory.errors import InputError

logger = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
RELAY_TIMEOUT = 30.0
UNPAIRED_TYPES = ("hello", "pair")


class HostError(Exception):
    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


class Relay:
    """The running app when there is one, else a store opened here on first need."""

    def __init__(self, data_dir: Path, open_local: Callable[[], ipc.Dispatcher]):
        self.data_dir = data_dir
        self._open_local = open_local
        self._local: ipc.Dispatcher | None = None

    def call(self, method: str, params: dict[str, Any]) -> Any:
        try:
            reply = ipc.send(self.data_dir, method, params, timeout=RELAY_TIMEOUT)
        except ipc.AppNotRunning:
            if self._local is None:
                logger.info("no app runs for %s: serving browser requests from this process", self.data_dir)
                self._local = self._open_local()
            reply = self._local.dispatch({"method": method, "params": params})
        except ipc.IpcError as exc:
            raise HostError("app_error", f"the app did not answer: {exc}") from None
        if not reply.get("ok"):
            raise HostError("app_error", str(reply.get("error")))
        return reply.get("result")


def local_dispatcher(data_dir: str | Path | None) -> ipc.Dispatcher:
    """The app's browser handlers, on a store this process opens (when the app is not running)."""
    from remembrancer.app.context import AppContext  # loads the core only when the app is not there to ask
    from remembrancer.app.service import MemoryService

    ctx = AppContext(data_dir)
    service = MemoryService(ctx)
    browser = BrowserService(ctx.settings.data_dir, lambda fields, person: service.autofill(fields, person=person), ctx.plugins, lambda: ctx.now)
    dispatcher = ipc.Dispatcher()
    register_browser_handlers(dispatcher, browser)
    return dispatcher


class BrowserHost:
    """Checks and answers one message at a time (no I/O here, so tests call it directly)."""

    def __init__(self, origin: str, pairings: Pairings, relay: Relay, allowed: set[str] | None = None):
        self.origin = origin
        self.pairings = pairings
        self.relay = relay
        self.allowed = allowed_origins() if allowed is None else allowed

    def handle(self, message: dict[str, Any]) -> dict[str, Any]:
        request_id = message.get("id")
        try:
            result = self._answer(message)
        except HostError as exc:
            return error_reply(request_id, exc.code, str(exc))
        except SecretsUnavailable as exc:
            return error_reply(request_id, "no_keyring", str(exc))
        except InputError as exc:  # a damaged settings or pairing file: the message names it
            return error_reply(request_id, "app_error", str(exc))
        except ValueError as exc:
            return error_reply(request_id, "bad_request", str(exc))
        except Exception as exc:
            logger.exception("browser request failed")
            return error_reply(request_id, "internal", f"{type(exc).__name__} (details in the Remembrancer log)")
        reply = {"ok": True, "type": message.get("type"), **result}
        if isinstance(request_id, (str, int)) and not isinstance(request_id, bool):
            reply["id"] = request_id
        return reply

    def _answer(self, message: dict[str, Any]) -> dict[str, Any]:
        if self.origin not in self.allowed:
            raise HostError("bad_origin", f"{self.origin or 'an unknown caller'} is not an extension this host serves")
        kind = message.get("type")
        if kind == "hello":
            return {"version": PROTOCOL_VERSION, "paired": self.pairings.is_paired(self.origin, message.get("key"))}
        if kind == "pair":
            return self._pair(message)
        if kind not in ("autofill", "filled"):
            raise HostError("bad_request", f"unknown request type {kind!r}")
        if not self.pairings.is_paired(self.origin, message.get("key")):
            raise HostError("unpaired", "this browser is not paired with Remembrancer: pair it and approve the code in the app")
        params = {k: message[k] for k in ("site", "fields", "person", "accepted", "declined") if k in message}
        if kind == "filled":
            return self.relay.call("browser.filled", params)
        fields = parse_fields(message.get("fields"))
        result = self.relay.call("browser.autofill", params)
        suggestions = [FieldSuggestion(**s) for s in (result or {}).get("suggestions", [])]
        return {"suggestions": [s.to_json() for s in enforce(fields, suggestions)]}  # the last check before the page

    def _pair(self, message: dict[str, Any]) -> dict[str, Any]:
        key = message.get("key")
        if self.pairings.is_paired(self.origin, key):
            return {"status": "paired"}
        browser = message.get("browser") if isinstance(message.get("browser"), str) else ""
        request = self.pairings.request(self.origin, key, browser)  # type: ignore[arg-type]  # checked inside
        try:
            self.relay.call("browser.pair", {"code": request.code, "origin": request.origin, "browser": request.browser})
        except HostError as exc:  # the request is filed either way; the app lists it
            logger.warning("could not tell the app about pairing %s: %s", request.code, exc)
        return {"status": "pending", "code": request.code}


def serve(stdin: BinaryIO, stdout: BinaryIO, host: BrowserHost) -> int:
    """Answer messages until the browser closes the pipe."""
    while True:
        try:
            message = read_message(stdin)
        except FrameError as exc:
            logger.warning("bad frame from the browser: %s", exc)
            write_message(stdout, error_reply(None, exc.code, str(exc)))
            continue
        if message is None:
            return 0
        write_message(stdout, host.handle(message))


def caller_origin(args: Sequence[str]) -> str:
    """Chromium passes `chrome-extension://ID/` (and on Windows `--parent-window=`);
    Firefox passes the manifest path and then the extension id."""
    for arg in args:
        if arg.startswith("chrome-extension://"):
            return arg
    positional = [a for a in args if not a.startswith("--")]
    return positional[1] if len(positional) >= 2 else ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="remembrancer-browser-host", description="Native messaging host (started by the browser).")
    parser.add_argument("--data-dir", metavar="DIR")
    args, rest = parser.parse_known_args(argv)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout is the protocol: a stray print must not corrupt it
    data_dir = resolve_data_dir(args.data_dir)
    try:
        settings = Settings.load(data_dir)
    except InputError as exc:  # still serve: each request then gets the error naming the file
        print(f"remembrancer-browser-host: {exc}", file=sys.stderr)
        settings = Settings(data_dir=data_dir)
    configure_logging(settings.log_dir, settings.log_level)
    origin = caller_origin(rest)
    logger.info("browser host started for %s (data dir %s)", origin or "an unknown caller", data_dir)
    host = BrowserHost(origin, Pairings(data_dir), Relay(data_dir, lambda: local_dispatcher(data_dir)))
    return serve(stdin, stdout, host)


if __name__ == "__main__":
    sys.exit(main())
