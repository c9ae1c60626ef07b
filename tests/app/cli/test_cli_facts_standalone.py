"""`facts` (#18): text lists the facts that read on their own (all with --all); --json lists all, marked."""
from __future__ import annotations

import json
from pathlib import Path

from tests.app.cli.conftest import Run

LINES = [
    ("m1", "Ines", "Did you end up joining the rowing club?"),
    ("m2", "Tomas", "Yes, and I joined the choir too."),
    ("m3", "Ines", "How was the first week?"),
    ("m4", "Tomas", "I wanted to keep them all, honestly."),
    ("m5", "Tomas", "I moved to Utrecht in 2019."),
]


def test_facts_lists_standalone_facts_and_json_marks_every_fact(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "chat.jsonl"
    path.write_text("".join(json.dumps({"conversation": "c1", "id": i, "time": f"2024-04-0{n + 1}T10:00:00",
                                        "speaker": who, "text": text}) + "\n"
                            for n, (i, who, text) in enumerate(LINES)), encoding="utf-8")
    assert cli("import", path).code == 0
    every = cli("facts", "--json").json()
    assert every and all(isinstance(f["standalone"], bool) for f in every)
    hidden = [f["text"] for f in every if not f["standalone"]]
    shown = [f["text"] for f in every if f["standalone"]]
    assert any("them" in t for t in hidden) and any("Utrecht" in t for t in shown)
    text = cli("facts").out
    assert all(t in text for t in shown) and not any(t in text for t in hidden)
    assert all(t in cli("facts", "--all").out for t in hidden)
