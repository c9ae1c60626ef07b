"""The schema migrations that are plain SQL creating tables and indexes (no vector marks).

Kept apart from `memory.store.migrations`, which lists every migration in
order and holds the ones that write `embedded` marks or run Python.
Never edit a released migration: add a new one.
"""

# Recall narrows "what happened in May 2023" to the messages said then and the
# facts mentioning that time by ranges over these indexes, not scans (a scan
# of 100k messages cost 11 ms).
M004_TIME_INDEXES = """
        CREATE INDEX messages_time ON messages (time_utc);
        CREATE INDEX facts_time_mentioned ON facts (time_mentioned) WHERE time_mentioned IS NOT NULL;
"""


# Forgetting and time (#5): messages fade and can be pinned like the upper
# levels; contradictions the system is unsure about wait in a queue; every
# consolidation run is recorded.
M005_FORGETTING = """
        ALTER TABLE messages ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE messages ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX facts_current ON facts (subject, attribute) WHERE valid_to IS NULL AND archived = 0;
        CREATE TABLE conflicts (
            rowid INTEGER PRIMARY KEY,
            fact_a INTEGER NOT NULL REFERENCES facts (rowid) ON DELETE CASCADE,
            fact_b INTEGER NOT NULL REFERENCES facts (rowid) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT,
            UNIQUE (fact_a, fact_b)
        );
        CREATE INDEX conflicts_open ON conflicts (resolved_at) WHERE resolved_at IS NULL;
        CREATE TABLE consolidation_runs (
            rowid INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            seconds REAL NOT NULL,
            dry_run INTEGER NOT NULL,
            report TEXT NOT NULL
        );
"""


M006_LINKS = """
        ALTER TABLE messages ADD COLUMN prev_rowid INTEGER;
        ALTER TABLE messages ADD COLUMN next_rowid INTEGER;
        UPDATE messages SET prev_rowid = o.prev, next_rowid = o.next
        FROM (
            SELECT rowid AS r, lag(rowid) OVER turns AS prev, lead(rowid) OVER turns AS next
            FROM messages WINDOW turns AS (PARTITION BY conversation ORDER BY time_utc, rowid)
        ) AS o
        WHERE messages.rowid = o.r;
"""


# Hard forgetting (#17): what `forget --hard` deleted, as hashes of each
# message's id and normalised text (never the text), one tombstone per forget,
# so a re-import skips it (memory/tombstones.py).
M007_TOMBSTONES = """
        CREATE TABLE tombstones (
            rowid INTEGER PRIMARY KEY,
            tombstone TEXT NOT NULL,
            forgotten_at TEXT NOT NULL,
            message_hash TEXT NOT NULL,
            text_hash TEXT
        );
        CREATE INDEX tombstones_tombstone ON tombstones (tombstone);
        CREATE INDEX tombstones_message ON tombstones (message_hash);
        CREATE INDEX tombstones_text ON tombstones (text_hash) WHERE text_hash IS NOT NULL;
"""


# Recovery and edits (#17): which conversations' scenes and which people's
# persona still need a rebuild after facts were written (a process killed in
# between leaves the rows; the next open or `consolidate` finishes them), and
# the earlier texts of messages that a re-import changed (same id, new text).
M008_PENDING_AND_HISTORY = """
        CREATE TABLE pending_rebuilds (
            rowid INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('scenes', 'persona')),
            key TEXT NOT NULL
        );
        CREATE TABLE message_history (
            rowid INTEGER PRIMARY KEY,
            message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            speaker TEXT NOT NULL,
            text TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            source_file TEXT
        );
        CREATE INDEX message_history_message ON message_history (message_id);
"""


# A profile a person can read (#18): each persona attribute knows its kind
# (identity, places, people, pets...), the names and count merged into it
# ("3 dogs: Rex, Bella, Toby"), until when it held, and its sentence. Old
# rows are rebuilt by the pending persona rebuild of every subject with
# attributes, which the next open runs: nothing is lost, the values are
# re-normalised from their evidence facts.
M010_PERSONA_PROFILE = """
        ALTER TABLE persona ADD COLUMN kind TEXT;
        ALTER TABLE persona ADD COLUMN names TEXT;
        ALTER TABLE persona ADD COLUMN count INTEGER;
        ALTER TABLE persona ADD COLUMN valid_to TEXT;
        ALTER TABLE persona ADD COLUMN text TEXT;
        INSERT INTO pending_rebuilds (kind, key)
            SELECT DISTINCT 'persona', subject FROM facts WHERE attribute IS NOT NULL ORDER BY subject;
"""


M015_SOURCES = """
        CREATE TABLE sources (
            rowid INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL DEFAULT 'auto',
            folder INTEGER NOT NULL DEFAULT 1,
            paused INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            last_sync TEXT,
            synced_until TEXT,
            last_error TEXT,
            files INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0
        );
"""


# The access log (#22): every call an outside tool (an MCP client) made, what it asked and which memory ids
# left; never the memory texts, so `forget --hard` has no second copy to scrub.
M016_ACCESS_LOG = """
        CREATE TABLE access_log (
            rowid INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            via TEXT NOT NULL,
            client TEXT NOT NULL,
            tool TEXT NOT NULL,
            arguments TEXT NOT NULL DEFAULT '{}',
            returned TEXT NOT NULL DEFAULT '[]',
            outcome TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX access_log_client ON access_log (client, rowid);
"""

# The extractor reads unextracted messages in conversation order, a chunk at a
# time; without this the whole backlog was sorted again for every chunk
# (quadratic in an import's size: minutes at a million messages).
M017_UNEXTRACTED_ORDER = """
    DROP INDEX messages_unextracted;
    CREATE INDEX messages_unextracted ON messages (conversation, time_utc, rowid) WHERE extracted = 0;
"""

# A fact that restates its one message shares that message's vector instead of
# being embedded again (`memory.facts.restatement`); the message's id is kept so
# that a vector index rebuilt from SQLite embeds the same text.
M018_FACT_VECTOR_OF = """
    ALTER TABLE facts ADD COLUMN vector_of TEXT;
"""

# Recall shows a fact with the messages it rests on, oldest first; a fact said
# again and again cites thousands of them. With when each source was said kept
# beside it (and indexed by fact, then time), the first few are read from the
# index instead of joining and sorting every source (28 ms of a recall at a
# million messages). Writers fill it from the message (`memory.store.facts`).
M019_SOURCE_TIMES = """
    ALTER TABLE fact_sources ADD COLUMN said_utc TEXT;
    UPDATE fact_sources SET said_utc = (SELECT time_utc FROM messages WHERE id = fact_sources.message_id);
    CREATE INDEX fact_sources_said ON fact_sources (fact_rowid, said_utc);
"""

# `stats` and the window's status line count each level's archived rows and
# the note items. Without an index each count read its whole table: at a
# million messages 4 s with the file in the page cache, 20 s from disk. These
# partial indexes hold only the rare rows they count; the other counts are the
# table's size less these.
M020_COUNT_INDEXES = """
    CREATE INDEX messages_archived ON messages (archived) WHERE archived != 0;
    CREATE INDEX messages_notes ON messages (kind) WHERE kind = 'note';
    CREATE INDEX facts_archived ON facts (archived) WHERE archived != 0;
    CREATE INDEX scenes_archived ON scenes (archived) WHERE archived != 0;
    CREATE INDEX persona_archived ON persona (archived) WHERE archived != 0;
"""
