"""Small builders shared by the test modules (no Qt, no model)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from remembrancer.memory.types import ParsedMessage


def record(id: str, text: str, speaker: str = "Ana", conversation: str = "c1", time: str = "2024-03-01T10:00:00", **extra: Any) -> dict[str, Any]:
    """One JSONL import record in the contract's shape."""
    return {"conversation": conversation, "id": id, "time": time, "speaker": speaker, "text": text, **extra}


def write_jsonl(path: Path, records: list[dict[str, Any]] | list[str]) -> Path:
    """Write records (dicts, or raw strings taken verbatim) one per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def parsed(id: str, text: str, speaker: str = "Ana", conversation: str = "c1", time: str = "2024-03-01T10:00:00+00:00") -> ParsedMessage:
    return ParsedMessage(id=id, conversation=conversation, time=time, speaker=speaker, text=text)


# A small chat used by the store, recall and CLI tests: two conversations,
# minutes apart, with distinctive words in each turn.
CHAT = [
    record("trip-1", "Shall we plan the summer trip this weekend?", "Odile", "trip", "2024-05-01T09:00:00"),
    record("trip-2", "Yes! I would love to hike in the Dolomites.", "Wren", "trip", "2024-05-01T09:01:00"),
    record("trip-3", "I booked a mountain hut near Cortina for July.", "Odile", "trip", "2024-05-01T09:02:00"),
    record("trip-4", "Perfect, I will bring my new tent as a backup.", "Wren", "trip", "2024-05-01T09:03:00"),
    record("pets-1", "My cat Luna knocked over the violin stand again.", "Wren", "pets", "2024-05-02T18:00:00", role="user"),
    record("pets-2", "Ha, cats and instruments never mix. Is the violin okay?", "Odile", "pets", "2024-05-02T18:01:00", role="assistant"),
    record("pets-3", "The violin survived, but the sheet music is shredded.", "Wren", "pets", "2024-05-02T18:02:00"),
]


def write_chat(path: Path) -> Path:
    return write_jsonl(path, CHAT)


def app_store_key(data_dir: Path):  # -> StoreKey | None
    """The key of a store the app made, found as the app finds it (the test keyring)."""
    from remembrancer.app.store_key import unlock_store

    return unlock_store(data_dir, encrypt_new=False).key


def store_connection(data_dir: Path):  # -> sqlcipher3 Connection
    """A read connection to a store the app made (encrypted, key from the test keyring), for assertions."""
    from remembrancer.memory.store.database import DB_FILENAME, connect

    return connect(data_dir / DB_FILENAME, app_store_key(data_dir))


def open_app_store(data_dir: Path, **kwargs: Any):  # -> Memory
    """The `Memory` of a store the app (CLI) made: unlocked as the app unlocks it."""
    from remembrancer.memory import Memory

    return Memory(data_dir, "fake", key=app_store_key(data_dir), **kwargs)
