"""`remembrancer import` of a WhatsApp export end to end: stored, recalled, idempotent, and a broken export changes nothing."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run

CHAT = """12/31/23, 10:15\u202fPM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
12/31/23, 10:15\u202fPM - Kit: The ferry to Ilha Verde leaves at 7 from pier four
12/31/23, 10:16\u202fPM - You: I will bring the thermos
and the blue umbrella
12/31/23, 10:17\u202fPM - Kit: IMG-20231231-WA0003.jpg (file attached)
the lighthouse at dusk
12/31/23, 10:18\u202fPM - Kit added Wren
1/2/24, 8:00\u202fAM - Wren: This message was deleted
"""


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMEMBRANCER_NOW", "2024-01-05T12:00:00Z")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def said(cli: Run, query: str) -> list[dict]:
    """The stored turns recall shows for `query`: its message hits and the turns around its facts (a fact stands for its message)."""
    turns = []
    for hit in cli("recall", query, "--json", "--k", "5").json():
        turns += [hit] if hit["level"] == "message" else hit["context"]
    return turns


def test_import_recall_and_reimport(cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat with Kit.txt", CHAT)
    first = cli("import", path, "--json")
    assert first.code == 0, first.err
    assert (first.json()["files"], first.json()["messages_added"]) == (1, 3)
    assert cli("stats", "--json").json()["levels"]["message"] == 3

    ferry = next(t for t in said(cli, "ferry pier") if "ferry" in t["text"])
    assert ferry["speaker"] == "Kit" and ferry["time"].startswith("2023-12-31T22:15:00")
    assert any(t["text"] == "I will bring the thermos\nand the blue umbrella" and t["speaker"] == "You" for t in said(cli, "thermos umbrella"))
    assert any("[photo: IMG-20231231-WA0003.jpg]" in t["text"] for t in said(cli, "lighthouse dusk"))

    again = cli("import", path, "--json").json()
    assert (again["messages_added"], again["messages_skipped"]) == (0, 3)
    assert cli("stats", "--json").json()["levels"]["message"] == 3


def test_zip_export_imports_by_auto_detection(cli: Run, tmp_path: Path) -> None:
    export = tmp_path / "WhatsApp Chat - Kit.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("_chat.txt", "[31.12.23, 22:15:03] Kit: Meet at the Old Mill bakery\n[31.12.23, 22:16:00] You: \u200eimage omitted\n")
    result = cli("import", export, "--json")
    assert result.code == 0, result.err
    assert result.json()["messages_added"] == 2
    hit = cli("recall", "Old Mill bakery", "--json").json()[0]
    assert hit["conversation"] == "Kit" and hit["speaker"] == "Kit"


def test_malformed_export_exits_2_naming_file_and_line_and_stores_nothing(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write(tmp_path / "WhatsApp Chat with Kit.txt", CHAT)).code == 0
    before = cli("stats", "--json").json()
    bad = write(tmp_path / "WhatsApp Chat with Wren.txt", "12/31/23, 10:15 PM - Wren: hi\n12/31/23, 13:16 PM - Wren: hm\n")
    result = cli("import", bad)
    assert result.code == 2 and f"{bad}:2: impossible hour 13" in result.err and result.out == ""
    after = cli("stats", "--json").json()
    assert after["levels"] == before["levels"]


def test_date_order_option(cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat with Ada.txt", "03/04/23, 10:00 - Ada: the orchard walk by the river\n")
    result = cli("import", path, "--date-order", "mdy")
    assert result.code == 0, result.err
    (hit,) = [t for t in said(cli, "orchard walk") if "orchard" in t["text"]]
    assert hit["time"].startswith("2023-03-04T10:00:00")  # forced month first (the guess, 24-hour clock, is day first)

    wrong = cli("import", path, "--format", "jsonl", "--date-order", "dmy")
    assert wrong.code == 2 and "--date-order" in wrong.err
    with pytest.raises(SystemExit) as usage:  # argparse refuses an unknown order before anything runs
        cli("import", path, "--date-order", "xyz")
    assert usage.value.code == 2


def test_ambiguous_dates_warn_naming_the_file(cli: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "WhatsApp Chat with Ada.txt", "03/04/23, 10:00 - Ada: the orchard walk by the river\n")
    result = cli("import", path)
    assert result.code == 0 and str(path) in result.err and "--date-order" in result.err
    assert "orchard" not in result.err
