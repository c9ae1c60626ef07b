"""The rules extractor is built at its first use: a store opened only to recall never compiles its patterns."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from remembrancer.memory.extraction.base import Extractor, FactCandidate, MessageView
from remembrancer.memory.facts.extractors import DeferredExtractor, get_extractor

REPO = Path(__file__).resolve().parents[3]


class _Counting(Extractor):
    name = "counting"
    built = 0

    def __init__(self) -> None:
        type(self).built += 1

    def extract(self, messages):  # type: ignore[no-untyped-def]
        return [FactCandidate(text=f"{m.speaker} said something.", subject=m.speaker, sources=[m.id], time_said=m.time) for m in messages]


def test_a_deferred_extractor_is_built_once_at_its_first_extract() -> None:
    _Counting.built = 0
    deferred = DeferredExtractor("counting", _Counting)
    assert deferred.name == "counting" and _Counting.built == 0
    views = [MessageView(id="m1", conversation="c", speaker="Ilka", time="2024-03-01T10:00:00", text="hi")]
    threads = [threading.Thread(target=deferred.extract, args=(views,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _Counting.built == 1
    assert [f.text for f in deferred.extract(views)] == ["Ilka said something."]


def test_rules_by_name_still_extracts() -> None:
    extractor = get_extractor("rules")
    assert extractor is not None and extractor.name == "rules"
    views = [MessageView(id="m1", conversation="c", speaker="Ilka", time="2024-03-01T10:00:00", text="I live in Tartu now.")]
    assert any("Tartu" in f.text for f in extractor.extract(views))


def test_opening_a_store_and_recalling_loads_no_extraction_rules(tmp_path: Path) -> None:
    """Measured in a fresh interpreter: the modules imported are what a recall-only process pays for."""
    script = textwrap.dedent(f"""
        import sys
        from remembrancer.memory.core import Memory
        with Memory({str(tmp_path / 'd')!r}, "fake") as memory:
            memory.recall("where does Ilka live", k=3)
            stats = memory.stats()
        print("remembrancer.memory.extraction.rules" in sys.modules, stats.models.extractor)
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["False", "rules"]
