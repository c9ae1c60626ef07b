"""What a person reads: facts, persona and names on the LoCoMo dev split and the hand-written style fixtures.

Imports each dev conversation (rules extractor, bundled MiniLM), then per
conversation and overall:
- observation coverage: share of LoCoMo's observations (a careful reader's
  sentences, each with its evidence turn) whose evidence turn is a source of
  a shown fact with MiniLM cosine >= 0.55 to the observation;
- dangling: share of shown facts with a pronoun or deictic that has no
  referent in the fact (`memory.quality.dangling`);
- persona junk and duplicates (`memory.quality.persona_junk`);
- names kept: share of the pets', relatives' and partners' names the
  observations state (found by general patterns) that appear in that
  person's profile;
- evidence R@10 and R@1500tok of `benchmarks.locomo_recall` on the same
  stores, and the import time.
"Shown" facts are those marked standalone when the store marks them, else all.
The style fixtures (tests/data/styles/) are imported too and report
dangling, junk, duplicates and the share of their expected attributes found.

    python -m benchmarks.memory_quality [--keep DIR] [--reuse] [--conversations N] [--styles]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import ROOT, print_table, run_cli, write_report
from benchmarks.locomo import DATA, add_keep_option, dev_files_or_skip, to_jsonl, work_folder
from benchmarks.memory_quality_names import named_relations
from benchmarks.memory_quality_profile import attribute_blob, attribute_text, expected_found, flatten_persona, shown_facts
from remembrancer.memory.quality.dangling import dangling_words
from remembrancer.memory.quality.persona_junk import duplicate_groups, junk_reason

COSINE = 0.55
STYLES = ROOT / "tests" / "data" / "styles"
OBSERVATIONS = DATA / "observations"


def import_store(source: Path, data_dir: Path, reuse: bool) -> float:
    """Import `source` into a fresh `data_dir` (kept as is with `reuse`); the seconds it took."""
    if (data_dir / "memory.sqlite3").exists():
        if reuse:
            return 0.0
        shutil.rmtree(data_dir)
    started = time.perf_counter()
    run_cli("--data-dir", str(data_dir), "import", str(source))
    return time.perf_counter() - started


def listings(data_dir: Path) -> tuple[list[dict], list[dict]]:
    """(every fact, every persona attribute) the store lists."""
    facts = json.loads(run_cli("--data-dir", str(data_dir), "facts", "--json"))
    persona = flatten_persona(json.loads(run_cli("--data-dir", str(data_dir), "persona", "--json")))
    return facts, persona


def evidence_ids(raw: Any, sample: str) -> set[str]:
    """Observation evidence ("D1:3", "D1:3, D2:5", a list) as message ids of the imported conversation."""
    items = raw if isinstance(raw, list) else [raw]
    return {f"{sample}:{e}" for item in items for e in re.split(r"[\s,;]+", str(item)) if e}


def observations(sample: str) -> list[dict[str, Any]]:
    path = OBSERVATIONS / f"{sample}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for session in data.get("observation", {}).values():
        for speaker, pairs in session.items():
            for pair in pairs:
                out.append({"speaker": speaker, "text": pair[0], "evidence": evidence_ids(pair[1], sample)})
    return out


def coverage(obs: list[dict], facts: list[dict]) -> float:
    """Share of observations with a shown fact citing their evidence turn at cosine >= COSINE."""
    from remembrancer.memory.embedding import get_embedder

    if not obs:
        return float("nan")
    evidence = set().union(*(o["evidence"] for o in obs))
    relevant = [f for f in facts if evidence & set(f["sources"])]
    embedder = get_embedder("minilm")
    fact_vecs = embedder.embed([f["text"] for f in relevant]) if relevant else np.zeros((0, 384), dtype=np.float32)
    obs_vecs = embedder.embed([o["text"] for o in obs])
    covered = 0
    for o, vec in zip(obs, obs_vecs):
        idx = [i for i, f in enumerate(relevant) if o["evidence"] & set(f["sources"])]
        if idx and float(np.max(fact_vecs[idx] @ vec)) >= COSINE:
            covered += 1
    return covered / len(obs)


def text_metrics(facts: list[dict], persona: list[dict]) -> dict[str, Any]:
    """Dangling share of shown facts; junk share and duplicates of the persona."""
    shown = shown_facts(facts)
    dangling = [f for f in shown if dangling_words(f["text"])]
    reasons = Counter(r for a in persona if (r := junk_reason(str(a.get("attribute", "")), str(a.get("value", "")), attribute_text(a))))
    groups = duplicate_groups(persona)
    return {
        "facts": len(facts),
        "shown": len(shown),
        "dangling": len(dangling) / len(shown) if shown else 0.0,
        "dangling_examples": [f["text"] for f in dangling[:15]],
        "dangling_all_facts": sum(1 for f in facts if dangling_words(f["text"])) / len(facts) if facts else 0.0,
        "attributes": len(persona),
        "junk": sum(reasons.values()) / len(persona) if persona else 0.0,
        "junk_reasons": dict(reasons),
        "junk_examples": [attribute_text(a) for a in persona if junk_reason(str(a.get("attribute", "")), str(a.get("value", "")), attribute_text(a))][:15],
        "duplicate_groups": len(groups),
        "duplicate_extra": sum(len(g) - 1 for g in groups),
        "duplicate_examples": [[str(a.get("value")) for a in g] for g in groups[:10]],
    }


def names_kept(obs: list[dict], persona: list[dict]) -> tuple[int, int, list[str]]:
    """(kept, named, missing): names stated in observations found in that person's profile."""
    people = {o["speaker"] for o in obs}
    named = set().union(*(named_relations(o["text"], o["speaker"], people) for o in obs)) if obs else set()
    kept, missing = 0, []
    for person, name in sorted(named):
        blob = " ".join(attribute_blob(a) for a in persona if str(a.get("subject", "")).lower() == person.lower())
        if re.search(rf"\b{re.escape(name)}\b", blob, re.IGNORECASE):
            kept += 1
        else:
            missing.append(f"{person}: {name}")
    return kept, len(named), missing


