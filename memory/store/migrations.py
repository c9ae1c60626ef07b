"""Numbered schema migrations, applied in order when a store is opened.

Each migration runs once, inside a transaction, and is recorded in
`_migrations`; a store written by an older version is upgraded in place.
Never edit a released migration: add a new one.
"""
from __future__ import annotations

import logging
import re
from remembrancer.memory.store.driver import sqlite
from collections.abc import Callable

from remembrancer.memory.store.migration_sql import (
    M004_TIME_INDEXES, M005_FORGETTING, M006_LINKS, M007_TOMBSTONES, M008_PENDING_AND_HISTORY, M010_PERSONA_PROFILE,
    M015_SOURCES, M016_ACCESS_LOG, M017_UNEXTRACTED_ORDER, M018_FACT_VECTOR_OF,
    M019_SOURCE_TIMES, M020_COUNT_INDEXES,
)

logger = logging.getLogger(__name__)

Migration = str | Callable[[sqlite.Connection], None]

_M001_MESSAGES = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE messages (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            conversation TEXT NOT NULL,
            time TEXT NOT NULL,
            time_utc TEXT NOT NULL,
            speaker TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'other',
            kind TEXT NOT NULL DEFAULT 'message',
            text TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}',
            source_file TEXT,
            learned_at TEXT NOT NULL,
            stability_days REAL NOT NULL DEFAULT 30.0,
            last_review TEXT,
            reviews INTEGER NOT NULL DEFAULT 0,
            embedded INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX messages_conversation_order ON messages (conversation, time_utc, rowid);
        CREATE INDEX messages_unembedded ON messages (embedded) WHERE embedded = 0;
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
            speaker, text,
            content = 'messages', content_rowid = 'rowid',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts (rowid, speaker, text) VALUES (new.rowid, new.speaker, new.text);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, speaker, text)
            VALUES ('delete', old.rowid, old.speaker, old.text);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF speaker, text ON messages BEGIN
            INSERT INTO messages_fts (messages_fts, rowid, speaker, text)
            VALUES ('delete', old.rowid, old.speaker, old.text);
            INSERT INTO messages_fts (rowid, speaker, text) VALUES (new.rowid, new.speaker, new.text);
            UPDATE messages SET embedded = 0 WHERE rowid = new.rowid;
        END;
        CREATE TABLE imports (
            rowid INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            added INTEGER NOT NULL,
            skipped INTEGER NOT NULL
        );
