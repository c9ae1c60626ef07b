"""`app/`, `ui/` and `plugins/` never hold the store's own handles.

`Memory` keeps its SQLite connection, vector indexes, embedder and recall
engine to itself; surfaces ask it (or `MemoryService`) for what they show,
so how the store is read can change without touching them.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HANDLES = r"(?:db|indexes|embedder|vectors|recall_engine|associative)"
REACHING_IN = re.compile(rf"(?:memory\(\)|\bmemory|\bmem)\.{HANDLES}\b")


def test_no_surface_reaches_into_the_store():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for folder in ("app", "ui", "plugins")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if REACHING_IN.search(line)
    ]
    assert not found, "ask Memory or MemoryService instead:\n" + "\n".join(found)


def test_the_pattern_sees_both_shapes():
    assert REACHING_IN.search("rows = self.ctx.memory().db.execute(sql)")
    assert REACHING_IN.search("memory.embedder.embed_one('x')")
    assert not REACHING_IN.search("settings.embedder = name")
