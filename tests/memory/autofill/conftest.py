"""A store holding one user's chats (with secrets pasted in by mistake) for the autofill tests."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from remembrancer.memory import Memory
from tests.helpers import record, write_jsonl

USER_CHAT = [
    record("u-1", "Hi Tom! My name is Lena Fischer, we met at the climbing gym.", "Lena", "gym", "2024-02-01T18:00:00", role="user"),
    record("u-2", "Oh right, nice to see you here!", "Tom", "gym", "2024-02-01T18:01:00", role="other"),
    record("u-3", "I live in Hamburg now, moved up from Munich.", "Lena", "gym", "2024-02-01T18:02:00", role="user"),
    record("u-4", "I work at Airbus as an engineer, mostly on cabin layouts.", "Lena", "gym", "2024-02-01T18:03:00", role="user"),
    record("u-5", "My email is lena.f@oldmail.de if you want the route photos.", "Lena", "gym", "2024-02-01T18:04:00", role="user"),
    record("u-6", "Mine is tom.berg@example.com, send them over.", "Tom", "gym", "2024-02-01T18:05:00", role="other"),
    record("u-7", "My email is tom.berg@example.com by the way.", "Tom", "gym", "2024-02-01T18:06:00", role="other"),
    record("u-8", "My card number is 4111 1111 1111 1111, can you book the hut for both of us?", "Lena", "gym", "2024-02-01T18:07:00", role="user"),
    record("u-9", "And the hut wifi password is Kx9#mPq2z! if you get there first.", "Lena", "gym", "2024-02-01T18:08:00", role="user"),
    record("u-10", "I'm allergic to hazelnuts, so no cake for me please.", "Lena", "gym", "2024-02-01T18:09:00", role="user"),
    record("u-11", "I love bouldering. I play the violin on weekends.", "Lena", "gym", "2024-02-01T18:10:00", role="user"),
    record("u-12", "Heads up: my new email is lena@fischer.dev, the old one is gone.", "Lena", "later", "2024-06-10T09:00:00", role="user"),
    record("u-13", "Noted!", "Tom", "later", "2024-06-10T09:01:00", role="other"),
]
SECRETS = ("4111 1111 1111 1111", "4111111111111111", "Kx9#mPq2z!")


def _store(folder: Path) -> Memory:
    memory = Memory(folder / "data", "fake")  # the real rules extractor: the attributes come from the chat
    memory.import_path(write_jsonl(folder / "chat.jsonl", USER_CHAT))
    return memory


@pytest.fixture(scope="module")
def user_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Memory]:
    """One import per test module, for tests that only read (autofill never writes)."""
    memory = _store(tmp_path_factory.mktemp("autofill"))
    yield memory
    memory.close()


@pytest.fixture
def own_store(tmp_path: Path) -> Iterator[Memory]:
    """A store of its own, for tests that change it (accepting suggestions reinforces memories)."""
    memory = _store(tmp_path)
    yield memory
    memory.close()
