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

from remembrancer.memory.timeutil import to_iso

logger = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def export_markdown(db: sqlite_utils.Database, folder: Path, now: datetime) -> dict[str, int]:
    """Write the Markdown export into `folder` (replacing one written before); returns counts."""
    folder = Path(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / "conversations").mkdir(parents=True)
    conn = db.conn
    conn.execute("BEGIN")  # one snapshot for every page
    try:
        counts = {"conversations": _conversations(db, partial / "conversations")}
        counts["facts"] = _facts(db, partial / "facts.md")
        counts["scenes"] = _scenes(db, partial / "scenes.md")
        counts["persona"] = _persona(db, partial / "persona.md")
    finally:
        conn.execute("COMMIT")
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
    for conversation, mid, time, speaker, text, archived, pinned in db.execute(
        "SELECT conversation, id, time, speaker, text, archived, pinned FROM messages ORDER BY conversation, time_utc, rowid"
    ):
        marks = (" (pinned)" if pinned else "") + (" (archived)" if archived else "")
        pages[conversation].append(f"**{speaker}** · {time} · `{mid}`{marks}\n\n{_quote(text)}\n")
    taken: set[str] = set()
    for conversation, entries in pages.items():
        body = f"# {conversation}\n\n" + "\n".join(entries)
        (folder / _file_name(conversation, taken)).write_text(body, encoding="utf-8")
    return len(pages)


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines()) or ">"


def _facts(db: sqlite_utils.Database, path: Path) -> int:
    sources: dict[int, list[str]] = defaultdict(list)
    for fact_rowid, message_id in db.execute("SELECT fact_rowid, message_id FROM fact_sources ORDER BY message_id"):
        sources[fact_rowid].append(message_id)
    lines = ["# Facts", ""]
    rows = db.execute(
        "SELECT rowid, id, text, subject, valid_from, valid_to, superseded_at, pinned, archived, flagged FROM facts ORDER BY subject, rowid"
    ).fetchall()
    for rowid, fid, text, subject, valid_from, valid_to, superseded_at, pinned, archived, flagged in rows:
        state = [s for s, on in (("pinned", pinned), ("archived", archived), (f"superseded {superseded_at}", superseded_at), (f"flagged: {flagged}", flagged)) if on]
        validity = f" valid {valid_from or '?'} to {valid_to or 'now'}" if valid_from or valid_to else ""
        cites = ", ".join(f"`{m}`" for m in sources[rowid])
        lines.append(f"- **{subject}**: {text} (`{fid}`{validity}{'; ' + ', '.join(state) if state else ''}; from {cites})")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def _scenes(db: sqlite_utils.Database, path: Path) -> int:
    lines = ["# Scenes", ""]
    rows = db.execute("SELECT rowid, id, title, summary, start, end FROM scenes ORDER BY start, rowid").fetchall()
    for rowid, sid, title, summary, start, end in rows:
        members = [f for (f,) in db.execute(
            "SELECT f.text FROM scene_facts m JOIN facts f ON f.rowid = m.fact_rowid WHERE m.scene_rowid = ? ORDER BY m.centrality DESC", [rowid]
        )]
        lines += [f"## {title}", "", f"`{sid}` · {start or '?'} to {end or '?'}", "", summary, ""]
        lines += [f"- {text}" for text in members] + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def _persona(db: sqlite_utils.Database, path: Path) -> int:
    lines = ["# Persona", ""]
    rows = db.execute(
        "SELECT rowid, subject, attribute, value, polarity, confidence, flagged FROM persona ORDER BY subject, attribute, rowid"
    ).fetchall()
    current = None
    for rowid, subject, attribute, value, polarity, confidence, flagged in rows:
        if subject != current:
            lines += ["", f"## {subject}", ""]
            current = subject
        evidence = [t for (t,) in db.execute(
            "SELECT f.text FROM persona_evidence e JOIN facts f ON f.rowid = e.fact_rowid WHERE e.persona_rowid = ?", [rowid]
        )]
        negation = "not " if not polarity else ""
        flag = f" (flagged: {flagged})" if flagged else ""
        lines.append(f"- {attribute}: {negation}{value} (confidence {confidence:.2f}){flag}; evidence: {'; '.join(evidence)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)
