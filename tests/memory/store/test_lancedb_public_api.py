"""LanceDB is used through its public API only.

Its private attributes (the async table inside the synchronous one, its
background event loop) change between releases without notice; the
process's LanceDB calls run on the loop `memory.store.lance_loop` owns.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRIVATE = re.compile(r"lancedb\.(?:background_loop|_\w+)|\._table\._table\b|\bLOOP\.(?:loop|run)\b")


def test_no_module_reads_lancedb_private_attributes():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for folder in ("app", "memory", "ui", "plugins", "benchmarks")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert not found, "\n".join(found)
