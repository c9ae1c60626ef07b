"""The SQL function that gives the full-text indexes their extra terms (`memory.text_grams`).

Each full-text index reads its rows through a view that adds a `terms`
column, `remembrancer_terms(text)`: character bigrams of Chinese, Japanese,
Korean, Thai, ... and mark-free copies of Arabic, Greek, Cyrillic words.
The function is deterministic, so the delete triggers recompute exactly the
terms that were indexed, and nothing is stored twice. It must be registered
on every connection that writes the text tables: `database.connect` and
`migrations.migrate` do it, so the store's own connections always can.
"""
from __future__ import annotations

from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.text_grams import index_terms

FUNCTION = "remembrancer_terms"


def register(conn: sqlite.Connection) -> None:
    """Make `remembrancer_terms(text)` callable on `conn` (idempotent)."""
    conn.create_function(FUNCTION, 1, index_terms, deterministic=True)
