"""Compare the recall output of the frozen bundle with the source install's.

    python packaging/smoke_compare.py FROZEN.jsonl SOURCE.jsonl

Each file holds what `recall --queries-file Q --json` printed: one JSON array
per query, in order. The bundle passes when every query returns the same
items in the same order (ids, levels, sources, texts) with scores equal up to
float noise; the first difference is printed, naming the query line.
Exit 0 same, 1 different, 2 unreadable input.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

SCORE_TOLERANCE = 1e-5  # relative: the same wheels run the same maths; threads may reorder a sum
COMPARED_KEYS = ("id", "level", "text", "sources", "valid_from", "valid_to")


def load(path: Path) -> list[list[dict[str, Any]]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from None
    return rows


def differences(frozen: list[list[dict[str, Any]]], source: list[list[dict[str, Any]]]) -> list[str]:
    """Human-readable differences; empty when the two runs agree."""
    if len(frozen) != len(source):
        return [f"{len(frozen)} result lists from the bundle, {len(source)} from source"]
    found: list[str] = []
    for query_no, (a_items, b_items) in enumerate(zip(frozen, source), 1):
        if [i["id"] for i in a_items] != [i["id"] for i in b_items]:
            found.append(f"query {query_no}: ids differ: bundle {[i['id'] for i in a_items]} vs source {[i['id'] for i in b_items]}")
            continue
        for a, b in zip(a_items, b_items):
            for key in COMPARED_KEYS:
                if a.get(key) != b.get(key):
                    found.append(f"query {query_no}, item {a['id']}: {key} differs: {a.get(key)!r} vs {b.get(key)!r}")
            if not math.isclose(a["score"], b["score"], rel_tol=SCORE_TOLERANCE, abs_tol=1e-9):
                found.append(f"query {query_no}, item {a['id']}: score {a['score']} vs {b['score']}")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        frozen, source = (load(Path(p)) for p in argv)
    except (OSError, ValueError) as exc:
        print(f"smoke_compare: {exc}", file=sys.stderr)
        return 2
    diffs = differences(frozen, source)
    items = sum(len(r) for r in frozen)
    if diffs:
        print("\n".join(diffs))
        return 1
    print(f"same results: {len(frozen)} queries, {items} items")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
