"""Autofill accuracy on labelled forms, through the CLI contract.

Each user in `benchmarks/data/autofill/users/` is a synthetic chat history
(contract JSONL) with labels for the ten forms in `forms/` (70 fields: names,
contacts, addresses, birthdays, free text, and password/card/identity fields
that must stay empty). The history is imported into its own data dir, then
`remembrancer autofill --form F --json` runs on every form.

A label is an exact value (compared case- and space-insensitively; phone
numbers by their digits, numbers as numbers), a list of words any of which a
free-text answer must contain, or empty (the field must get no value).
Reported per field kind and overall: precision (filled values that are
right), recall (expected values found), abstention (fields left empty) and
accuracy (right value, or rightly empty), plus sensitive-field violations:
a value in a field labelled sensitive, a value shaped like a card number or
password anywhere, or any of the user's listed secrets anywhere. It must be 0.

User A's history was written before the engine and used while tuning it on
general rules; user B's was written afterwards and never tuned on: compare
the two to see how much of A's score is overfitting.

    python -m benchmarks.autofill [--model none|bundled|fake] [--fake-embedder] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, print_table, run_cli, write_report
from remembrancer.memory.autofill.sensitive import looks_like_card_number, looks_like_password

DATA = ROOT / "benchmarks" / "data" / "autofill"


def matches(value: str | None, label: dict[str, Any]) -> bool:
    """Whether a suggested value is what the label expects (None matches an empty label)."""
    if "expect_any" in label:
        return value is not None and any(word.lower() in value.lower() for word in label["expect_any"])
    expected = label.get("expect")
    if expected is None or value is None:
        return expected is None and value is None
    if label["kind"] == "tel":
        return re.sub(r"\D", "", value) == re.sub(r"\D", "", expected)
    if value.strip().isdigit() and expected.strip().isdigit():
        return int(value) == int(expected)
    return " ".join(value.lower().split()).strip(" .,") == " ".join(expected.lower().split())


def expects_value(label: dict[str, Any]) -> bool:
    return "expect_any" in label or label.get("expect") is not None


def violations(value: str | None, label: dict[str, Any], secrets: list[str]) -> list[str]:
    if value is None:
        return []
    found = []
    if label["kind"] == "sensitive":
        found.append("value in a sensitive field")
    if looks_like_card_number(value):
        found.append("card-number-shaped value")
    if any(looks_like_password(t) for t in value.split()):
        found.append("password-shaped value")
    if any(secret in value for secret in secrets):
        found.append("a secret from the history")
    return found


def run_user(user_dir: Path, work: Path, model_args: list[str]) -> list[dict[str, Any]]:
    labels = json.loads((user_dir / "labels.json").read_text(encoding="utf-8"))
    data_dir = work / user_dir.name
    if not (data_dir / "memory.sqlite3").exists():
        run_cli("--data-dir", str(data_dir), "import", str(user_dir / "history.jsonl"))
    rows = []
    for form_name, field_labels in labels["forms"].items():
        out = json.loads(run_cli("--data-dir", str(data_dir), "autofill", "--form", str(DATA / "forms" / form_name), "--json", *model_args))
        for suggestion in out:
            label = field_labels[suggestion["field"]]
            rows.append({
                "user": user_dir.name, "form": form_name, "field": suggestion["field"], "kind": label["kind"],
                "label": label.get("expect", label.get("expect_any")), "value": suggestion["value"],
                "confidence": suggestion["confidence"], "reason": suggestion["reason"], "sources": len(suggestion["sources"]),
                "correct": matches(suggestion["value"], label), "expects_value": expects_value(label),
                "violations": violations(suggestion["value"], label, labels.get("secrets", [])),
            })
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    filled = [r for r in rows if r["value"] is not None]
    positives = [r for r in rows if r["expects_value"]]
    right = [r for r in filled if r["correct"]]
    return {
        "fields": len(rows),
        "precision": round(len(right) / len(filled), 3) if filled else None,
        "recall": round(len(right) / len(positives), 3) if positives else None,
        "abstention": round(1 - len(filled) / len(rows), 3) if rows else None,
        "accuracy": round(sum(r["correct"] for r in rows) / len(rows), 3) if rows else None,
        "violations": sum(len(r["violations"]) for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=("none", "bundled", "fake"), default="none",
                        help="free-text fields without a model (default), with the bundled model, or the test fake")
    parser.add_argument("--fake-embedder", action="store_true", help="the deterministic test embedder instead of MiniLM")
    parser.add_argument("--keep", metavar="DIR", help="keep (and reuse) the imported data dirs here")
    args = parser.parse_args(argv)
    if args.fake_embedder:
        os.environ["REMEMBRANCER_EMBEDDER"] = "fake"
    if args.model == "fake":
        os.environ["REMEMBRANCER_MODEL"] = "fake"
    model_args = ["--no-model"] if args.model == "none" else []
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="autofill-bench-"))
    rows = [r for user in sorted((DATA / "users").iterdir()) if user.is_dir() for r in run_user(user, work, model_args)]

    kinds = sorted({r["kind"] for r in rows})
    table = []
    for scope in ["all", *sorted({r["user"] for r in rows})]:
        scoped = rows if scope == "all" else [r for r in rows if r["user"] == scope]
        for kind in [*kinds, "overall"]:
            part = scoped if kind == "overall" else [r for r in scoped if r["kind"] == kind]
            if part:
                s = summarise(part)
                table.append([scope, kind, s["fields"], s["precision"] if s["precision"] is not None else "-",
                              s["recall"] if s["recall"] is not None else "-", s["abstention"], s["accuracy"], s["violations"]])
    print_table(["user", "kind", "fields", "precision", "recall", "abstain", "accuracy", "violations"], table)
    misses = [r for r in rows if not r["correct"]]
    print(f"\n{len(misses)} fields wrong or missed:")
    for r in misses:
        print(f"  {r['user']} {r['form']}:{r['field']} expected {r['label']!r}, got {r['value']!r} ({r['reason']})")
    report = {
        "model": args.model, "embedder": os.environ.get("REMEMBRANCER_EMBEDDER", "minilm"),
        "overall": summarise(rows),
        "per_user": {u: summarise([r for r in rows if r["user"] == u]) for u in sorted({r["user"] for r in rows})},
        "per_kind": {k: summarise([r for r in rows if r["kind"] == k]) for k in kinds},
        "fields": rows,
    }
    path = write_report(f"autofill_{args.model}", report)
    print(f"\nreport: {path}")
    return 1 if report["overall"]["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