"""


def _m002_windows(conn: sqlite.Connection) -> None:
    from remembrancer.memory.store.windows import rebuild_all_windows

    conn.execute(
        "CREATE VIRTUAL TABLE windows_fts USING fts5 (w3, w5, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "CREATE TRIGGER messages_windows_ad AFTER DELETE ON messages BEGIN "
        "DELETE FROM windows_fts WHERE rowid = old.rowid; END"
    )
    rebuild_all_windows(conn)


_M003_HIERARCHY = """
        CREATE TABLE facts (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            norm TEXT NOT NULL,
            subject TEXT NOT NULL,
            attribute TEXT,
            value TEXT,
            predicate TEXT,
            polarity INTEGER NOT NULL DEFAULT 1,
            entities TEXT NOT NULL DEFAULT '[]',
            time_said TEXT NOT NULL,
            time_mentioned TEXT,
            valid_from TEXT,
            valid_to TEXT,
            learned_at TEXT NOT NULL,
            superseded_at TEXT,
            superseded_by INTEGER REFERENCES facts (rowid) ON DELETE SET NULL,
            confidence REAL NOT NULL,
            mentions INTEGER NOT NULL DEFAULT 1,
            extractor TEXT NOT NULL,
            stability_days REAL NOT NULL DEFAULT 30.0,
            last_review TEXT,
            reviews INTEGER NOT NULL DEFAULT 0,
            pinned INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0,
            flagged TEXT,
            embedded INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX facts_subject_norm ON facts (subject, norm);
        CREATE INDEX facts_subject_attribute ON facts (subject, attribute);
        CREATE INDEX facts_unembedded ON facts (embedded) WHERE embedded = 0;
        CREATE TABLE fact_sources (
            fact_rowid INTEGER NOT NULL REFERENCES facts (rowid) ON DELETE CASCADE,
            message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            PRIMARY KEY (fact_rowid, message_id)
        ) WITHOUT ROWID;
        CREATE INDEX fact_sources_message ON fact_sources (message_id);
        CREATE VIRTUAL TABLE facts_fts USING fts5 (
            text, content = 'facts', content_rowid = 'rowid',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER facts_ai AFTER INSERT ON facts BEGIN
            INSERT INTO facts_fts (rowid, text) VALUES (new.rowid, new.text);
        END;
        CREATE TRIGGER facts_ad AFTER DELETE ON facts BEGIN
            INSERT INTO facts_fts (facts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        END;
        CREATE TRIGGER facts_au AFTER UPDATE OF text ON facts BEGIN
            INSERT INTO facts_fts (facts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
            INSERT INTO facts_fts (rowid, text) VALUES (new.rowid, new.text);
            UPDATE facts SET embedded = 0 WHERE rowid = new.rowid;
        END;

        CREATE TABLE scenes (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            start TEXT,
            end TEXT,
            built_at TEXT NOT NULL,
            stability_days REAL NOT NULL DEFAULT 30.0,
            last_review TEXT,
            reviews INTEGER NOT NULL DEFAULT 0,
            pinned INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0,
            embedded INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE scene_facts (
            scene_rowid INTEGER NOT NULL REFERENCES scenes (rowid) ON DELETE CASCADE,
            fact_rowid INTEGER NOT NULL REFERENCES facts (rowid) ON DELETE CASCADE,
            centrality INTEGER NOT NULL,
            PRIMARY KEY (scene_rowid, fact_rowid)
        ) WITHOUT ROWID;
        CREATE INDEX scene_facts_fact ON scene_facts (fact_rowid);
        CREATE VIRTUAL TABLE scenes_fts USING fts5 (
            title, summary, content = 'scenes', content_rowid = 'rowid',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER scenes_ai AFTER INSERT ON scenes BEGIN
            INSERT INTO scenes_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
        END;
        CREATE TRIGGER scenes_ad AFTER DELETE ON scenes BEGIN
            INSERT INTO scenes_fts (scenes_fts, rowid, title, summary) VALUES ('delete', old.rowid, old.title, old.summary);
        END;
        CREATE TRIGGER scenes_au AFTER UPDATE OF title, summary ON scenes BEGIN
            INSERT INTO scenes_fts (scenes_fts, rowid, title, summary) VALUES ('delete', old.rowid, old.title, old.summary);
            INSERT INTO scenes_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
            UPDATE scenes SET embedded = 0 WHERE rowid = new.rowid;
        END;

        CREATE TABLE persona (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL,
            attribute TEXT NOT NULL,
            value TEXT NOT NULL,
            polarity INTEGER NOT NULL DEFAULT 1,
            confidence REAL NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            flagged TEXT,
            built_at TEXT NOT NULL,
            stability_days REAL NOT NULL DEFAULT 90.0,
            last_review TEXT,
            reviews INTEGER NOT NULL DEFAULT 0,
            pinned INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX persona_subject ON persona (subject, attribute);
        CREATE TABLE persona_evidence (
            persona_rowid INTEGER NOT NULL REFERENCES persona (rowid) ON DELETE CASCADE,
            fact_rowid INTEGER NOT NULL REFERENCES facts (rowid) ON DELETE CASCADE,
            PRIMARY KEY (persona_rowid, fact_rowid)
        ) WITHOUT ROWID;
        CREATE INDEX persona_evidence_fact ON persona_evidence (fact_rowid);

        ALTER TABLE messages ADD COLUMN extracted INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX messages_unextracted ON messages (extracted) WHERE extracted = 0;
"""


def _m009_standalone(conn: sqlite.Connection) -> None:
    """Add `facts.standalone` and mark existing facts by the same gate new facts pass.

    A fact leaning on its conversation ("Kit loved it.") stays, embedded and
    recalled as before; it is only no longer shown, quoted or fed to the
    persona and scenes. Nothing is deleted.
    """
    from remembrancer.memory.extraction.standalone import is_standalone  # the gate, not the schema, decides

    conn.execute("ALTER TABLE facts ADD COLUMN standalone INTEGER NOT NULL DEFAULT 1")
    dangling = [(rowid,) for rowid, text in conn.execute("SELECT rowid, text FROM facts") if not is_standalone(text)]
    conn.executemany("UPDATE facts SET standalone = 0 WHERE rowid = ?", dangling)


# A text's vector is stale only when the text embedded really changed (an update that writes the same
# title and summary used to mark a scene for embedding again, and the re-embed appended a second vector);
# `embedded` 2 says a vector exists but is stale, so `memory.store.vector_sync` replaces it instead of adding a twin.
_M011_STALE_VECTORS = """
    DROP TRIGGER messages_au;
    CREATE TRIGGER messages_au AFTER UPDATE OF speaker, text ON messages
    WHEN old.speaker IS NOT new.speaker OR old.text IS NOT new.text BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, speaker, text)
        VALUES ('delete', old.rowid, old.speaker, old.text);
        INSERT INTO messages_fts (rowid, speaker, text) VALUES (new.rowid, new.speaker, new.text);
        UPDATE messages SET embedded = CASE embedded WHEN 1 THEN 2 ELSE embedded END WHERE rowid = new.rowid;
    END;
    DROP TRIGGER facts_au;
    CREATE TRIGGER facts_au AFTER UPDATE OF text ON facts WHEN old.text IS NOT new.text BEGIN
        INSERT INTO facts_fts (facts_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO facts_fts (rowid, text) VALUES (new.rowid, new.text);
        UPDATE facts SET embedded = CASE embedded WHEN 1 THEN 2 ELSE embedded END WHERE rowid = new.rowid;
    END;
    DROP TRIGGER scenes_au;
    CREATE TRIGGER scenes_au AFTER UPDATE OF title, summary ON scenes
    WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary BEGIN
        INSERT INTO scenes_fts (scenes_fts, rowid, title, summary) VALUES ('delete', old.rowid, old.title, old.summary);
        INSERT INTO scenes_fts (rowid, title, summary) VALUES (new.rowid, new.title, new.summary);
        UPDATE scenes SET embedded = CASE embedded WHEN 1 THEN 2 ELSE embedded END WHERE rowid = new.rowid;
    END;
    DROP INDEX messages_unembedded;
    CREATE INDEX messages_unembedded ON messages (embedded) WHERE embedded <> 1;
    DROP INDEX facts_unembedded;
    CREATE INDEX facts_unembedded ON facts (embedded) WHERE embedded <> 1;
"""

# A scene's vector is the mean of its members' vectors (`memory.store.vector_sync`), not its summary
# embedded: the summary restates those facts, and a scene cost the model ~4 times a message (a tenth
# of a 100k import). So a change of members makes it stale, as a changed text does; `put_scene`
# writes only the members that changed. Vectors embedded from the text are recomputed; the scenes to
# embed are found by an index, as messages' and facts' are.
_M021_SCENE_VECTORS_FROM_MEMBERS = """
    CREATE TRIGGER scene_facts_ai AFTER INSERT ON scene_facts BEGIN
        UPDATE scenes SET embedded = CASE embedded WHEN 1 THEN 2 ELSE embedded END WHERE rowid = new.scene_rowid;
    END;
    CREATE TRIGGER scene_facts_ad AFTER DELETE ON scene_facts BEGIN
        UPDATE scenes SET embedded = CASE embedded WHEN 1 THEN 2 ELSE embedded END WHERE rowid = old.scene_rowid;
    END;
    UPDATE scenes SET embedded = 2 WHERE embedded = 1;
    CREATE INDEX scenes_unembedded ON scenes (embedded) WHERE embedded <> 1;
"""

def _m012_five_turn_windows(conn: sqlite.Connection) -> None:
    """Keep only the 5-turn window documents recall searches; the 3-turn ones were built on every import, never read."""
    conn.execute("DROP TRIGGER messages_windows_ad")  # a trigger naming a dropped table would stop the rename below
    conn.execute("CREATE VIRTUAL TABLE windows_fts_w5 USING fts5 (w5, tokenize = 'porter unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO windows_fts_w5 (rowid, w5) SELECT rowid, w5 FROM windows_fts")
    conn.execute("DROP TABLE windows_fts")
    conn.execute("ALTER TABLE windows_fts_w5 RENAME TO windows_fts")
    conn.execute(
        "CREATE TRIGGER messages_windows_ad AFTER DELETE ON messages BEGIN "
        "DELETE FROM windows_fts WHERE rowid = old.rowid; END"
    )


def _m013_chatgpt_conversation_ids(conn: sqlite.Connection) -> None:
    """ChatGPT messages move from their conversation's title to its export id (`chatgpt:<id>`), as the importer now keys them.

    Titles repeat ("New chat"): keyed by title, strangers shared one thread.
    The importer keeps each message's id, so without this a re-import of the
    same export would find its ids "in another conversation" and stop. The
    export id is in each message's metadata; the moved turns' window
    documents and links are rebuilt, and their scenes owed a rebuild.
    """
    from remembrancer.memory.store.windows import refresh_windows  # the one writer of windows and links

    rows = conn.execute(
        "SELECT rowid, conversation, json_extract(metadata, '$.chatgpt_conversation_id') FROM messages "
        "WHERE metadata LIKE '%chatgpt_conversation_id%' AND json_valid(metadata)"
    ).fetchall()
    moved = [(f"chatgpt:{conv_id}", rowid) for rowid, old, conv_id in rows if isinstance(conv_id, str) and old != f"chatgpt:{conv_id}"]
    if not moved:
        return
    old_keys = {old for rowid, old, conv_id in rows if isinstance(conv_id, str)}
    conn.executemany("UPDATE messages SET conversation = ? WHERE rowid = ?", moved)
    still_there = {c for (c,) in conn.execute("SELECT DISTINCT conversation FROM messages")}
    # the turns that moved, and the ones left behind in a title another import shares
    touched = [rowid for _, rowid in moved] + [
        rowid for key in old_keys & still_there for (rowid,) in conn.execute("SELECT rowid FROM messages WHERE conversation = ?", (key,))
    ]
    refresh_windows(conn, touched)
    conn.executemany("INSERT INTO pending_rebuilds (kind, key) VALUES ('scenes', ?)", [(k,) for k in sorted({k for k, _ in moved})])


_FTS_TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
# Per full-text index: (table, its columns, the text its extra terms come from).
_TERM_INDEXES = (
    ("messages", ("speaker", "text"), "text"),
    ("facts", ("text",), "text"),
    ("scenes", ("title", "summary"), "title || ' ' || summary"),
)


def _m014_unspaced_terms(conn: sqlite.Connection) -> None:
    """Each full-text index gains a `terms` column (`memory.text_grams`): Chinese, Japanese, Korean, Thai, ... become searchable.

    The indexes now read their rows through views that add the terms
    (computed by `remembrancer_terms`, never stored), so each index is
    dropped, made again over its view and rebuilt: a one-time cost of a few
    seconds per 100k messages. The window documents of the turns that have
    such terms are refreshed, as their writer now appends the terms.
    """
    from remembrancer.memory.store.fts_terms import FUNCTION, register
    from remembrancer.memory.store.windows import refresh_windows  # the one writer of windows and links

    register(conn)
    for table, columns, source in _TERM_INDEXES:
        fts = f"{table}_fts"
        names = ", ".join(columns)
        old = ", ".join(f"old.{c}" for c in columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old_terms, new_terms = (f"{FUNCTION}({_qualified(source, side)})" for side in ("old", "new"))
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        for trigger in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_{trigger}")
        conn.execute(f"DROP TABLE {fts}")
        conn.execute(f"CREATE VIEW {fts}_source AS SELECT rowid, {names}, {FUNCTION}({source}) AS terms FROM {table}")
        conn.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5 ({names}, terms, content = '{fts}_source', content_rowid = 'rowid', {_FTS_TOKENIZE})")
        conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
        conn.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN INSERT INTO {fts} (rowid, {names}, terms) VALUES (new.rowid, {new}, {new_terms}); END")
        conn.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN INSERT INTO {fts} ({fts}, rowid, {names}, terms) VALUES ('delete', old.rowid, {old}, {old_terms}); END")
        conn.execute(
            f"CREATE TRIGGER {table}_au AFTER UPDATE OF {names} ON {table} WHEN {changed} BEGIN "
            f"INSERT INTO {fts} ({fts}, rowid, {names}, terms) VALUES ('delete', old.rowid, {old}, {old_terms}); "
            f"INSERT INTO {fts} (rowid, {names}, terms) VALUES (new.rowid, {new}, {new_terms}); "
            f"UPDATE {table} SET embedded = CASE embedded WHEN 1 THEN 2 ELSE embedded END WHERE rowid = new.rowid; END"
        )
    with_terms = [r for (r,) in conn.execute(f"SELECT rowid FROM messages WHERE {FUNCTION}(text) <> ''")]
    refresh_windows(conn, with_terms)


def _qualified(expression: str, side: str) -> str:
    """`expression` over a trigger's `old` or `new` row: `title || ' ' || summary` -> `new.title || ' ' || new.summary`."""
    return re.sub(r"\b(text|title|summary)\b", lambda m: f"{side}.{m.group(1)}", expression)


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "messages, full-text index, import log", _M001_MESSAGES),
    (2, "3- and 5-turn window documents for full-text search", _m002_windows),
    (3, "facts with sources, scenes, persona", _M003_HIERARCHY),
    (4, "indexes of when messages were said and which times facts mention", M004_TIME_INDEXES),
    (5, "pins and archive for messages, conflict queue, consolidation runs", M005_FORGETTING),
    (6, "each message's links to the turns before and after it", M006_LINKS),
    (7, "tombstones of hard-forgotten messages (hashes, no text)", M007_TOMBSTONES),
    (8, "pending scene/persona rebuilds; earlier texts of edited messages", M008_PENDING_AND_HISTORY),
    (9, "facts.standalone: whether a fact reads on its own (else kept for recall only)", _m009_standalone),
    (10, "persona kinds, names, counts, validity and sentences", M010_PERSONA_PROFILE),
    (11, "stale vectors are replaced, not doubled; only a changed text is embedded again", _M011_STALE_VECTORS),
    (12, "only the 5-turn window documents recall searches (the unread 3-turn ones dropped)", _m012_five_turn_windows),
    (13, "ChatGPT conversations keyed by their export id, not their title", _m013_chatgpt_conversation_ids),
    (14, "full-text terms for unspaced scripts (CJK, Thai) and marks unicode61 keeps (Arabic, Greek, Cyrillic)", _m014_unspaced_terms),
    (15, "watched sources: folders and files re-imported when they change", M015_SOURCES),
    (16, "access log: what outside tools (MCP clients) asked and which memory ids they were given", M016_ACCESS_LOG),
    (17, "unextracted messages indexed in the order the extractor reads them", M017_UNEXTRACTED_ORDER),
    (18, "facts.vector_of: the message a restating fact shares its vector with", M018_FACT_VECTOR_OF),
    (19, "when each fact's source was said, to read a fact's first sources in time order", M019_SOURCE_TIMES),
    (20, "indexes of the archived rows and note items, so counting them reads no table", M020_COUNT_INDEXES),
    (21, "a scene's vector is the mean of its members': a change of members makes it stale", _M021_SCENE_VECTORS_FROM_MEMBERS),
]


def applied_versions(conn: sqlite.Connection) -> set[int]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)"
    )
    return {row[0] for row in conn.execute("SELECT version FROM _migrations")}


def migrate(conn: sqlite.Connection, migrations: list[tuple[int, str, Migration]] | None = None) -> list[int]:
    """Apply every pending migration atomically; returns the versions applied now.

    A SQL migration runs as one script wrapped in BEGIN/COMMIT (executescript
    would otherwise commit half-way); a callable one runs between the same
    BEGIN and COMMIT. A failing migration leaves the store as it was.
    """
    from remembrancer.memory.store.fts_terms import register

    register(conn)  # the full-text triggers call it: any connection that migrates the store can write it
    done = applied_versions(conn)
    applied: list[int] = []
    for version, name, step in migrations or MIGRATIONS:
        if version in done:
            continue
        logger.info("applying migration %03d: %s", version, name)
        record = f"INSERT INTO _migrations (version, name) VALUES ({int(version)}, '{name.replace(chr(39), chr(39) * 2)}');"
        try:
            if isinstance(step, str):
                conn.executescript(f"BEGIN IMMEDIATE;\n{step}\n{record}\nCOMMIT;")
            else:
                conn.execute("BEGIN IMMEDIATE")
                step(conn)
                conn.execute(record)
                conn.execute("COMMIT")
        except Exception:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
