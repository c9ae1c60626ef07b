"""A hand-written Slack workspace export (invented people and channels), as a folder or a zip."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

USERS = [
    {"id": "U01KIT", "name": "kit", "real_name": "Kit Marlowe", "profile": {"real_name": "Kit Marlowe", "display_name": "kit"}},
    {"id": "U02ANA", "name": "ana", "profile": {"real_name": "", "display_name": "Ana V"}},
    {"id": "U03YUKI", "name": "yuki", "profile": {}},
]
CHANNELS = [{"id": "C01HUT", "name": "hut-trip", "members": ["U01KIT", "U02ANA"]}]


def message(ts: str, user: str | None, text: str, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "message", "text": text, "ts": ts, **extra}
    if user:
        item["user"] = user
    return item


DAY_1 = [
    message("1704103100.000100", "U02ANA", "<@U02ANA> has joined the channel", subtype="channel_join"),
    message("1704103150.000100", "U01KIT", "set the channel topic: huts", subtype="channel_topic"),
    message("1704103200.000100", "U01KIT", "Hi <@U02ANA>! The plan is at <https://example.org/plan|our plan> &amp; <https://example.org/map> "
            "&lt;draft&gt; in <#C01HUT|hut-trip>, <!here>", thread_ts="1704103200.000100", reply_count=1),
    message("1704103300.000200", "U09ZOE", "東京で会いましょう", thread_ts="1704103200.000100",
            user_profile={"real_name": "Zoë Quill", "display_name": "zq"}),
    message("1704103400.000300", None, "Deploy finished", subtype="bot_message", bot_id="B01", username="ci"),
    message("1704103500.000400", "U03YUKI", "", files=[
        {"name": "IMG_0042.jpg", "title": "The hut at dawn", "mimetype": "image/jpeg"},
        {"name": "route.gpx", "title": "route", "mimetype": "application/gpx+xml"},
        {"mode": "tombstone"}]),
    message("1704103600.000500", "U02ANA", "pinned a message", subtype="pinned_item"),
    message("1704103700.000600", "U01KIT", "reminder", bot_id="B02"),
]
DAY_2 = [
    message("1704189600.000100", "U02ANA", "سنلتقي في المقهى القديم"),
    message("1704189700.000200", "U01KIT", "Встретимся на вокзале в девять."),
]


def write_export(root: Path, extra_days: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """The unzipped export at `root`: users.json, channels.json, dms.json and two channels of day files."""
    days = {"hut-trip/2024-01-01.json": DAY_1, "hut-trip/2024-01-02.json": DAY_2, "D01DM/2024-01-02.json": [
        message("1704190000.000300", "U02ANA", "Are you bringing the stove?")], "quiet/2024-01-03.json": [], **(extra_days or {})}
    files = {"users.json": USERS, "channels.json": CHANNELS, "dms.json": [{"id": "D01DM", "members": ["U01KIT", "U02ANA"]}], **days}
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=4, ensure_ascii=False), encoding="utf-8")
    return root


def zip_export(folder: Path, zip_path: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(zip_path, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, prefix + file.relative_to(folder).as_posix())
    return zip_path
