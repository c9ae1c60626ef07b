"""The memory levels: the table each lives in, and for those with vectors what text gets embedded.

The one registry of levels: `TABLES` maps every level of the contract to its
SQLite table (forget, pin, review and the item view use it); one description
per embedded level lets reconcile, reindex and forget treat messages, facts
and scenes alike: every level's LanceDB table is rebuildable from SQLite.
"""
from __future__ import annotations

from dataclasses import dataclass

TABLES = {"message": "messages", "fact": "facts", "scene": "scenes", "persona": "persona"}


@dataclass(frozen=True)
class EmbeddedLevel:
    name: str          # the contract's level name
    table: str         # SQLite table (has rowid, id, embedded)
    vector_table: str  # LanceDB table
    text_sql: str      # SQL expression of the text to embed
    # A level whose vector is the mean of its members' (scenes: their facts'): the level the members
    # are in, and SQL giving (row's rowid, member id) for the rowids in `{}`. Its text is embedded
    # only when no member has a vector.
    members_level: str | None = None
    members_sql: str | None = None

    def pending_sql(self) -> str:
        return f"SELECT rowid, id, {self.text_sql} FROM {self.table} WHERE embedded <> 1 ORDER BY rowid LIMIT ?"  # no vector, or a stale one


# The message expression must equal memory.store.messages.embedding_text().
MESSAGES = EmbeddedLevel("message", "messages", "messages", "speaker || ': ' || text")
# A fact that restates its one message word for word is embedded as that message (migration 18).
FACTS = EmbeddedLevel("fact", "facts", "facts", "coalesce((SELECT m.speaker || ': ' || m.text FROM messages m WHERE m.id = facts.vector_of), text)")
# A scene's summary restates its facts: its vector is their mean (migration 21), no model call.
SCENES = EmbeddedLevel(
    "scene", "scenes", "scenes", "title || '. ' || summary", members_level="fact",
    members_sql="SELECT sf.scene_rowid, f.id FROM scene_facts sf JOIN facts f ON f.rowid = sf.fact_rowid WHERE sf.scene_rowid IN ({})",
)
EMBEDDED_LEVELS = (MESSAGES, FACTS, SCENES)
