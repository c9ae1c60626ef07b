"""Framing helpers for the host tests: build native messaging frames, read replies."""
from __future__ import annotations

import io
import json
import struct
from pathlib import Path
from typing import Any

from remembrancer.app import ipc
from remembrancer.app.browser_host import BrowserHost, Relay
from remembrancer.app.browser_install import CHROMIUM_EXTENSION_ID
from remembrancer.app.browser_pairing import Pairings
from remembrancer.app.browser_service import BrowserService, register_browser_handlers
from remembrancer.memory.autofill.types import FieldSuggestion, FormField

ORIGIN = f"chrome-extension://{CHROMIUM_EXTENSION_ID}/"
KEY = "k" * 64
PASSWORD = "Tr0ub4dor&3-horse"
CARD = "4111 1111 1111 1111"


def frame(message: dict[str, Any] | bytes) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode("utf-8")
    return struct.pack("=I", len(body)) + body


def replies(data: bytes) -> list[dict[str, Any]]:
    out, stream = [], io.BytesIO(data)
    while header := stream.read(4):
        (length,) = struct.unpack("=I", header)
        assert length <= 1024 * 1024, "a frame above the browser's 1 MB limit left the host"
        out.append(json.loads(stream.read(length)))
    return out


def greedy_engine(fields: list[FormField], person: str | None) -> list[FieldSuggestion]:
    """An engine that would leak if nothing stopped it: it answers every field, secrets included."""
    values = {"given": "Ana", "email": "ana@example.org", "city": "Lisbon", "pw": PASSWORD, "cc": CARD, "notes": CARD, "otp": "493817"}
    return [FieldSuggestion(field=f.key, value=values.get(f.key, "x"), confidence=0.8, sources=["p-1"]) for f in fields]


def make_host(data_dir: Path, origin: str = ORIGIN, engine=greedy_engine) -> BrowserHost:
    def open_local() -> ipc.Dispatcher:
        dispatcher = ipc.Dispatcher()
        register_browser_handlers(dispatcher, BrowserService(data_dir, engine))
        return dispatcher

    return BrowserHost(origin, Pairings(data_dir), Relay(data_dir, open_local))


def pair(data_dir: Path, origin: str = ORIGIN, key: str = KEY) -> None:
    pairings = Pairings(data_dir)
    pairings.approve(pairings.request(origin, key, "Chromium").code)


FORM = [
    {"id": "given", "autocomplete": "given-name", "label": "First name"},
    {"id": "email", "type": "email"},
    {"id": "city", "label": "City"},
    {"id": "pw", "type": "password"},
    {"id": "cc", "autocomplete": "cc-number"},
    {"id": "otp", "autocomplete": "one-time-code"},
    {"id": "notes", "label": "Notes"},
]