def run_dev(files: list[Path], work: Path, reuse: bool) -> dict[str, Any]:
    from benchmarks import locomo_recall

    per: dict[str, dict[str, Any]] = {}
    import_seconds = 0.0
    for file in files:
        conv = json.loads(file.read_text(encoding="utf-8"))
        jsonl = work / f"{file.stem}.jsonl"
        to_jsonl(conv, jsonl)
        seconds = import_store(jsonl, work / file.stem, reuse)
        import_seconds += seconds
        facts, persona = listings(work / file.stem)
        obs = observations(conv["sample_id"])
        kept, named, missing = names_kept(obs, persona)
        per[file.stem] = {"import_seconds": seconds, "observations": len(obs), "coverage": coverage(obs, shown_facts(facts)),
                          **text_metrics(facts, persona), "names_named": named, "names_kept": kept, "names_missing": missing}
    recall = locomo_recall.evaluate(files, work)  # the stores exist: recall only, no second import
    for stem, row in per.items():
        rows = [r for r in recall["rows"] if r["conversation"] == stem]
        row["r@10"] = statistics.fmean(r["r@10"] for r in rows) if rows else float("nan")
        row["r@1500tok"] = statistics.fmean(r["r@budget"] for r in rows) if rows else float("nan")
    summary = locomo_recall.summarise(recall["rows"])["overall"]
    return {"per_conversation": per, "import_seconds": import_seconds, "recall": summary, "questions": len(recall["rows"])}


def overall(per: dict[str, dict[str, Any]], recall: dict[str, Any], import_seconds: float) -> dict[str, Any]:
    """Pooled over conversations: shares weighted by what they count (observations, facts, attributes, names)."""
    rows = list(per.values())

    def pooled(key: str, weight: str) -> float:
        total = sum(r[weight] for r in rows)
        return sum(r[key] * r[weight] for r in rows) / total if total else 0.0

    named = sum(r["names_named"] for r in rows)
    return {
        "coverage": pooled("coverage", "observations"), "dangling": pooled("dangling", "shown"), "junk": pooled("junk", "attributes"),
        "duplicate_groups": sum(r["duplicate_groups"] for r in rows), "duplicate_extra": sum(r["duplicate_extra"] for r in rows),
        "names_named": named, "names_kept": sum(r["names_kept"] for r in rows) / named if named else float("nan"),
        "facts": sum(r["facts"] for r in rows), "shown": sum(r["shown"] for r in rows), "attributes": sum(r["attributes"] for r in rows),
        "r@10": recall.get("recall@10", float("nan")), "r@1500tok": recall.get("recall@1500tok", float("nan")), "import_seconds": import_seconds,
    }


