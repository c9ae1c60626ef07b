"""An old store (before the typed profile) is migrated on open with nothing lost (invented data)."""
from __future__ import annotations

from pathlib import Path

from memory import Memory
from memory.browse import list_persona
from tests.helpers import record, write_jsonl

_NEW_COLUMNS = ("kind", "names", "count", "valid_to", "text")


def test_an_old_store_gets_the_profile_columns_and_its_persona_rebuilt(tmp_path: Path) -> None:
    lines = ["My dog Pip is two.", "My puppy is so loud.", "I live in Grenmoor."]
    with Memory(tmp_path / "data", "fake") as memory:
        memory.import_path(write_jsonl(tmp_path / "a.jsonl", [record(f"m{i}", t, speaker="Ilse") for i, t in enumerate(lines)]))
        before = {(p.attribute, p.value) for p in list_persona(memory.db, "Ilse")}
        facts = memory.db.execute("SELECT count(*) FROM facts").fetchone()[0]
        # Make it the store an older version wrote: no profile columns, plain values, migration 10 not applied.
        for column in _NEW_COLUMNS:
            memory.db.execute(f"ALTER TABLE persona DROP COLUMN {column}")
        memory.db.execute("UPDATE persona SET value = 'dog' WHERE attribute = 'pet'")
        memory.db.execute("DELETE FROM _migrations WHERE version = 10")
    with Memory(tmp_path / "data", "fake") as memory:
        columns = {row[1] for row in memory.db.execute("PRAGMA table_info(persona)")}
        assert set(_NEW_COLUMNS) <= columns
        after = list_persona(memory.db, "Ilse")
        assert {(p.attribute, p.value) for p in after} == before
        assert memory.db.execute("SELECT count(*) FROM facts").fetchone()[0] == facts
        assert all(p.text and p.kind != "other" and p.sources for p in after)
        assert "Ilse has a dog named Pip" in {p.text for p in after}
