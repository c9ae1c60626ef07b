"""Hostile inputs for every importer and the native-messaging framing, as hypothesis properties.

Each target says what "handled" means for its input: an importer returns
messages the store can hold (valid Unicode, a parseable time) or raises
`InputError` (never another exception, never a hang); the framing returns
a message, the end of the stream, or `FrameError`. Besides malformed
structure, every importer gets hostile text: lone surrogates (as JSON
escapes, and as the bytes a careless encoder writes), terminal control
sequences, bidi overrides, C1 controls, and texts up to a megabyte.
`tests/memory/importers/test_fuzz.py` and `tests/app/test_browser_protocol_fuzz.py`
run them with a few examples each; `benchmarks/fuzz.py` with many, counting.
"""
from __future__ import annotations

import io
import json
import signal
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from remembrancer.app.browser_protocol import HEADER, FrameError, read_message
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import builtin_importers
from remembrancer.memory.timeutil import parse_time
from remembrancer.memory.types import ParsedMessage

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
JSON = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=30)
# Text with what breaks naive parsers: NUL, lone surrogates are not encodable, so control and wide characters.
NASTY_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(["\x00", "\r", "\u2028", "\ufeff", "[", "]", ":", "#"]), max_size=300)


# What a terminal or the store chokes on: lone surrogates (JSON can escape them), escape
# sequences, BEL, NUL, CR, C1 controls (\x9b is a one-character CSI), bidi overrides and isolates.
HOSTILE_CHARS = st.sampled_from(
    ["\ud800", "\udbff", "\udc00", "\udfff", "\x1b[31m", "\x1b]0;title\x07", "\x07", "\x00", "\r", "\x7f", "\x85", "\x9b",
     "\u202e", "\u2066", "\u200f", "\u2028"]
)
HOSTILE_TEXT = st.lists(st.text(st.characters(codec="utf-8"), max_size=8) | HOSTILE_CHARS, max_size=30).map("".join)


