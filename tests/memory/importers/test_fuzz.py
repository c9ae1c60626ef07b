"""Property tests: every importer parses or rejects hostile files cleanly (targets in benchmarks/fuzz_targets.py).

Bounded so the suite stays quick; `benchmarks/fuzz.py` runs the same
properties with many more examples.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from benchmarks.fuzz_targets import IMPORTER_CASES, deep_json, parse_or_reject
from remembrancer.memory import Memory
from remembrancer.memory.errors import InputError

# No shrinking: replaying a hanging input hundreds of times to shrink it would
# take minutes; the unshrunk failing input is printed all the same.
QUICK = settings(
    max_examples=60, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _property(case: str):
    importer, file_name, contents = IMPORTER_CASES[case]

    @QUICK
    @given(contents)
    def check(content: bytes) -> None:
        parse_or_reject(importer, file_name, content)

    return check


@pytest.mark.parametrize("case", sorted(IMPORTER_CASES))
def test_hostile_files_parse_or_are_rejected_cleanly(case: str) -> None:
    _property(case)()


@pytest.mark.parametrize(("importer", "file_name"), [("jsonl", "a.jsonl"), ("chatgpt", "conversations.json"), ("markdown", "n.md"), ("text", "a.txt")])
def test_a_huge_line_with_nul_bytes_is_handled(importer: str, file_name: str) -> None:
    line = ("x\x00" * 1_000_000).encode()
    result = parse_or_reject(importer, file_name, line)
    if importer in ("jsonl", "chatgpt", "text"):
        assert isinstance(result, InputError)


def test_deep_json_is_an_input_error() -> None:
    for importer, name in (("jsonl", "a.jsonl"), ("chatgpt", "conversations.json")):
        assert isinstance(parse_or_reject(importer, name, deep_json(200_000).encode()), InputError)


def test_a_rejected_file_stores_nothing(tmp_path: Path) -> None:
    good = tmp_path / "in" / "a.jsonl"
    good.parent.mkdir()
    good.write_text('{"conversation": "c", "id": "m1", "time": "2024-01-01T10:00:00", "speaker": "Ana", "text": "hi"}\n', encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_bytes(b'{"conversation": "c", "id": "m2"' + b"\x00" * 100 + b"\n" + deep_json(100_000).encode())
    with Memory(tmp_path / "data", "fake", extractor=None) as mem:
        with pytest.raises(InputError):
            mem.import_path(tmp_path / "in")
        assert mem.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
