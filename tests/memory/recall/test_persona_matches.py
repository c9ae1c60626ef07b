"""Profile questions: the asked attribute answers first; a related one stands in only when it is unknown."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.recall.level_search import persona_matches
from tests.helpers import record, write_jsonl


def attributes_for(tmp_path: Path, lines: list[str], question: str) -> list[tuple[str, str]]:
    chat = [record(f"m{i}", text, "Ana", time=f"2024-03-0{i + 1}T10:00:00") for i, text in enumerate(lines)]
    chat.append(record("b1", "Good to hear.", "Ben", time="2024-03-09T10:00:00"))
    with Memory(tmp_path / "data", "fake") as mem:
        mem.import_path(write_jsonl(tmp_path / "chat.jsonl", chat))
        rows = persona_matches(mem.db, question, {"ana"})
        return [mem.db.execute("SELECT attribute, value FROM persona WHERE rowid = ?", [r]).fetchone() for r, _ in rows]


def test_where_someone_is_from_stands_in_for_an_unknown_home(tmp_path: Path) -> None:
    assert attributes_for(tmp_path, ["I'm originally from Sweden."], "Where does Ana live?") == [("origin", "Sweden")]


def test_a_known_home_answers_alone(tmp_path: Path) -> None:
    found = attributes_for(tmp_path, ["I'm originally from Sweden.", "I live in Lisbon now."], "Where does Ana live?")
    assert found == [("home", "Lisbon")]