def long_text(size: int, shape: str) -> str:
    """`size` characters of one shape: words, sentences, lines, one unbroken word, or words with control characters."""
    unit = {"words": "lorem ipsum dolor ", "sentences": "I moved to Oslo in 2020. ", "lines": "Ana packed.\n\n",
            "unbroken": "x", "controls": "red\x1b[0m \u202eword "}[shape]
    return (unit * (size // len(unit) + 1))[:size]


LONG_TEXT = st.builds(long_text, st.sampled_from([2_001, 20_000, 200_000, 1_000_000]),
                      st.sampled_from(["words", "sentences", "lines", "unbroken", "controls"]))
# Strings inside JSON files: ordinary or hostile (surrogates included: json.dumps escapes them).
# Long texts come one per file (below), so a file stays near a megabyte at most.
JSON_TEXT = st.text(max_size=40) | HOSTILE_TEXT


def deep_json(depth: int, opener: str = "[") -> str:
    closer = {"[": "]", "{": "}"}[opener]
    inner = '{"a":' * depth + "1" + "}" * depth if opener == "{" else opener * depth + closer * depth
    return inner


def encodings(text: str) -> st.SearchStrategy[bytes]:
    """`text` as the wrong encodings a user's file may come in (surrogates written as bytes too: invalid UTF-8)."""
    return st.sampled_from(["utf-8", "utf-16", "utf-32", "latin-1", "cp1252", "surrogatepass"]).map(
        lambda enc: text.encode("utf-8", errors="surrogatepass") if enc == "surrogatepass" else text.encode(enc, errors="replace"))


# -- file contents per importer --------------------------------------------------------------
def _jsonl_record(value: Any) -> dict[str, Any]:
    base = {"conversation": "c", "id": "m", "time": "2024-01-01T10:00:00", "speaker": "Ana", "text": "hi"}
    if isinstance(value, dict):
        base.update(value)  # odd types and missing-looking values in the required fields
    return base


jsonl_lines = st.one_of(
    JSON.map(json.dumps),
    st.fixed_dictionaries({}, optional={k: JSON_TEXT for k in ("conversation", "id", "speaker", "text", "note")}).map(lambda d: json.dumps(_jsonl_record(d))),
    st.dictionaries(st.sampled_from(["conversation", "id", "time", "speaker", "text", "role"]), JSON, max_size=6).map(lambda d: json.dumps(_jsonl_record(d))),
    st.integers(1, 50_000).map(deep_json),
    NASTY_TEXT,
    HOSTILE_TEXT,
)
JSONL_FILES = (
    st.lists(jsonl_lines, max_size=8).map(lambda lines: "\n".join(lines)).flatmap(encodings)
    | st.tuples(st.lists(jsonl_lines, max_size=3), LONG_TEXT).map(lambda t: "\n".join([*t[0], json.dumps(_jsonl_record({"text": t[1]}))])).flatmap(encodings)
    | st.binary(max_size=2000)
)


def _chatgpt_node(value: Any) -> Any:
    return {"parent": None, "children": [], "message": value} if not isinstance(value, dict) else value


node_ids = st.sampled_from(["a", "b", "c", None])
chatgpt_nodes = st.fixed_dictionaries(
    {},
    optional={
        "parent": node_ids | JSON,
        "children": st.lists(node_ids, max_size=3) | JSON,
        "message": st.fixed_dictionaries(
            {},
            optional={
                "author": st.fixed_dictionaries({}, optional={"role": st.sampled_from(["user", "assistant", "system"]) | JSON}) | JSON,
                "content": st.fixed_dictionaries({}, optional={"parts": st.lists(JSON, max_size=3), "text": JSON}) | JSON,
                "create_time": st.floats() | st.integers() | JSON,
                "id": JSON,
                "metadata": JSON,
            },
        ) | JSON,
    },
)
chatgpt_conversations = st.fixed_dictionaries(
    {},
    optional={
        "mapping": st.dictionaries(st.sampled_from(["a", "b", "c"]), chatgpt_nodes, max_size=3) | JSON,
        "current_node": node_ids | JSON,
        "title": JSON,
        "id": JSON,
        "create_time": st.floats() | JSON,
    },
)
# A well-formed thread a -> b -> c whose fields are each sometimes odd: finds
# what needs several things right at once (a user message with an absurd time,
# a child list that loops back).
_ODD_TIME = st.floats() | st.integers() | st.sampled_from([1e20, -1e20, 2**63, -(2**63), 253402300800])
def _skeleton_node(parent: str | None) -> st.SearchStrategy[dict]:
    return st.tuples(
        st.sampled_from([parent, parent, parent, None, "a", "c"]), st.lists(st.sampled_from(["a", "b", "c"]), max_size=2),
        st.sampled_from(["user", "user", "assistant", "system"]), st.lists(st.text(min_size=1, max_size=20) | JSON_TEXT, min_size=1, max_size=2) | JSON,
        _ODD_TIME,
    ).map(lambda t: {"parent": t[0], "children": t[1], "message": {"author": {"role": t[2]}, "content": {"parts": t[3]}, "create_time": t[4]}})


chatgpt_skeletons = st.fixed_dictionaries(
    {"mapping": st.fixed_dictionaries({"a": _skeleton_node(None), "b": _skeleton_node("a"), "c": _skeleton_node("b")})},
    optional={"current_node": st.sampled_from([None, "a", "b", "c", "z"]), "create_time": _ODD_TIME, "title": JSON_TEXT, "id": JSON_TEXT},
)


def _one_long_message(text: str) -> bytes:
    node = {"parent": None, "children": [], "message": {"author": {"role": "user"}, "content": {"parts": [text]}, "create_time": 1714557600}}
    return json.dumps([{"title": "long", "mapping": {"a": node}, "current_node": "a"}]).encode()


CHATGPT_FILES = (
    st.lists(chatgpt_skeletons, min_size=1, max_size=3).map(json.dumps).map(str.encode)
    | LONG_TEXT.map(_one_long_message)
    | st.lists(chatgpt_conversations | JSON, max_size=4).map(json.dumps).flatmap(encodings)
    | st.integers(1, 50_000).map(lambda d: deep_json(d).encode())
    | st.binary(max_size=2000)
)

md_lines = st.one_of(
    st.sampled_from(["---", "date: 2024-01-01", "date: not-a-date", "created: 99999-99-99", "author: Ana", "# Heading", "```", "~~~"]),
    st.text(st.characters(codec="utf-8"), max_size=60).map(lambda t: "#" * 3 + " " + t),
    NASTY_TEXT,
    HOSTILE_TEXT,
)
MARKDOWN_FILES = (
    st.lists(md_lines, max_size=12).map("\n".join).flatmap(encodings)
    | st.tuples(st.lists(md_lines, max_size=4), LONG_TEXT).map(lambda t: "\n".join([*t[0], t[1]])).flatmap(encodings)
    | st.binary(max_size=2000)
)

log_lines = st.one_of(
    st.tuples(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99),
              NASTY_TEXT | HOSTILE_TEXT).map(
        lambda t: f"[{t[0]:04d}-{t[1]:02d}-{t[2]:02d} {t[3]:02d}:{t[4]:02d}] Ana: {t[5]}"
    ),
    NASTY_TEXT,
    HOSTILE_TEXT,
)
TEXTLOG_FILES = (
    st.lists(log_lines, min_size=1, max_size=8).map("\n".join).flatmap(encodings)
    | st.tuples(st.lists(log_lines, max_size=3), LONG_TEXT).map(lambda t: "\n".join([*t[0], f"[2024-01-01 10:00] Ana: {t[1]}"])).flatmap(encodings)
    | st.binary(max_size=2000)
)


def zipped(member: str) -> Callable[[bytes], bytes]:
    def pack(content: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(member, content)
        return buffer.getvalue()

    return pack


CHATGPT_ZIPS = (
    CHATGPT_FILES.map(zipped("conversations.json"))
    | CHATGPT_FILES.map(zipped("export/conversations.json"))
    | CHATGPT_FILES.map(zipped("other.json"))
    | st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b)  # a zip header over garbage
)

_ISO = st.sampled_from(["2024-04-02T10:00:00Z", "2024-04-02T10:00:00.123456+02:00", "2024-04-02", "soon", "", "9999-99-99T00:00:00Z"]) | JSON
_PARTS = st.lists(st.fixed_dictionaries({"type": st.sampled_from(["text", "tool_use", "thinking"]) | JSON}, optional={"text": JSON_TEXT | JSON}) | JSON,
                  max_size=3)
claude_turns = st.fixed_dictionaries(
    {},
    optional={
        "uuid": st.sampled_from(["m1", "m2", ""]) | JSON, "sender": st.sampled_from(["human", "assistant"]) | JSON, "text": JSON_TEXT | JSON,
        "content": _PARTS | JSON, "created_at": _ISO, "updated_at": _ISO,
        "attachments": st.lists(st.fixed_dictionaries({}, optional={"file_name": JSON_TEXT, "file_type": JSON, "extracted_content": JSON_TEXT}) | JSON,
                                max_size=2) | JSON,
        "files": st.lists(st.fixed_dictionaries({}, optional={"file_name": JSON_TEXT | JSON}) | JSON, max_size=2) | JSON,
    },
)
claude_conversations = st.fixed_dictionaries(
    {"chat_messages": st.lists(claude_turns | JSON, max_size=4) | JSON},
    optional={"uuid": JSON_TEXT | JSON, "name": JSON_TEXT | JSON, "created_at": _ISO, "account": JSON},
)
CLAUDE_FILES = (
    st.lists(claude_conversations | JSON, max_size=3).map(json.dumps).flatmap(encodings)
    | LONG_TEXT.map(lambda text: json.dumps([{"uuid": "c", "chat_messages": [{"uuid": "m", "sender": "human", "text": text,
                                                                             "created_at": "2024-04-02T10:00:00Z"}]}]).encode())
    | st.binary(max_size=2000)
)
gemini_records = st.fixed_dictionaries(
    {"header": st.sampled_from(["Gemini Apps", "Bard"]) | JSON},
    optional={
        "title": st.sampled_from(["Prompted ", "Asked ", "Used Gemini Apps", ""]).flatmap(lambda v: JSON_TEXT.map(lambda t: v + t)) | JSON,
        "time": _ISO, "products": JSON,
        "safeHtmlItem": st.lists(st.fixed_dictionaries({"html": NASTY_TEXT | HOSTILE_TEXT | st.just("<p>a<ul><li>b</p></pre><br/>")}) | JSON,
                                 max_size=2) | JSON,
        "attachedFiles": st.lists(JSON_TEXT | JSON, max_size=2) | JSON,
    },
)
GEMINI_FILES = (
    st.lists(gemini_records | JSON, max_size=4).map(json.dumps).flatmap(encodings)
    | LONG_TEXT.map(lambda text: json.dumps([{"header": "Gemini Apps", "title": "Prompted x", "time": "2024-01-01T10:00:00Z",
                                              "safeHtmlItem": [{"html": text}]}]).encode())
    | st.binary(max_size=2000)
)

IMPORTER_CASES: dict[str, tuple[str, str, st.SearchStrategy[bytes]]] = {
    # name -> (importer, file name, contents)
    "jsonl": ("jsonl", "chat.jsonl", JSONL_FILES),
    "chatgpt": ("chatgpt", "conversations.json", CHATGPT_FILES),
    "chatgpt_zip": ("chatgpt", "export.zip", CHATGPT_ZIPS),
    "claude": ("claude", "conversations.json", CLAUDE_FILES),
    "gemini": ("gemini", "MyActivity.json", GEMINI_FILES),
    "markdown": ("markdown", "note.md", MARKDOWN_FILES),
    "text": ("text", "chat.txt", TEXTLOG_FILES),
}


class Hang(AssertionError):
    """An input kept the parser busy past its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail with `Hang` instead of looping for ever (POSIX, main thread; elsewhere no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_or_reject(importer: str, file_name: str, content: bytes, limit: float = 10.0) -> list[ParsedMessage] | InputError:
    """The property: a clean parse or an `InputError` naming the file, in time; anything else propagates."""
    with tempfile.TemporaryDirectory() as tmp, time_limit(limit):
        path = Path(tmp) / file_name
        path.write_bytes(content)
        try:
            parsed = builtin_importers()[importer].parse(path, Path(tmp))
        except InputError as exc:
            assert exc.path == str(path), exc
            return exc
    assert all(isinstance(m, ParsedMessage) and m.id and m.text for m in parsed)
    for message in parsed:
        assert_storable(message)
    return parsed


def assert_storable(message: ParsedMessage) -> None:
    """What the store needs of a parsed message: UTF-8-encodable text everywhere (SQLite), JSON metadata, a parseable time.

    A lone surrogate that slipped through parsing used to crash the import
    when stored, after earlier files were committed.
    """
    for value in (message.id, message.conversation, message.time, message.speaker, message.text, message.role, message.kind):
        value.encode("utf-8")
    json.dumps(message.metadata, ensure_ascii=False).encode("utf-8")
    parse_time(message.time)


# -- native messaging ---------------------------------------------------------------------------
def frame(body: bytes, length: int | None = None) -> bytes:
    return HEADER.pack(len(body) if length is None else length) + body


FRAMES = st.one_of(
    st.binary(max_size=3000),  # no framing at all
    st.lists(
        st.one_of(
            JSON.map(lambda v: frame(json.dumps(v).encode())),
            st.integers(1, 200_000).map(lambda d: frame(deep_json(d, "[").encode())),
            st.binary(max_size=200).map(frame),
            st.tuples(st.binary(max_size=50), st.integers(0, 2**32 - 1)).map(lambda t: frame(t[0], t[1])),  # lying length
            NASTY_TEXT.map(lambda t: frame(t.encode("utf-16"))),
        ),
        max_size=6,
    ).map(b"".join),
)


def read_all_frames(stream_bytes: bytes, limit: float = 10.0) -> tuple[int, int]:
    """Read frames until the end; every frame is a message or a `FrameError`. Returns (messages, errors).

    Each read must consume at least the 4 header bytes, so this ends: never a hang.
    """
    with time_limit(limit):
        return _read_all(io.BytesIO(stream_bytes), len(stream_bytes))


def _read_all(stream: io.BytesIO, size: int) -> tuple[int, int]:
    messages = errors = 0
    for _ in range(size // HEADER.size + 2):
        before = stream.tell()
        try:
            message = read_message(stream)
        except FrameError as exc:
            assert exc.code in ("bad_length", "too_large", "bad_json", "bad_request"), exc.code
            errors += 1
            assert stream.tell() > before, "a bad frame consumed nothing: the host would spin"
            continue
        if message is None:
            return messages, errors
        assert isinstance(message, dict)
        messages += 1
    raise AssertionError("the stream never ended")
