"""The native messaging wire format, and what the host does with bad frames.

Each message, both ways, is a 32-bit length in the machine's native byte order
followed by that many bytes of UTF-8 JSON (Chrome and Firefox both). The
browser refuses messages from a host above 1 MB and sends at most 64 MiB.

A bad frame must not take the host down (the browser would show a dead link
and lose the pairing prompt), so every problem here becomes a `FrameError`
the host answers with an error message before reading the next frame:

- length 0, or above 64 MiB (no browser sends that: the four bytes were not a
  header) -> `bad_length`, only the header is consumed;
- above our own 1 MiB request limit -> `too_large`, the body is read and
  dropped so the stream stays in step;
- fewer body bytes than announced before the stream ends -> `bad_length`
  (the next read then sees the end);
- not UTF-8 JSON (or nested too deeply to decode) -> `bad_json`; JSON but not an object -> `bad_request`.

Outgoing replies above the 1 MB limit are never sent: `encode_reply` turns
them into a `too_large` error so the browser never drops the connection.
"""
from __future__ import annotations

import json
import logging
import struct
from typing import Any, BinaryIO

logger = logging.getLogger(__name__)

HEADER = struct.Struct("=I")            # native byte order, 4 bytes
MAX_TO_BROWSER = 1024 * 1024            # Chrome and Firefox drop larger host messages
MAX_FROM_BROWSER = 64 * 1024 * 1024     # the browser never sends more
MAX_REQUEST = 1024 * 1024               # what this host accepts (a form is a few KB)
_CHUNK = 65536


class FrameError(Exception):
    """A frame the host cannot use; it answers with `code` and reads on."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def error_reply(request_id: object, code: str, message: str) -> dict[str, Any]:
    reply: dict[str, Any] = {"ok": False, "error": {"code": code, "message": message}}
    if isinstance(request_id, (str, int)) and not isinstance(request_id, bool):
        reply["id"] = request_id
    return reply


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, got = [], 0
    while got < size:
        chunk = stream.read(min(_CHUNK, size - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_message(stream: BinaryIO) -> dict[str, Any] | None:
    """The next message, None at the end of the stream; `FrameError` for a bad frame."""
    header = _read_exactly(stream, HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise FrameError("bad_length", f"the stream ended inside a length header ({len(header)} of 4 bytes)")
    (length,) = HEADER.unpack(header)
    if length == 0:
        raise FrameError("bad_length", "a message of length 0")
    if length > MAX_FROM_BROWSER:
        raise FrameError("bad_length", f"a length of {length} bytes is above the browser's 64 MiB limit: not a message header")
    if length > MAX_REQUEST:
        dropped = len(_read_exactly(stream, length))  # stay in step with the stream: skip the body
        raise FrameError("too_large", f"a message of {length} bytes is above the host's {MAX_REQUEST}-byte limit (dropped {dropped})")
    body = _read_exactly(stream, length)
    if len(body) < length:
        raise FrameError("bad_length", f"the message ended after {len(body)} of the {length} bytes its header announced")
    try:
        message = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FrameError("bad_json", f"the message is not UTF-8 (byte {exc.start})") from None
    except ValueError as exc:
        raise FrameError("bad_json", f"the message is not JSON: {exc}") from None
    except RecursionError:  # `[[[[...` a few thousand deep: the decoder recurses per level
        raise FrameError("bad_json", "the message is not JSON: nested too deeply") from None
    if not isinstance(message, dict):
        raise FrameError("bad_request", "a message must be a JSON object")
    return message


def encode_message(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return HEADER.pack(len(body)) + body


def encode_reply(reply: dict[str, Any]) -> bytes:
    """`reply` framed, or a `too_large` error in its place when it would pass the 1 MB limit."""
    frame = encode_message(reply)
    if len(frame) - HEADER.size > MAX_TO_BROWSER:
        logger.warning("a reply of %d bytes is above the browser's limit; sending an error instead", len(frame))
        frame = encode_message(error_reply(reply.get("id"), "too_large", "the answer is larger than the 1 MB a browser accepts; ask for fewer fields"))
    return frame


def write_message(stream: BinaryIO, reply: dict[str, Any]) -> None:
    stream.write(encode_reply(reply))
    stream.flush()
