"""Property test: a hostile export restores or is rejected with `InputError`, and a rejection stores nothing."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.fuzz_targets import JSON, NASTY_TEXT
from remembrancer.memory.errors import InputError
from remembrancer.memory.export.format import FORMAT_NAME
from remembrancer.memory.export.restore import restore_export
from remembrancer.memory.store.database import open_database

MANIFEST = json.dumps({"type": "manifest", "format": FORMAT_NAME, "version": 1})
FIELDS = ["id", "conversation", "time", "time_utc", "speaker", "text", "learned_at", "sources", "members", "evidence", "fact_a", "fact_b",
          "subject", "norm", "confidence", "extractor", "time_said", "reason", "created_at", "stability_days", "metadata"]
records = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "fact", "scene", "persona", "conflict", "import", "consolidation_run", "bogus"])},
    optional={f: JSON | st.sampled_from(["m1", "f1", 2**70, float("nan"), [{"fact": ["x"]}], ["m1"]]) for f in FIELDS},
)
lines = st.one_of(records.map(json.dumps), NASTY_TEXT, JSON.map(json.dumps))


@settings(max_examples=40, deadline=3000, database=None, phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(lines, max_size=6))
def test_hostile_exports_restore_or_are_rejected_storing_nothing(body: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.jsonl"
        path.write_text("\n".join([MANIFEST, *body]) + "\n", encoding="utf-8")
        db = open_database(Path(tmp) / "memory.sqlite3")
        try:
            try:
                restore_export(db, path)
            except InputError as exc:
                assert exc.path == str(path)
                assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
                assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == 0
        finally:
            db.conn.close()
