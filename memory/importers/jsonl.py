"""The contract's JSON Lines message format, one object per line.

A line's `role` is believed; a line without one is "other", or "user" when
its speaker has one of the person's names (`importers.owner`).
"""
from __future__ import annotations

import json
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import ROLES, ImportOptions, Importer, check_unicode, iso_time, read_text
from remembrancer.memory.importers.owner import NOBODY, Owner
from remembrancer.memory.types import ParsedMessage

REQUIRED = ("conversation", "id", "time", "speaker", "text")


class JsonlImporter(Importer):
    name = "jsonl"
    label = "JSON Lines messages"
    suffixes = (".jsonl", ".ndjson")

    def configured(self, options: ImportOptions) -> Importer:
        return self.for_owner(options)

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        messages: list[ParsedMessage] = []
        for number, raw in enumerate(read_text(path).splitlines(), start=1):
            if not raw.strip():
                continue
            messages.append(check_unicode(parse_line(raw, path, number, self.owner), path, number))
        return messages


def parse_line(raw: str, path: Path, number: int, owner: Owner = NOBODY) -> ParsedMessage:
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise InputError(f"invalid JSON: {reason}", path, number) from None
    if not isinstance(obj, dict):
        raise InputError("each line must be a JSON object", path, number)
    missing = [key for key in REQUIRED if key not in obj]
    if missing:
        raise InputError(f"missing required field(s): {', '.join(missing)}", path, number)
    for key in ("conversation", "id", "speaker", "text"):
        if not isinstance(obj[key], str):
            raise InputError(f"`{key}` must be a string", path, number)
    if not obj["id"].strip():
        raise InputError("`id` must not be empty", path, number)
    attached = attachment_lines(obj["attachments"], path, number) if obj.get("attachments") is not None else []
    if not obj["text"].strip() and not attached:
        raise InputError("`text` must not be empty (unless an attachment has a caption or a name)", path, number)
    role = obj["role"] if "role" in obj else owner.role("other", obj["speaker"])
    if role not in ROLES:
        raise InputError(f"`role` must be one of {', '.join(ROLES)}, not {role!r}", path, number)
    metadata = {key: value for key, value in obj.items() if key not in REQUIRED and key != "role"}
    return ParsedMessage(
        id=obj["id"],
        conversation=obj["conversation"],
        time=iso_time(obj["time"], path, number),
        speaker=obj["speaker"],
        text=with_attachments(obj["text"], attached),
        role=role,
        metadata=metadata,
        line=number,
    )
