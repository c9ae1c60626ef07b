"""`remembrancer autofill --form FORM.json [--json] [--person NAME] [--no-model]`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.cli.conftest import Run
from tests.helpers import record, write_jsonl

CHAT = [
    record("a-1", "My name is Ana Lima and I just joined the team.", "Ana", "work", "2024-03-01T10:00:00", role="user"),
    record("a-2", "Welcome Ana!", "Rui", "work", "2024-03-01T10:01:00", role="other"),
    record("a-3", "I work at Feedzai. I live in Coimbra.", "Ana", "work", "2024-03-01T10:02:00", role="user"),
    record("a-4", "My email is ana.lima@example.org, my password is Secr3t!Pass", "Ana", "work", "2024-03-01T10:03:00", role="user"),
    record("a-5", "My email is rui@example.org.", "Rui", "work", "2024-03-01T10:04:00", role="other"),
]
FORM = {"fields": [
    {"name": "first", "autocomplete": "given-name"},
    {"name": "last", "label": "Last name"},
    {"name": "email", "type": "email"},
    {"name": "org", "autocomplete": "organization"},
    {"name": "pw", "type": "password", "autocomplete": "current-password"},
    {"name": "cc", "autocomplete": "cc-number"},
]}


@pytest.fixture
def imported(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REMEMBRANCER_MODEL", "fake")  # never the bundled model in tests
    assert cli("import", write_jsonl(tmp_path / "chat.jsonl", CHAT)).code == 0
    form = tmp_path / "form.json"
    form.write_text(json.dumps(FORM, indent=1), encoding="utf-8")
    return form


def test_autofill_json(cli: Run, imported: Path) -> None:
    result = cli("autofill", "--form", imported, "--json")
    assert result.code == 0, result.err
    out = {s["field"]: s for s in result.json()}
    assert [s["field"] for s in result.json()] == ["first", "last", "email", "org", "pw", "cc"]
    assert (out["first"]["value"], out["last"]["value"], out["email"]["value"], out["org"]["value"]) == \
        ("Ana", "Lima", "ana.lima@example.org", "Feedzai")
    assert "a-1" in out["first"]["sources"] and "a-4" in out["email"]["sources"]
    assert out["pw"]["value"] is None and out["cc"]["value"] is None and out["pw"]["sources"] == []
    assert "Secr3t" not in result.out


def test_autofill_text_and_person(cli: Run, imported: Path) -> None:
    result = cli("autofill", "--form", imported, "--no-model")
    assert result.code == 0 and "ana.lima@example.org" in result.out and "fields filled" in result.out
    rui = cli("autofill", "--form", imported, "--person", "rui", "--json").json()
    assert {s["field"]: s["value"] for s in rui}["email"] == "rui@example.org"


def test_autofill_list_form_and_bad_input(cli: Run, imported: Path, tmp_path: Path) -> None:
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps(FORM["fields"][:1]), encoding="utf-8")
    assert cli("autofill", "--form", listed, "--json").json()[0]["value"] == "Ana"
    bad = tmp_path / "bad.json"
    bad.write_text('[\n {"name": "a"},\n {"name": "b", "type": 7}\n]', encoding="utf-8")
    result = cli("autofill", "--form", bad)
    assert result.code == 2 and f"{bad}:3:" in result.err and "'type' must be a string" in result.err
    broken = tmp_path / "broken.json"
    broken.write_text('{"fields": [\n {"name": "a"\n]}', encoding="utf-8")
    assert cli("autofill", "--form", broken).code == 2 and f"{broken}:3:" in cli("autofill", "--form", broken).err
    empty = tmp_path / "empty.json"
    empty.write_text('{"fields": [{"type": "text"}]}', encoding="utf-8")
    assert cli("autofill", "--form", empty).code == 2
    assert cli("autofill", "--form", tmp_path / "missing.json").code == 2
    assert cli("autofill", "--form", imported, "--person", "Nobody").code == 2