def style_fixtures() -> list[tuple[str, Path, dict[str, Any]]]:
    """(name, conversation file, expected profile) of each fixture folder under tests/data/styles."""
    out = []
    for folder in sorted(p for p in STYLES.iterdir() if p.is_dir()) if STYLES.is_dir() else []:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        out.append((folder.name, folder / expected["file"], expected))
    return out


def run_styles(work: Path, reuse: bool) -> dict[str, dict[str, Any]]:
    out = {}
    for name, source, expected in style_fixtures():
        data_dir = work / f"style-{name}"
        seconds = import_store(source, data_dir, reuse)
        facts, persona = listings(data_dir)
        found, total, missing = expected_found(expected, persona)
        readable = [f["text"] for f in shown_facts(facts)] + [attribute_text(a) for a in persona]
        forbidden = [s for s in expected.get("must_not_appear", []) if any(_says(t, s) for t in readable)]
        out[name] = {"import_seconds": seconds, **text_metrics(facts, persona), "expected": total,
                     "expected_found": found / total if total else float("nan"), "expected_missing": missing,
                     "must_not_appear_violations": forbidden}
    return out


def _says(text: str, phrase: str) -> bool:
    """`phrase` as whole words, case as written: "Me is" is not in "time is"."""
    return re.search(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", text) is not None


def print_tables(dev: dict[str, Any] | None, styles: dict[str, dict[str, Any]]) -> None:
    if dev:
        headers = ["conversation", "facts", "shown", "coverage", "dangling", "attrs", "junk", "dup", "names", "kept", "R@10", "R@1500tok", "import s"]
        rows = [[stem, r["facts"], r["shown"], r["coverage"], r["dangling"], r["attributes"], r["junk"], r["duplicate_extra"],
                 r["names_named"], r["names_kept"] / r["names_named"] if r["names_named"] else "-", r["r@10"], r["r@1500tok"], r["import_seconds"]]
                for stem, r in dev["per_conversation"].items()]
        o = dev["overall"]
        rows.append(["overall", o["facts"], o["shown"], o["coverage"], o["dangling"], o["attributes"], o["junk"], o["duplicate_extra"],
                     o["names_named"], o["names_kept"], o["r@10"], o["r@1500tok"], o["import_seconds"]])
        print_table(headers, rows)
    if styles:
        print()
        headers = ["style fixture", "facts", "shown", "dangling", "attrs", "junk", "dup", "expected", "found", "forbidden"]
        print_table(headers, [[n, r["facts"], r["shown"], r["dangling"], r["attributes"], r["junk"], r["duplicate_extra"], r["expected"],
                               r["expected_found"], len(r["must_not_appear_violations"])] for n, r in styles.items()])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_keep_option(parser)
    parser.add_argument("--reuse", action="store_true", help="with --keep: measure the kept stores, no re-import")
    parser.add_argument("--conversations", type=int, metavar="N", help="only the first N dev conversations (a quick check)")
    parser.add_argument("--styles", action="store_true", help="only the style fixtures, not the dev split")
    parser.add_argument("--report", default="memory_quality", help="report name under benchmarks/reports/")
    args = parser.parse_args(argv)
    os.environ["REMEMBRANCER_EMBEDDER"] = "minilm"
    os.environ["REMEMBRANCER_EXTRACTOR"] = "rules"
    files = [] if args.styles else dev_files_or_skip()[: args.conversations or None]
    dev = None
    with work_folder(args.keep) as work:
        if files:
            dev = run_dev(files, work, args.reuse)
            dev["overall"] = overall(dev["per_conversation"], dev["recall"], dev["import_seconds"])
        styles = run_styles(work, args.reuse)
    print_tables(dev, styles)
    path = write_report(args.report, {"cosine": COSINE, "dev": dev, "styles": styles, "conversations": [f.stem for f in files]})
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
