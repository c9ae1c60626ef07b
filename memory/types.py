"""Plain dataclasses the core returns; surfaces turn them into JSON or widgets."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from remembrancer.memory.changes import Changes


@dataclass(frozen=True)
class ParsedMessage:
    """One message or note item as an importer read it, before it is stored."""

    id: str
    conversation: str
    time: str  # ISO 8601 with offset (naive input is taken as local time)
    speaker: str
    text: str
    role: str = "other"
    kind: str = "message"  # "message" | "note"
    metadata: dict[str, Any] = field(default_factory=dict)
    line: int | None = None  # where it came from, for error messages


@dataclass
class ContextTurn:
    """A neighbouring turn shown around a recalled message."""

    id: str
    speaker: str
    time: str
    text: str


@dataclass
class RecallItem:
    """One recalled memory in the shape of the CLI contract."""

    id: str
    level: str
    text: str
    score: float
    sources: list[str]
    retention: float
    valid_from: str | None = None
    valid_to: str | None = None
    speaker: str | None = None
    time: str | None = None
    conversation: str | None = None
    context: list[ContextTurn] = field(default_factory=list)
    # How many messages the item rests on; None: as many as `sources` lists. A fact
    # said again and again can rest on thousands, and `sources` then lists its oldest few.
    source_count: int | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["source_count"] = len(self.sources) if self.source_count is None else self.source_count
        data["score"] = round(self.score, 6)
        data["retention"] = round(self.retention, 6)
        return data


@dataclass
class ImportSummary:
    """What one `import` did, file by file."""

    files: int = 0
    messages_added: int = 0
    messages_updated: int = 0  # same id, same conversation, new text: stored, the old text kept as history
    messages_skipped: int = 0
    messages_forgotten: int = 0  # not stored: hard-forgotten before (a tombstone holds them)
    messages_archived: int = 0  # note items no longer in their note file: archived (never deleted), out of recall
    messages_restored: int = 0  # note items archived as removed that their file holds again: current again
    facts_created: int = 0
    scenes_created: int = 0
    seconds: float = 0.0
    per_file: dict[str, dict[str, int]] = field(default_factory=dict)
    # Notes are read leniently: what was left out (binary files named `.md`) and what was read with a guess
    # (bad front matter, not UTF-8), each a `FILE[:LINE]: reason` line, so one run reports every odd file.
    skipped_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def changes(self) -> Changes:
        """New, edited, archived or restored messages: their facts, scenes, persona and any conflict they raised changed too."""
        wrote = (self.messages_added or self.messages_updated or self.messages_archived or self.messages_restored
                 or self.facts_created or self.scenes_created)
        return Changes.everything() if wrote else Changes()


@dataclass
class Citation:
    """A memory an answer rests on: its id, its text and the messages behind it."""

    id: str
    text: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Answer:
    """What `ask` returns: the model's answer with its citations.

    `degraded` is set when no model could answer (missing, failed, cancelled):
    `answer` then lists the best recalled memories and `note` says why.
    """

    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    model: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    took_ms: float = 0.0
    degraded: bool = False
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["took_ms"] = round(self.took_ms, 1)
        return data


@dataclass(frozen=True)
class StoreSizes:
    sqlite: int   # the database with its WAL
    lancedb: int  # the vector folder


@dataclass(frozen=True)
class ModelNames:
    embedding: str                  # the embedder in use
    embedding_in_store: str | None  # the one the stored vectors were made with
    extractor: str                  # "none" when facts are not extracted


@dataclass(frozen=True)
class Stats:
    """What the store holds: `remembrancer stats`, the status bar, the IPC reply (`to_json` keeps the contract's shape)."""

    data_dir: str
    levels: dict[str, int]    # every message; live (not archived) facts, scenes, persona
    archived: dict[str, int]  # faded or forgotten, per level
    kinds: dict[str, int]     # messages and note items
    conversations: int
    vectors: int
    ann_index: bool  # message searches go through an approximate index (in-memory IVF or LanceDB's)
    sizes_bytes: StoreSizes
    models: ModelNames

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stats:
        return cls(**{**data, "sizes_bytes": StoreSizes(**data["sizes_bytes"]), "models": ModelNames(**data["models"])})
