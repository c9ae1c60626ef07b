from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from remembrancer.memory.importers import plan_files
from remembrancer.memory.importers.markdown import MarkdownImporter, paragraph_key
from remembrancer.memory.timeutil import parse_time

TRIP = """---
title: Lisbon
date: 2024-02-03
tags: [travel]
---
# Trip to Lisbon

We took the tram 28 up to Alfama.

The pasteis de nata at Belem were worth the queue.

## Food & Drinks

Ginjinha tastes like cherries.
```python
# not a heading

print("kept whole")
```

## Food & Drinks

A second section with the same heading.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_splits_by_heading_and_paragraph_with_stable_ids(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    note = write(vault / "travel" / "lisbon.md", TRIP)
    items = MarkdownImporter().parse(note, vault)

    first, second, food, again = items
    assert [i.id for i in items] == [
        f"travel/lisbon.md#trip-to-lisbon/{paragraph_key('We took the tram 28 up to Alfama.')}",
        f"travel/lisbon.md#trip-to-lisbon/{paragraph_key('The pasteis de nata at Belem were worth the queue.')}",
        f"travel/lisbon.md#food-drinks/{paragraph_key(food.text.removeprefix('Food & Drinks: '))}",
        f"travel/lisbon.md#food-drinks-1/{paragraph_key('A second section with the same heading.')}",
    ]
    assert all(len(i.id.rsplit("/", 1)[1]) == 8 for i in items)  # a short key: ids stay readable
    assert first.text == "Trip to Lisbon: We took the tram 28 up to Alfama."
    assert second.text == "Trip to Lisbon: The pasteis de nata at Belem were worth the queue."
    # the fence (with its blank line and its `#` comment) stays in one item
    assert food.text == 'Food & Drinks: Ginjinha tastes like cherries.\n```python\n# not a heading\n\nprint("kept whole")\n```'
    assert again.text == "Food & Drinks: A second section with the same heading."
    assert {i.kind for i in items} == {"note"}
    assert {i.conversation for i in items} == {"travel/lisbon.md"}
    assert {i.speaker for i in items} == {"Me"}
    assert first.line == 8 and food.line == 14
    assert first.metadata == {"path": "travel/lisbon.md", "heading": "Trip to Lisbon", "source_line": 8}
    # front matter date, read as local midnight
    assert {parse_time(i.time) for i in items} == {datetime(2024, 2, 3).astimezone()}


def test_mtime_is_the_fallback_date_and_author_comes_from_front_matter(tmp_path: Path) -> None:
    note = write(tmp_path / "idea.md", "---\nauthor: Sam\n---\nBuy a sourdough starter.\n")
    stamp = datetime(2022, 7, 9, 8, 30).timestamp()
    os.utime(note, (stamp, stamp))
    (item,) = MarkdownImporter().parse(note, tmp_path)
    assert parse_time(item.time) == datetime.fromtimestamp(stamp).astimezone()
    assert item.speaker == "Sam"
    assert item.id.startswith("idea.md#")


def test_unclosed_front_matter_is_read_as_text_with_a_warning_naming_line_one(tmp_path: Path) -> None:
    note = write(tmp_path / "broken.md", "---\ndate: 2024-01-01\n# Heading\n\nBody text.\n")
    stamp = datetime(2022, 7, 9, 8, 30).timestamp()
    os.utime(note, (stamp, stamp))
    items, warnings = MarkdownImporter().parse_reporting(note, tmp_path)
    assert [i.text for i in items] == ["date: 2024-01-01", "Heading: Body text."]
    assert {parse_time(i.time) for i in items} == {datetime.fromtimestamp(stamp).astimezone()}
    assert warnings == [f"{note}:1: front matter opened with `---` is never closed; the file is read as text, with the file's time"]


def test_bad_front_matter_date_is_a_warning_naming_its_line_and_the_mtime_is_used(tmp_path: Path) -> None:
    note = write(tmp_path / "bad-date.md", "---\ntitle: x\ncreated: last tuesday\n---\nBody.\n")
    stamp = datetime(2022, 7, 9, 8, 30).timestamp()
    os.utime(note, (stamp, stamp))
    (item,), warnings = MarkdownImporter().parse_reporting(note, tmp_path)
    assert parse_time(item.time) == datetime.fromtimestamp(stamp).astimezone()
    assert warnings == [f"{note}:3: front matter `created` is not an ISO 8601 date; the file's time is used"]
    assert "tuesday" not in warnings[0]  # warnings reach the log: no note text


def test_long_paragraph_is_split_into_chunks_each_keyed_by_its_text(tmp_path: Path) -> None:
    sentence = "This sentence is about forty characters long. "
    note = write(tmp_path / "long.md", "# Essay\n\n" + sentence * 60 + "\n")
    items = MarkdownImporter().parse(note, tmp_path)
    assert len(items) >= 2
    # the chunks of one paragraph repeat the same sentences: equal chunks are told apart by -2, -3 in order
    keys = [paragraph_key(i.text.removeprefix("Essay: ")) for i in items]
    seen: dict[str, int] = {}
    expected = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        expected.append(f"long.md#essay/{key}" + (f"-{seen[key]}" if seen[key] > 1 else ""))
    assert [i.id for i in items] == expected
    assert len(set(expected)) == len(items)
    assert all(len(i.text) <= len("Essay: ") + 1200 for i in items)


def test_vault_import_skips_hidden_folders(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write(vault / "a.md", "# A\n\nalpha\n")
    write(vault / "sub" / "b.markdown", "beta\n")
    write(vault / ".obsidian" / "workspace.md", "# internal\n")
    write(vault / "sub" / ".trash" / "old.md", "# deleted\n")
    (vault / "image.png").write_bytes(b"\x89PNG")
    plan = plan_files(vault)
    assert [(p.relative_to(vault).as_posix(), imp.name) for p, imp in plan] == [("a.md", "markdown"), ("sub/b.markdown", "markdown")]
