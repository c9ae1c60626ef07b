"""End to end: a mailbox and a Slack export through `remembrancer import`, `recall` and `stats` (issue #21)."""
from __future__ import annotations

from pathlib import Path

from tests.app.cli.conftest import Run
from tests.memory.importers.email_samples import TAKEOUT, THUNDERBIRD, write
from tests.memory.importers.slack_samples import write_export, zip_export


def test_mailbox_imports_once_and_is_recalled(cli: Run, tmp_path: Path) -> None:
    mbox = write(tmp_path / "Takeout" / "Mail" / "All mail Including Spam and Trash.mbox", TAKEOUT)
    first = cli("import", mbox, "--json")
    assert first.code == 0, first.err
    assert (first.json()["messages_added"], first.json()["messages_skipped"]) == (3, 0)
    stats = cli("stats", "--json").json()
    assert stats["levels"]["message"] == 3 and stats["conversations"] == 2
    hits = cli("recall", "Blue Lantern table", "--json", "--k", "5").json()
    assert "email:reply-1@mail.example.net" in {source for hit in hits for source in hit["sources"]}
    again = cli("import", mbox, "--json").json()
    assert (again["messages_added"], again["messages_skipped"]) == (0, 3)
    assert cli("stats", "--json").json()["levels"] == stats["levels"]


def test_a_thunderbird_folder_without_extensions_imports(cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "Local Folders"
    write(folder / "Inbox", THUNDERBIRD)
    write(folder / "Inbox.msf", b"// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
    result = cli("import", folder, "--json")
    assert result.code == 0, result.err
    assert result.json()["messages_added"] == 2


def test_broken_mailbox_exits_2_naming_file_and_message_and_changes_nothing(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write(tmp_path / "good.mbox", TAKEOUT)).code == 0
    before = cli("stats", "--json").json()
    broken = write(tmp_path / "broken.mbox", TAKEOUT + b"\nFrom a@b Mon Jan  1 11:00:00 2024\nno header here\n\nbody\n")
    result = cli("import", broken)
    assert result.code == 2
    line = TAKEOUT.count(b"\n") + 2  # after the sample's last line and one blank line
    assert f"{broken}:{line}: message 5: no e-mail headers" in result.err
    assert cli("stats", "--json").json()["levels"] == before["levels"]


def test_a_message_with_a_malformed_date_exits_2_naming_file_and_message(cli: Run, tmp_path: Path) -> None:
    eml = write(tmp_path / "lunch.eml", b"From: Ana <ana@example.org>\nSubject: lunch\nDate: the 32nd of Smarch\n\nNoon?\n")
    result = cli("import", eml)
    assert result.code == 2
    assert f"{eml}:1: message 1: no readable Date header" in result.err


def test_slack_zip_and_folder_import_the_same_messages_once(cli: Run, tmp_path: Path) -> None:
    folder = write_export(tmp_path / "Hut Club Slack export")
    archive = zip_export(folder, tmp_path / "Hut Club Slack export.zip")
    first = cli("import", archive, "--json")
    assert first.code == 0, first.err
    assert first.json()["messages_added"] == 6
    stats = cli("stats", "--json").json()
    assert stats["levels"]["message"] == 6 and stats["conversations"] == 2
    hits = cli("recall", "stove", "--json", "--k", "3").json()
    assert hits and hits[0]["sources"] == ["slack:D01DM:1704190000.000300"]
    # the unzipped folder is the same export: nothing new
    again = cli("import", folder, "--json")
    assert again.code == 0, again.err
    assert (again.json()["messages_added"], again.json()["messages_skipped"]) == (0, 6)
    assert cli("stats", "--json").json()["levels"] == stats["levels"]


def test_broken_slack_day_exits_2_naming_file_and_line_and_changes_nothing(cli: Run, tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    bad = folder / "hut-trip" / "2024-01-09.json"
    bad.write_text('[\n  {"type": "message", "user": "U01KIT", "ts": "later", "text": "x"}\n]', encoding="utf-8")
    result = cli("import", folder)
    assert result.code == 2
    assert f"{bad}:2: message 1: `ts` must be a Slack timestamp" in result.err
    assert cli("stats", "--json").json()["levels"]["message"] == 0
