"""Slack workspace export: its `.zip`, or the unzipped folder, or one day file.

An export is `users.json`, `channels.json` (with `groups.json`, `dms.json`,
`mpims.json`) and one folder per channel holding a `YYYY-MM-DD.json` list of
messages per day. The zip is one file to the import; the unzipped folder is
many, and the import walks a folder file by file (`plan_files`), so a day
file claims itself when the folder two levels up is an export (it holds
`channels.json` or `users.json`): the names in `users.json` are then read
once per import, not once per day. A day file on its own is recognised by
its content and named from the messages' `user_profile`.

Joins, leaves, topic and purpose changes, pins and bot posts are noise, not
something a person said, and are skipped. Channels are conversations
(`slack:<channel>`, a thread stays in its channel with its `thread_ts` in the
metadata), ids are `slack:<channel>:<ts>`. Both come from the channel's
folder name: a channel renamed between two exports comes back as a new
conversation, but no id ever moves from one conversation to another (which
the store refuses). Slack does not say whose export it is: a member with one
of the names the person gave (real name, display name or handle, from
`users.json` or the message's own profile) is them (role "user",
`importers.owner`), everyone else is "other".
"""
from __future__ import annotations

import re
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.attachments import attachment_lines, with_attachments
from remembrancer.memory.importers.base import ImportOptions, Importer, check_unicode, owned, read_text
from remembrancer.memory.importers.owner import NOBODY, Owner
from remembrancer.memory.importers.slack_json import Source, json_items
from remembrancer.memory.importers.slack_text import plain_text
from remembrancer.memory.types import ParsedMessage

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_DAY_MEMBER = re.compile(r"^[^/]+/\d{4}-\d{2}-\d{2}\.json$")
_TS = re.compile(r"^\d{1,12}(\.\d{1,9})?$")
_ROOT_FILES = ("channels.json", "users.json")
_LIST_FILES = (*_ROOT_FILES, "dms.json", "groups.json", "mpims.json", "integration_logs.json", "canvases.json")  # what else an export's root holds
SKIPPED_SUBTYPES = frozenset({
    "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
    "channel_unarchive", "channel_convert_to_private", "channel_convert_to_public", "channel_posting_permissions",
    "group_join", "group_leave", "group_topic", "group_purpose", "group_name", "group_archive", "group_unarchive",
    "bot_message", "bot_add", "bot_remove", "pinned_item", "unpinned_item", "reminder_add", "tombstone",
})


class SlackImporter(Importer):
    name = "slack"
    label = "Slack workspace export"
    suffixes = (".zip",)

    def __init__(self) -> None:
        self._names: tuple[tuple[str, int, int], UserNames] | None = None  # users.json's stat, its names

    def configured(self, options: ImportOptions) -> Importer:
        return self.for_owner(options)

    def claims(self, path: Path) -> bool:
        if path.suffix.lower() == ".zip":
            return _zip_prefix(path) is not None
        if not DAY.match(path.name):
            return False
        return export_root(path) is not None or _looks_like_day(path)

    def reads_along(self, path: Path) -> bool:
        """An export's lists (users, channels, DMs): `users.json` names the people; the others hold no messages."""
        return path.name in _LIST_FILES

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        if path.suffix.lower() == ".zip":
            return self._parse_zip(path)
        if not DAY.match(path.name):
            raise InputError("not a Slack export: import its .zip, its folder, or a YYYY-MM-DD.json day file", path, None)
        export = export_root(path)
        names = self._users_of(export / "users.json") if export else UserNames()
        return day_messages(read_text(path), path.parent.name, names, Source(path), self.owner)

    def _users_of(self, users: Path) -> UserNames:
        """The names in the export's `users.json`, read once for all its day files (again if the file changed)."""
        try:
            stat = users.stat()
        except OSError:
            return UserNames()
        key = (str(users), stat.st_mtime_ns, stat.st_size)
        if self._names is None or self._names[0] != key:
            self._names = (key, user_names(read_text(users), Source(users)))
        return self._names[1]

    def _parse_zip(self, path: Path) -> list[ParsedMessage]:
        try:
            with zipfile.ZipFile(path) as archive:
                members = archive.namelist()
                prefix = _export_prefix(members)
                if prefix is None:
                    raise InputError("zip holds no Slack export (channels.json or users.json beside channel folders)", path, None)
                names = UserNames()
                if prefix + "users.json" in members:
                    names = user_names(_member_text(archive, prefix + "users.json", path), Source(path, "users.json"))
                messages: list[ParsedMessage] = []
                for member in sorted(m for m in members if m.startswith(prefix) and _DAY_MEMBER.match(m[len(prefix):])):
                    channel = member[len(prefix):].split("/", 1)[0]
                    source = Source(path, member[len(prefix):])
                    messages.extend(day_messages(_member_text(archive, member, path), channel, names, source, self.owner))
                return messages
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"not a readable zip file ({type(exc).__name__})", path, None) from None


def export_root(day_file: Path) -> Path | None:
    """The export folder of a day file (`EXPORT/channel/YYYY-MM-DD.json`), when it holds channels.json or users.json."""
    export = day_file.parent.parent
    return export if any((export / name).is_file() for name in _ROOT_FILES) else None


