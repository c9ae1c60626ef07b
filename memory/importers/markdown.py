"""A folder of Markdown notes (an Obsidian vault, say).

Each note is split by headings, then by paragraphs, into note items whose id
is `relative/path.md#heading-slug` (plus `/n` for the n-th paragraph), so a
recalled item says exactly where in the vault it stands. The note's date
comes from front matter (`date`, `created`, ...), else the file's mtime.
Code fences are kept whole.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import Importer, check_unicode, iso_time, read_text, relative_name
from remembrancer.memory.types import ParsedMessage

DATE_KEYS = ("date", "created", "created_at", "creation_date", "updated")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
MAX_ITEM_CHARS = 1200


class MarkdownImporter(Importer):
    name = "markdown"
    suffixes = (".md", ".markdown")

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        text = read_text(path)
        lines = text.splitlines()
        front, body_start = _front_matter(lines, path)
        source = relative_name(path, root)
        when = _note_time(front, path)
        author = front.get("author", "").strip() or "Me"
        items: list[ParsedMessage] = []
        slug_counts: dict[str, int] = {}
        for heading, paragraphs in _sections(lines, body_start):
            base = _slug(heading) if heading else ""
            slug_counts[base] = slug_counts.get(base, 0) + 1
            anchor = base if slug_counts[base] == 1 else f"{base}-{slug_counts[base] - 1}"
            chunks = [c for para, _ in paragraphs for c in _split_long(para)]
            lines_of = [line for para, line in paragraphs for _ in _split_long(para)]
            for n, (chunk, line) in enumerate(zip(chunks, lines_of), start=1):
                item_id = f"{source}#{anchor}" + (f"/{n}" if len(chunks) > 1 else "")
                body = f"{heading}: {chunk}" if heading else chunk
                items.append(
                    ParsedMessage(
                        id=item_id,
                        conversation=source,
                        time=when,
                        speaker=author,
                        text=body,
                        role="user",
                        kind="note",
                        metadata={"path": source, "heading": heading, "source_line": line},
                        line=line,
                    )
                )
        return [check_unicode(item, path, item.line) for item in items]


def _front_matter(lines: list[str], path: Path) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    front: dict[str, str] = {}
    for number in range(1, len(lines)):
        line = lines[number]
        if line.strip() in ("---", "..."):
            return front, number + 1
        if ":" in line and not line.startswith((" ", "\t", "-")):
            key, value = line.split(":", 1)
            front[key.strip().lower()] = value.strip().strip("'\"")
    raise InputError("front matter opened with `---` is never closed", path, 1)


def _note_time(front: dict[str, str], path: Path) -> str:
    for key in DATE_KEYS:
        if front.get(key):
            return iso_time(front[key], path, _line_of_key(path, key), field=f"front matter `{key}`")
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")


def _line_of_key(path: Path, key: str) -> int:
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if line.lower().startswith(key + ":"):
            return number
    return 1


def _sections(lines: list[str], start: int) -> list[tuple[str, list[tuple[str, int]]]]:
    """(heading, [(paragraph, first line number)]) in document order."""
    sections: list[tuple[str, list[tuple[str, int]]]] = [("", [])]
    buffer: list[str] = []
    buffer_line = 0
    in_fence = False

    def flush() -> None:
        nonlocal buffer
        paragraph = "\n".join(buffer).strip()
        if paragraph:
            sections[-1][1].append((paragraph, buffer_line))
        buffer = []

    for number in range(start, len(lines)):
        line = lines[number]
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        if heading:
            flush()
            sections.append((heading.group(2).strip(), []))
        elif not line.strip() and not in_fence:
            flush()
        else:
            if not buffer:
                buffer_line = number + 1
            buffer.append(line)
    flush()
    return [(h, paras) for h, paras in sections if paras]


def _split_long(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_ITEM_CHARS:
        return [paragraph]
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    chunks, current = [], ""
    for sentence in sentences:
        if current and len(current) + len(sentence) > MAX_ITEM_CHARS:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    return chunks


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "section"
