"""End to end: Telegram and Discord exports through `remembrancer import`, `recall` and `stats` (hand-written samples)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import store_connection

OWNER, PEER, GROUP = 77001, 4815162342, 1357913579


def tg(id: int, text: Any, sender: str, from_id: int, unix: int, **extra: Any) -> dict[str, Any]:
    from datetime import datetime, timezone

    wall = datetime.fromtimestamp(unix + 3600, timezone.utc).replace(tzinfo=None).isoformat()  # exported at +01:00
    return {"id": id, "type": "message", "date": wall, "date_unixtime": str(unix), "from": sender, "from_id": f"user{from_id}",
            "text": text, "text_entities": [], **extra}


def telegram_account() -> dict[str, Any]:
    t = 1_699_174_872
    return {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": OWNER, "first_name": "Teodor", "last_name": "Pellow"},
        "chats": {"about": "", "list": [
            {"name": "Mirela Dunmore", "type": "personal_chat", "id": PEER, "messages": [
                {"id": 1, "type": "service", "date": "2023-11-05T10:00:00", "date_unixtime": str(t - 72), "actor": "Mirela Dunmore",
                 "action": "phone_call", "text": ""},
                tg(2, ["Did you find a ", {"type": "bold", "text": "canoe"}, " for the Fjordby trip?"], "Mirela Dunmore", PEER, t),
                tg(3, "Yes, I rented a green canoe from the harbour shop.", "Teodor Pellow", OWNER, t + 60),
                tg(4, "", "Mirela Dunmore", PEER, t + 120, photo="photos/photo_1@05-11-2023_10-03-12.jpg"),
            ]},
            {"name": "Kayak club", "type": "private_supergroup", "id": GROUP, "messages": [
                tg(10, "来週、湖でカヤックをしましょう。", "Kenji Sakuragawa", 5150, t + 3600),
                tg(11, "Я возьму весла.", "Teodor Pellow", OWNER, t + 3660),
            ]},
        ]},
    }


def discord_channel() -> dict[str, Any]:
    def message(id: int, content: str, name: str, **extra: Any) -> dict[str, Any]:
        return {"id": f"33000000000000000{id:02d}", "type": extra.pop("type", "Default"), "timestamp": f"2024-02-10T19:{id:02d}:00.000+01:00",
                "timestampEdited": None, "content": content, "attachments": [], "embeds": [], "stickers": [],
                "author": {"id": f"22{id}", "name": name.lower(), "nickname": name, "isBot": extra.pop("bot", False)}, **extra}

    return {
        "guild": {"id": "44", "name": "Fjordby Hikers", "iconUrl": ""},
        "channel": {"id": "1100000000000000001", "type": "GuildTextChat", "category": "Outdoors", "name": "trip-planning", "topic": None},
        "messages": [
            message(1, "", "Ilka", type="GuildMemberJoin"),
            message(2, "The lighthouse path is closed until March.", "Ilka"),
            message(3, "Then we take the ridge and camp by the tarn.", "Kenji", type="Reply", reference={"messageId": "3300000000000000002"},
                    attachments=[{"id": "9", "url": "https://cdn.example.org/ridge.jpg", "fileName": "ridge.jpg"}]),
            message(4, "Poll closes tonight", "Harbour Bot", bot=True),
        ],
    }


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "data", "fmt", "count", "query", "hit"),
    [
        ("result.json", telegram_account(), None, 5, "green canoe harbour", f"telegram:{PEER}:3"),
        ("Fjordby Hikers - trip-planning [1100000000000000001].json", discord_channel(), "discord", 2, "lighthouse path closed",
         "discord:3300000000000000002"),
    ],
)
def test_import_recall_reimport_and_a_broken_copy(cli: Run, tmp_path: Path, name: str, data: dict[str, Any], fmt: str | None,
                                                  count: int, query: str, hit: str) -> None:
    path = write(tmp_path / name, data)
    forced = ["--format", fmt] if fmt else []
    first = cli("import", path, *forced, "--json")
    assert first.code == 0, first.err
    assert (first.json()["files"], first.json()["messages_added"]) == (1, count)
    recalled = cli("recall", query, "--json", "--k", "5").json()
    assert any(hit in item["sources"] for item in recalled)

    again = cli("import", path, "--json").json()  # detected by content the second time
    assert (again["messages_added"], again["messages_skipped"]) == (0, count)
    before = cli("stats", "--json").json()
    assert before["levels"]["message"] == count

    broken = json.loads(json.dumps(data))
    messages = broken["chats"]["list"][1]["messages"] if "chats" in broken else broken["messages"]
    messages[1]["date" if "chats" in broken else "timestamp"] = "next tuesday"
    messages[1].pop("date_unixtime", None)
    bad = write(tmp_path / f"broken-{name}", broken)
    result = cli("import", bad, *forced)
    assert result.code == 2 and result.out == ""
    line = next(n for n, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), start=1) if "next tuesday" in text)
    assert f"{bad}:" in result.err and "message 2" in result.err and "next tuesday" in result.err
    start = int(result.err.split(f"{bad}:", 1)[1].split(":", 1)[0])
    assert start < line <= start + 6  # the line the broken message starts on
    after = cli("stats", "--json").json()
    assert (after["levels"], after["vectors"]) == (before["levels"], before["vectors"])


def test_telegram_roles_times_and_conversations(cli: Run, tmp_path: Path, data_dir: Path) -> None:
    path = write(tmp_path / "result.json", telegram_account())
    assert cli("import", path, "--format", "telegram").code == 0
    assert cli("stats", "--json").json()["conversations"] == 2
    (item,) = cli("recall", "green canoe harbour", "--json", "--k", "1").json()
    assert item["sources"] == [f"telegram:{PEER}:3"]
    assert (item["speaker"], item["time"], item["conversation"]) == ("Teodor Pellow", "2023-11-05T10:02:12+01:00", f"telegram:{PEER}")
    with store_connection(data_dir) as conn:
        rows = dict(conn.execute("SELECT id, role || ' ' || text FROM messages").fetchall())
    assert rows == {
        f"telegram:{PEER}:2": "other Did you find a canoe for the Fjordby trip?",
        f"telegram:{PEER}:3": "user Yes, I rented a green canoe from the harbour shop.",
        f"telegram:{PEER}:4": "other [photo]",
        f"telegram:{GROUP}:10": "other 来週、湖でカヤックをしましょう。",
        f"telegram:{GROUP}:11": "user Я возьму весла.",
    }
