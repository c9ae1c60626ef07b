"""`remembrancer import VAULT` with odd files: exit 0, every good note stored, every odd file listed."""
from __future__ import annotations

from pathlib import Path

from tests.app.cli.conftest import Run
from tests.memory.importers.vault_samples import write_vault


def test_the_import_output_lists_skipped_files_and_warnings_and_exits_0(cli: Run, tmp_path: Path) -> None:
    files = write_vault(tmp_path / "vault")
    result = cli("import", tmp_path / "vault")
    assert result.code == 0, result.err
    assert "Imported 5 file(s): 5 messages added" in result.out
    assert "Skipped 1 file(s) that are not text:" in result.out and f"  {files['binary']}: not text (NUL bytes): skipped" in result.out
    assert "5 warning(s); the notes were imported:" in result.out
    assert f"  {files['bad_yaml']}:4: front matter `date` is not an ISO 8601 date" in result.out
    assert cli("stats", "--json").json()["levels"]["message"] == 5

    as_json = cli("import", tmp_path / "vault", "--json").json()
    assert as_json["messages_added"] == 0 and as_json["skipped_files"] and len(as_json["warnings"]) == 5


def test_the_import_output_counts_paragraphs_archived_because_they_left_their_note(cli: Run, tmp_path: Path) -> None:
    note = tmp_path / "notes" / "boat.md"
    note.parent.mkdir()
    note.write_text("# Boat\n\nPerrin varnished the tiller in April.\n\nThe mooring fee rose to forty crowns.\n", encoding="utf-8")
    assert cli("import", note).code == 0
    note.write_text("# Boat\n\nPerrin varnished the tiller in April.\n", encoding="utf-8")
    result = cli("import", note)
    assert result.code == 0, result.err
    assert "1 skipped (already stored), 1 archived (no longer in their note; kept, out of recall)" in result.out
    note.write_text("# Boat\n\nPerrin varnished the tiller in April.\n\nThe mooring fee rose to forty crowns.\n", encoding="utf-8")
    as_json = cli("import", note, "--json").json()
    assert (as_json["messages_added"], as_json["messages_restored"], as_json["messages_archived"], as_json["messages_skipped"]) == (0, 1, 0, 1)
