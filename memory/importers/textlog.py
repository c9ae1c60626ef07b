"""Plain-text chat logs: `[2024-03-01 10:15] Name: text`, one message a line.

Lines that do not start a message continue the previous one (multi-line
messages). Ids hash time, speaker, text and occurrence so that re-importing a
log that grew, even in the middle, adds only the new lines. A log does not
say whose it is: a speaker with one of the person's names is theirs (role
"user", `importers.owner`), everyone else "other".
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import ImportOptions, Importer, check_unicode, iso_time, owned, read_text, relative_name
from remembrancer.memory.types import ParsedMessage

LINE = re.compile(r"^\[(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?)\]\s*([^:\]]{1,80}?):\s?(.*)$")


def looks_like_chat_log(text: str) -> bool:
    for raw in text.splitlines():
        if raw.strip():
            return bool(LINE.match(raw.strip()))
    return False


class TextLogImporter(Importer):
    name = "text"
    label = "plain-text chat log"
    suffixes = (".txt", ".log")

    def configured(self, options: ImportOptions) -> Importer:
        return self.for_owner(options)

    def claims(self, path: Path) -> bool:
        if not super().claims(path):
            return False
        try:
            with path.open("r", encoding="utf-8", errors="replace") as handle:
                return looks_like_chat_log(handle.read(4096))
        except OSError:
            return False

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        source = relative_name(path, root)
        entries: list[dict] = []
        for number, raw in enumerate(read_text(path).splitlines(), start=1):
            match = LINE.match(raw.strip())
            if match:
                stamp, speaker, text = match.groups()
                entries.append(
                    {"time": iso_time(_iso_stamp(stamp), path, number), "speaker": speaker.strip(), "lines": [text], "line": number}
                )
            elif raw.strip():
                if not entries:
                    raise InputError("expected `[YYYY-MM-DD HH:MM] Name: text`", path, number)
                entries[-1]["lines"].append(raw.rstrip())
        seen: Counter[str] = Counter()
        messages = []
        for entry in entries:
            text = "\n".join(entry["lines"]).strip()
            if not text:
                continue
            key = f"{entry['time']}\x1f{entry['speaker']}\x1f{text}"
            seen[key] += 1
            digest = hashlib.sha1(f"{key}\x1f{seen[key]}".encode()).hexdigest()[:16]
            messages.append(
                ParsedMessage(
                    id=f"{source}:{digest}",
                    conversation=source,
                    time=entry["time"],
                    speaker=entry["speaker"],
                    text=text,
                    metadata={"source_line": entry["line"]},
                    line=entry["line"],
                )
            )
        return [check_unicode(owned(message, self.owner), path, message.line) for message in messages]


def _iso_stamp(stamp: str) -> str:
    """`2024-03-01 9:05` -> `2024-03-01T09:05`: LINE allows a one-digit hour, ISO 8601 does not."""
    day, clock = stamp[:10], stamp[11:]
    hour, rest = clock.split(":", 1)
    return f"{day}T{int(hour):02d}:{rest}"
