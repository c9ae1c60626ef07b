"""Gemini / Bard activity from Google Takeout (`MyActivity.json`), with hand-written records of invented people."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import plan_files
from remembrancer.memory.importers.gemini import GeminiImporter
from remembrancer.memory.importers.html_text import html_to_text


def activity(title: str | None, time: str, answer: str | None = None, header: str = "Gemini Apps", **extra: Any) -> dict:
    record: dict[str, Any] = {"header": header, "time": time, "products": [header], "activityControls": [f"{header} Activity"]}
    if title is not None:
        record["title"] = title
    if answer is not None:
        record["safeHtmlItem"] = [{"html": answer}]
    return {**record, **extra}


def takeout() -> list[dict]:
    """Newest first, as Takeout writes it."""
    return [
        activity("Used Gemini Apps", "2024-06-02T09:00:00.000Z"),
        activity("Prompted Which ferry goes from Piraeus to Hydra?", "2024-06-01T23:30:05.250Z",
                 "<p>The <b>Flying Dolphin</b> runs daily.</p><ul><li>about 2 hours</li><li>book ahead in July</li></ul>"),
        activity("Gave feedback: Good response", "2024-06-01T23:31:00.000Z"),
        activity("Prompted Plan a picnic on Hydra", "2024-06-01T22:10:00.000Z", attachedFiles=["beach.png", "list.txt"]),
        activity("Asked what rhymes with olive", "2023-12-31T23:59:59.900Z", "<p>Alive, thrive.</p>", header="Bard"),
    ]


def write(path: Path, records: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def test_prompts_and_answers_in_the_order_said_grouped_by_day(tmp_path: Path) -> None:
    messages = GeminiImporter().parse(write(tmp_path / "MyActivity.json", takeout()), tmp_path)
    assert [(m.speaker, m.role, m.text) for m in messages] == [
        ("Me", "user", "what rhymes with olive"),
        ("Gemini", "assistant", "Alive, thrive."),
        ("Me", "user", "Plan a picnic on Hydra\n[photo: beach.png]\n[file: list.txt]"),
        ("Me", "user", "Which ferry goes from Piraeus to Hydra?"),
        ("Gemini", "assistant", "The Flying Dolphin runs daily.\n- about 2 hours\n- book ahead in July"),
    ]
    assert [m.conversation for m in messages] == ["gemini:2023-12-31", "gemini:2023-12-31"] + ["gemini:2024-06-01"] * 3
    assert messages[3].time == messages[4].time == "2024-06-01T23:30:05+00:00"
    assert messages[3].id.startswith("gemini:2024-06-01T23:30:05.250000Z:") and messages[4].id == messages[3].id + ":answer"
    assert messages[2].metadata == {"attachments": [{"kind": "image", "name": "beach.png"}, {"kind": "file", "name": "list.txt"}]}
    again = GeminiImporter().parse(write(tmp_path / "again" / "MyActivity.json", takeout()[::-1]), tmp_path)
    assert [m.id for m in again] == [m.id for m in messages]  # stable ids whatever the order or folder


def test_odd_records_empty_non_latin_and_very_long(tmp_path: Path) -> None:
    assert GeminiImporter().parse(write(tmp_path / "empty" / "MyActivity.json", []), tmp_path) == []
    long_answer = "<p>" + "Keep the sourdough starter warm. " * 20_000 + "</p>"
    records = [
        activity("Prompted 京都で紅葉が見られるのはいつ？", "2024-11-01T01:00:00Z", "<p>十一月の中旬から下旬です。</p>"),
        activity("Prompted ما هي عاصمة المغرب؟", "2024-11-01T02:00:00Z", "<p>الرباط.</p>"),
        activity("Prompted Как сварить борщ?", "2024-11-01T03:00:00Z", long_answer),
        activity("Prompted ", "2024-11-01T04:00:00Z", "<p>nothing asked</p>"),  # an empty prompt: nothing said
        activity(None, "2024-11-01T05:00:00Z"),
        activity("Prompted broken html", "2024-11-01T06:00:00Z", "<p>unclosed <b>bold &amp; <i>tags"),
    ]
    messages = GeminiImporter().parse(write(tmp_path / "MyActivity.json", records), tmp_path)
    assert [m.text for m in messages if m.role == "user"] == ["京都で紅葉が見られるのはいつ？", "ما هي عاصمة المغرب؟", "Как сварить борщ?", "broken html"]
    assert messages[1].text == "十一月の中旬から下旬です。" and messages[3].text == "الرباط."
    assert len(messages[5].text) == len("Keep the sourdough starter warm. " * 20_000) - 1
    assert messages[-1].text == "unclosed bold & tags"


def test_claims_by_content_and_the_takeout_zip(tmp_path: Path) -> None:
    gemini = write(tmp_path / "Takeout" / "My Activity" / "Gemini Apps" / "MyActivity.json", takeout())
    search = write(tmp_path / "Takeout" / "My Activity" / "Search" / "MyActivity.json",
                   [{"header": "Search", "title": "Searched for tide tables", "time": "2024-01-01T10:00:00Z", "products": ["Search"]}])
    renamed = write(tmp_path / "bard-history.json", [activity("Prompted hi", "2024-01-01T10:00:00Z", header="Bard")])
    assert GeminiImporter().claims(gemini) and GeminiImporter().claims(renamed) and not GeminiImporter().claims(search)
    plan = {p.relative_to(tmp_path).as_posix(): imp.name for p, imp in plan_files(tmp_path)}
    assert plan == {"Takeout/My Activity/Gemini Apps/MyActivity.json": "gemini", "bard-history.json": "gemini"}  # Search skipped
    archive = tmp_path / "takeout-20240602T000000Z-001.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(gemini, "Takeout/My Activity/Gemini Apps/MyActivity.json")
        zf.write(search, "Takeout/My Activity/Search/MyActivity.json")
    assert GeminiImporter().claims(archive)
    assert GeminiImporter().parse(archive, tmp_path) == GeminiImporter().parse(gemini, tmp_path)


@pytest.mark.parametrize(("record", "reason"), [
    (activity("Prompted when is low tide in Sligo?", "yesterday"), "record 2: `time` is not ISO 8601"),
    (activity("Prompted when is low tide in Sligo?", "2024-01-01T10:00:00Z", safeHtmlItem="<p>x</p>"), "record 2: `safeHtmlItem` must be a list"),
    (activity("Prompted when is low tide in Sligo?", None), "record 2: `time` must be an ISO 8601 string"),  # type: ignore[arg-type]
], ids=["bad time", "html not a list", "no time"])
def test_a_malformed_record_names_its_number_and_line(tmp_path: Path, record: dict, reason: str) -> None:
    path = write(tmp_path / "MyActivity.json", [activity("Prompted fine", "2024-01-01T09:00:00Z"), record])
    with pytest.raises(InputError) as info:
        GeminiImporter().parse(path, tmp_path)
    assert info.value.path == str(path) and info.value.reason.startswith(reason)
    assert "low tide in Sligo" in path.read_text(encoding="utf-8").splitlines()[info.value.line - 1]


def test_invalid_json_and_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "MyActivity.json"
    path.write_text('[\n  {"header": "Gemini Apps",\n   "title": "Prompted x" "time": "2024-01-01T10:00:00Z"}\n]', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON") as info:
        GeminiImporter().parse(path, tmp_path)
    assert info.value.line == 3
    path.write_text('{"header": "Gemini Apps"}', encoding="utf-8")
    with pytest.raises(InputError, match="expected a list of activity records") as info:
        GeminiImporter().parse(path, tmp_path)
    assert info.value.line == 1


def test_html_becomes_lines_a_person_reads() -> None:
    html = ("<h2>Packing</h2><p>Bring <b>two</b> layers &amp; a hat.</p><ol><li>boots<ul><li>waxed</li></ul></li><li>map</li></ol>"
            "<p>Line one<br>line two</p><script>alert(1)</script><pre>x = 1\n  y = 2</pre><table><tr><th>Day</th><th>Km</th></tr>"
            "<tr><td>1</td><td>12</td></tr></table>")
    assert html_to_text(html) == "\n".join([
        "Packing", "Bring two layers & a hat.", "1. boots", "  - waxed", "2. map", "Line one", "line two", "x = 1", "  y = 2", "Day | Km", "1 | 12",
    ])
    assert html_to_text("") == "" and html_to_text("plain  text") == "plain text" and html_to_text("a < b") == "a < b"
