"""The human-readable export: a folder of Markdown a person can read without the app.

One file per conversation (every message with its time and speaker), plus
`facts.md` (each fact with its validity, state and the message ids it cites),
`scenes.md` and `persona.md`. It is for reading and keeping, not restoring:
the JSON Lines export is the one that round-trips.
"""
from __future__ import annotations

import logging
import re
import shutil
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import sqlite_utils

from remembrancer.memory.store import export as store
from remembrancer.memory.store.database import read_snapshot
from remembrancer.memory.timeutil import to_iso

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def export_markdown(db: sqlite_utils.Database, folder: Path, now: datetime) -> dict[str, int]:
    """Write the Markdown export into `folder` (replacing one written before); returns counts."""
    folder = Path(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "conversations").mkdir(parents=True)
    with read_snapshot(db):  # one snapshot for every page
        counts = {"conversations": _conversations(db, partial / "conversations")}
        counts["facts"] = _facts(db, partial / "facts.md")
        counts["scenes"] = _scenes(db, partial / "scenes.md")
        counts["persona"] = _persona(db, partial / "persona.md")
    (partial / "README.md").write_text(
        f"# Remembrancer export\n\nExported {to_iso(now)}: {counts['conversations']} conversations, "
        f"{counts['facts']} facts, {counts['scenes']} scenes, {counts['persona']} persona attributes.\n", encoding="utf-8"
    )
    if folder.exists():
        shutil.rmtree(folder)
    partial.rename(folder)
    logger.info("exported Markdown to %s", folder)
    return counts


def _file_name(name: str, taken: set[str]) -> str:
    base = _UNSAFE.sub("-", name).strip("-.")[:80] or "conversation"
    candidate, n = base, 1
    while candidate.lower() in taken:  # case-insensitive file systems too
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate.lower())
    return candidate + ".md"


def _conversations(db: sqlite_utils.Database, folder: Path) -> int:
    pages: dict[str, list[str]] = defaultdict(list)
    for m in store.conversation_messages(db):
        marks = (" (pinned)" if m.pinned else "") + (" (archived)" if m.archived else "")
        pages[m.conversation].append(f"**{m.speaker}** · {m.time} · `{m.id}`{marks}\n\n{_quote(m.text)}\n")
    taken: set[str] = set()
    for conversation, entries in pages.items():
        body = f"# {conversation}\n\n" + "\n".join(entries)
        (folder / _file_name(conversation, taken)).write_text(body, encoding="utf-8")
    return len(pages)


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines()) or ">"


def _facts(db: sqlite_utils.Database, path: Path) -> int:
    sources = store.sources_by_fact(db.conn)
    lines = ["# Facts", ""]
    rows = store.facts_by_subject(db)
    for f in rows:
        state = [s for s, on in (("pinned", f.pinned), ("archived", f.archived), (f"superseded {f.superseded_at}", f.superseded_at),
                                 (f"flagged: {f.flagged}", f.flagged)) if on]
        validity = f" valid {f.valid_from or '?'} to {f.valid_to or 'now'}" if f.valid_from or f.valid_to else ""
        cites = ", ".join(f"`{m}`" for m in sources.get(f.rowid, []))
        lines.append(f"- **{f.subject}**: {f.text} (`{f.id}`{validity}{'; ' + ', '.join(state) if state else ''}; from {cites})")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def _scenes(db: sqlite_utils.Database, path: Path) -> int:
    lines = ["# Scenes", ""]
    rows = store.scenes_in_time_order(db)
    for scene in rows:
        members = store.member_texts(db, scene.rowid)
        lines += [f"## {scene.title}", "", f"`{scene.id}` · {scene.start or '?'} to {scene.end or '?'}", "", scene.summary, ""]
        lines += [f"- {text}" for text in members] + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def _persona(db: sqlite_utils.Database, path: Path) -> int:
    lines = ["# Persona", ""]
    rows = store.persona_by_subject(db)
    current = None
    for p in rows:
        if p.subject != current:
            lines += ["", f"## {p.subject}", ""]
            current = p.subject
        evidence = store.evidence_texts(db, p.rowid)
        negation = "not " if not p.polarity else ""
        flag = f" (flagged: {p.flagged})" if p.flagged else ""
        lines.append(f"- {p.attribute}: {negation}{p.value} (confidence {p.confidence:.2f}){flag}; evidence: {'; '.join(evidence)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)
