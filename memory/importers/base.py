"""What every importer shares: the interface, text decoding and field checks.

An importer turns one file into `ParsedMessage`s and raises `InputError`
naming the file and line on the first problem. It never writes: the ingest
pipeline stores a file only after the whole file parsed, which is what makes
imports atomic per file.
"""
from __future__ import annotations

import copy
import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.owner import NOBODY, Owner
from remembrancer.memory.timeutil import parse_time, to_iso
from remembrancer.memory.types import ParsedMessage

ROLES = ("user", "assistant", "other")


@dataclass(frozen=True)
class ImportOptions:
    """What the person told one import about their files that the files cannot say themselves.

    `date_order` (`dmy` | `mdy` | `ymd`): how to read `03/04/23` in an export
    whose dates never show a day above 12 (WhatsApp). `owner_names`: the
    person's names and e-mail addresses, whose messages are theirs (role
    "user") in exports that do not say whose they are (`importers.owner`).
    Importers that need no option ignore them all.
    """

    date_order: str | None = None
    owner_names: tuple[str, ...] = ()

    @property
    def owner(self) -> Owner:
        return Owner.of(self.owner_names)


class Importer(ABC):
    """Parses one file of one format."""

    name: str
    label: str = ""  # the human name a dialog shows ("WhatsApp chat export"); empty: `name`
    suffixes: tuple[str, ...] = ()
    owner: Owner = NOBODY  # the person, for an importer whose export does not say (see `for_owner`)

    def claims(self, path: Path) -> bool:
        """Whether auto-detection should give `path` to this importer."""
        return path.suffix.lower() in self.suffixes

    def reads_along(self, path: Path) -> bool:
        """Whether `path`, which this importer does not claim, is read with the files it does (Slack's `users.json`).

        A folder import lists the files nothing imports; one of these is part
        of the export it came with, not left out, so it is not listed.
        """
        return False

    def configured(self, options: ImportOptions) -> Importer:
        """This importer set up for one import's options: itself unless it reads one (a copy, so the shared one stays as it was)."""
        return self

    def for_owner(self, options: ImportOptions) -> Importer:
        """For an importer whose export does not say whose it is: a copy that marks the person's messages, else itself."""
        owner = options.owner
        if not owner:
            return self
        marking = copy.copy(self)
        marking.owner = owner
        return marking

    @abstractmethod
    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        """Parse `path`; `root` is the folder the user imported (for stable relative ids)."""

    def parse_reporting(self, path: Path, root: Path) -> tuple[list[ParsedMessage], list[str]]:
        """`parse` plus the `FILE:LINE: reason` warnings of a lenient importer (notes), for the import summary.

        Strict importers (every chat export) keep the default: they raise on a
        problem instead, so there is nothing to warn about.
        """
        return self.parse(path, root), []

    def whole_note(self, path: Path, root: Path) -> str | None:
        """The note whose whole current content a parse of `path` is (its name in ids), or None.

        For a note, what a re-import no longer finds was removed from the file,
        and the store archives it (`memory.note_sync`). A chat export may be
        partial (a date range, one channel), so by default (None) nothing
        missing from a file is archived.
        """
        return None


def read_text(path: Path) -> str:
    """Read UTF-8 (a BOM allowed), naming the line of the first undecodable byte."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path, line) from None


_TEXT_FIELDS = ("id", "conversation", "time", "speaker", "text", "role", "kind")


def check_unicode(message: ParsedMessage, path: Path, line: int | None) -> ParsedMessage:
    """`message` unchanged, or InputError when a field holds a lone surrogate.

    JSON may escape half of a UTF-16 pair (`"\\ud800"`): valid JSON, but not
    text, and SQLite cannot store it. Rejected here, while parsing, rather
    than repaired: the store keeps what was said exactly, or nothing (the
    same as for a file that is not UTF-8), and the error names the line to
    fix before anything is written. One encode of all fields in the usual
    case (~5 us a message), a field-by-field look only to name the bad one.
    """
    try:
        "\x1f".join([getattr(message, name) for name in _TEXT_FIELDS]).encode("utf-8")
        if message.metadata:
            json.dumps(message.metadata, ensure_ascii=False).encode("utf-8")  # as the store writes metadata
    except (UnicodeEncodeError, TypeError):
        _name_bad_field(message, path, line)
    return message


def _name_bad_field(message: ParsedMessage, path: Path, line: int | None) -> None:
    for name in (*_TEXT_FIELDS, "metadata"):
        value = getattr(message, name)
        try:
            if isinstance(value, str):
                value.encode("utf-8")
            elif isinstance(value, dict):
                json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            where = f" at character {exc.start + 1}" if isinstance(value, str) else ""
            reason = f"`{name}` is not valid Unicode: a lone surrogate \\u{ord(exc.object[exc.start]):04x}{where}"
            raise InputError(reason, path, line) from None


def owned(message: ParsedMessage, owner: Owner, *names: object, address: object = None) -> ParsedMessage:
    """`message` as the person's (role "user") when they are its sender, by its speaker, other `names` or `address`.

    Only an "other" becomes "user": what the export itself marks (the
    person's "You", an assistant, a bot) stays as it says.
    """
    if message.role != "other" or not owner or not owner.is_owner(message.speaker, *names, address=address):
        return message
    return replace(message, role="user")


def check_file_name(path: Path) -> Path:
    """`path`, or InputError when its name is not valid UTF-8 (a folder entry's bytes; it would reach ids and the import log)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("the file name is not valid UTF-8: rename the file", path, None) from None
    return path


def iso_time(value: object, path: Path, line: int | None, field: str = "time") -> str:
    """Validate and normalise a time field to ISO 8601 with an offset."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"`{field}` must be an ISO 8601 string", path, line)
    try:
        return to_iso(parse_time(value))
    except ValueError:
        raise InputError(f"`{field}` is not ISO 8601: {value!r}", path, line) from None


def relative_name(path: Path, root: Path) -> str:
    """The path a source id keeps: relative to the imported folder, with `/`."""
    try:
        return path.relative_to(root).as_posix() if root.is_dir() else path.name
    except ValueError:
        return path.name