def _looks_like_day(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.lstrip("\ufeff \t\r\n").startswith("[") and re.search(r'"type"\s*:\s*"message"', head) is not None \
        and re.search(r'"ts"\s*:', head) is not None


def _zip_prefix(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return _export_prefix(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return None


def _export_prefix(members: list[str]) -> str | None:
    """The folder inside the zip that holds the export ("" at the top), or None for a zip that is no Slack export."""
    member_set = set(members)
    prefixes = sorted({m[: -len(name)] for m in members for name in _ROOT_FILES if m == name or m.endswith("/" + name)}, key=len)
    for prefix in prefixes:
        both = all(prefix + name in member_set for name in _ROOT_FILES)
        if both or any(m.startswith(prefix) and _DAY_MEMBER.match(m[len(prefix):]) for m in members):
            return prefix
    return None


def _member_text(archive: zipfile.ZipFile, member: str, path: Path) -> str:
    data = archive.read(member)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{member}:{line}: not valid UTF-8 (byte {exc.start})", path, None) from None


class UserNames(dict[str, str]):
    """User id -> the name Slack shows; `known_as`: user id -> every name the user goes by (for finding the person)."""

    def __init__(self) -> None:
        super().__init__()
        self.known_as: dict[str, tuple[str, ...]] = {}


def user_names(text: str, source: Source) -> UserNames:
    """User id -> the name Slack shows: the real name, else the display name, else the handle, else the id."""
    names = UserNames()
    for line, user in json_items(text, source, "a list of users (users.json)"):
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            raise source.error("each user must be an object with an `id`", line)
        profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
        candidates = (user.get("real_name"), profile.get("real_name"), profile.get("display_name"), user.get("name"))
        known = tuple(dict.fromkeys(c.strip() for c in candidates if isinstance(c, str) and c.strip()))
        names[user["id"]] = known[0] if known else user["id"]
        names.known_as[user["id"]] = known
    return names


def day_messages(text: str, channel: str, names: UserNames, source: Source, owner: Owner = NOBODY) -> list[ParsedMessage]:
    """The messages of one day file that someone said; InputError naming the file, line and message number."""
    messages: list[ParsedMessage] = []
    for number, (line, item) in enumerate(json_items(text, source, "a list of messages (a Slack day file)"), start=1):
        if not isinstance(item, dict):
            raise source.error(f"message {number}: not an object", line)
        subtype = item.get("subtype")
        if item.get("type", "message") != "message" or (isinstance(subtype, str) and subtype in SKIPPED_SUBTYPES) or item.get("bot_id"):
            continue
        message = _message(item, channel, names, source, line, number)
        if message is not None:
            messages.append(owned(message, owner, *_known_as(item, names)) if owner else message)
    return messages


def _known_as(item: dict[str, Any], names: UserNames) -> tuple[str, ...]:
    """The names of a message's sender: from users.json, else the profile the message carries."""
    user = item.get("user")
    profile = item.get("user_profile") if isinstance(item.get("user_profile"), dict) else {}
    found = names.known_as.get(user, ()) if isinstance(user, str) else ()
    return (*found, *(v for v in (profile.get(k) for k in ("real_name", "display_name", "name")) if isinstance(v, str)))


def _message(item: dict[str, Any], channel: str, names: UserNames, source: Source, line: int, number: int) -> ParsedMessage | None:
    ts = item.get("ts")
    if not isinstance(ts, str) or not _TS.match(ts):
        raise source.error(f'message {number}: `ts` must be a Slack timestamp such as "1704103200.000100", not {ts!r}', line)
    words = item.get("text", "")
    if not isinstance(words, str):
        raise source.error(f"message {number}: `text` must be a string", line)
    try:
        time = datetime.fromtimestamp(float(ts), tz=timezone.utc).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        raise source.error(f"message {number}: `ts` {ts!r} is not a time Remembrancer can store", line) from None
    files = _files(item.get("files"))
    text = with_attachments(plain_text(words, names), attachment_lines(files, source.path, line))
    if not text:
        return None
    metadata: dict[str, Any] = {"slack_channel": channel, "slack_ts": ts}
    for key in ("user", "thread_ts"):
        if isinstance(item.get(key), str):
            metadata["slack_user" if key == "user" else key] = item[key]
    if files:
        metadata["attachments"] = files
    message = ParsedMessage(
        id=f"slack:{channel}:{ts}",
        conversation=f"slack:{channel}",
        time=time,
        speaker=_speaker(item, names),
        text=text,
        metadata=metadata,
        line=None if source.member else line,
    )
    try:
        return check_unicode(message, source.path, line)
    except InputError as exc:
        raise source.error(f"message {number}: {exc.reason}", line) from None


def _speaker(item: dict[str, Any], names: dict[str, str]) -> str:
    user = item.get("user")
    if isinstance(user, str) and user in names:
        return names[user]
    profile = item.get("user_profile")
    if isinstance(profile, dict):
        for key in ("real_name", "display_name", "name"):
            value = profile.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    for value in (user, item.get("username")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "Unknown"


def _files(value: Any) -> list[dict[str, str]]:
    """Shared files as the contract's attachments (kind by MIME type, the name, the title as caption when it says more)."""
    if not isinstance(value, list):
        return []
    found: list[dict[str, str]] = []
    for item in value:
        if not isinstance(item, dict):
            continue
        name, title, mimetype = (item.get(key) if isinstance(item.get(key), str) else "" for key in ("name", "title", "mimetype"))
        if not (name.strip() or title.strip()):
            continue  # a deleted or hidden file has no name left
        kind = mimetype.split("/", 1)[0]
        attachment = {"kind": kind if kind in ("image", "audio", "video") else "file", "name": name.strip() or title.strip()}
        if title.strip() and name.strip() and title.strip() not in (name.strip(), Path(name.strip()).stem):
            attachment["caption"] = title.strip()
        found.append(attachment)
    return found
