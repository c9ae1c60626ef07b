"""An old store (before the typed profile) is migrated on open with nothing lost (invented data)."""
from __future__ import annotations

from pathlib import Path

from remembrancer.memory import Memory
from remembrancer.memory.browse import list_persona
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
        # and a value the old build kept that the gate now refuses ("pet: pets"), resting on a live fact
        memory.db.execute(
            "INSERT INTO persona (id, subject, attribute, value, polarity, confidence, first_seen, last_seen, built_at)"
            " VALUES ('p-old-junk', 'Ilse', 'pet', 'pets', 1, 0.8, '2024-03-01', '2024-03-01', '2024-03-01')")
        memory.db.execute("INSERT INTO persona_evidence (persona_rowid, fact_rowid) SELECT (SELECT rowid FROM persona"
                          " WHERE id = 'p-old-junk'), min(rowid) FROM facts")
        memory.db.execute("DELETE FROM _migrations WHERE version = 10")
    with Memory(tmp_path / "data", "fake") as memory:
        columns = {row[1] for row in memory.db.execute("PRAGMA table_info(persona)")}
        assert set(_NEW_COLUMNS) <= columns
        after = list_persona(memory.db, "Ilse")
        assert {(p.attribute, p.value) for p in after} == before
        assert memory.db.execute("SELECT count(*) FROM facts").fetchone()[0] == facts
        assert all(p.text and p.kind != "other" and p.sources for p in after)
        assert "Ilse has a dog named Pip" in {p.text for p in after}
        assert not memory.db.execute("SELECT 1 FROM persona WHERE id = 'p-old-junk'").fetchone()
