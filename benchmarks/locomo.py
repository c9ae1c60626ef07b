"""Reading LoCoMo conversations (Maharana et al. 2024, CC BY-NC 4.0) from ../shared.

The data stays in ../shared; this turns one conversation into the contract's
JSONL messages in a temp file. A shared photo's caption (`blip_caption`) is
the message's `attachments` entry (`{"kind": "image", "caption": ...}`), the
contract's field that importers of real exports fill, so the benchmarks take
the path real data takes.
"""
from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import SHARED

DATA = SHARED / "data" / "locomo-dev"
CATEGORIES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop"}


def by_category(rows: list[dict]) -> dict[str, list[dict]]:
    """Per-question rows (each with LoCoMo's category number) grouped per category name, then all of them as "overall"."""
    groups = {name: [r for r in rows if r["category"] == cat] for cat, name in CATEGORIES.items()}
    groups["overall"] = rows
    return groups


def conversation_files() -> list[Path]:
    return sorted(DATA.glob("conv-*.json")) if DATA.is_dir() else []


def dev_files_or_skip() -> list[Path]:
    """The dev conversations; when ../shared lacks them, say so (the benchmark then skips cleanly)."""
    files = conversation_files()
    if not files:
        print("LoCoMo dev data not found under ../shared/data/locomo-dev: skipping.")
    return files


def add_keep_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keep", metavar="DIR", help="import into DIR and keep it (re-runs skip the import)")


@contextmanager
def work_folder(keep: str | None) -> Iterator[Path]:
    """`--keep DIR` when given (stores survive for re-runs), else a temp dir removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(keep) if keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        yield work


def session_time(raw: str) -> datetime:
    return datetime.strptime(raw.strip(), "%I:%M %p on %d %B, %Y")


def to_jsonl(conv: dict[str, Any], out: Path) -> int:
    sample = conv["sample_id"]
    body = conv["conversation"] if "conversation" in conv else conv
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        index = 1
        while f"session_{index}" in body:
            start = session_time(body[f"session_{index}_date_time"])
            for offset, turn in enumerate(body[f"session_{index}"]):
                record: dict[str, Any] = {
                    "conversation": sample,
                    "id": f"{sample}:{turn['dia_id']}",
                    "time": (start + timedelta(seconds=30 * offset)).isoformat(),
                    "speaker": turn["speaker"],
                    "text": turn["text"],
                }
                if turn.get("blip_caption"):  # the contract's field, as an importer of a real export writes it
                    record["attachments"] = [{"kind": "image", "caption": turn["blip_caption"]}]
                handle.write(json.dumps(record) + "\n")
                count += 1
            index += 1
    return count


def questions(conv: dict[str, Any]) -> list[dict[str, Any]]:
    """Category 1-4 questions with evidence as message ids."""
    sample = conv["sample_id"]
    out = []
    for qa in conv["qa"]:
        if qa.get("category") not in CATEGORIES:
            continue
        evidence = {f"{sample}:{e.strip()}" for raw in qa.get("evidence", []) for e in str(raw).replace(",", ";").split(";") if e.strip()}
        if evidence:
            out.append({"question": qa["question"], "category": qa["category"], "evidence": evidence})
    return out


def conversation_store(work: Path, file: Path) -> tuple[dict[str, Any], Path, int]:
    """One dev conversation imported into `work/<name>` (once; a kept store is reused): (conversation, data dir, messages)."""
    from benchmarks.common import run_cli

    conv = json.loads(file.read_text(encoding="utf-8"))
    data_dir = work / file.stem
    jsonl = work / f"{file.stem}.jsonl"
    messages = to_jsonl(conv, jsonl)
    if not (data_dir / "memory.sqlite3").exists():
        run_cli("--data-dir", str(data_dir), "import", str(jsonl))
    return conv, data_dir, messages


def add_conversation_option(parser: argparse.ArgumentParser, default: str = "conv-26") -> None:
    parser.add_argument("--conversation", default=default, help="which dev conversation (default %(default)s)")


def conversation_file_or_skip(name: str) -> Path | None:
    """The dev conversation called `name`, or None (said when ../shared lacks it: the benchmark then skips cleanly)."""
    return next((f for f in dev_files_or_skip() if f.stem == name), None)
