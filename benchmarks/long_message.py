"""Long-message benchmark: import one conversation holding a 1 MB message, then recall it.

Runs the real CLI in a subprocess on an encrypted store (a passphrase key,
as on a machine without a keyring) and reports its wall time and peak
resident memory, next to the same conversation with the long message
replaced by a short one: the difference is what the long text costs, the
rest is the process's fixed cost (interpreter, libraries, embedding model,
key derivation). Then `recall --budget 1500 --json` must print the long
message cut to the budget, not whole.

    python -m benchmarks.long_message [--size-mb 1] [--embedder minilm|fake]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, print_table, use_benchmark_passphrase, write_report

NAMES = ("Ana", "Bo", "Carmen", "Dmitri", "Efua", "Farid", "Greta", "Hiro")
PLACES = ("Lisbon", "Porto", "Tromsø", "Valparaíso", "Kraków", "Nairobi", "Hobart", "Quebec")
THINGS = ("sourdough", "the cello", "bouldering", "old maps", "tomato plants", "jazz records", "chess", "kayaks")
SENTENCES = (
    "I moved to {place} in {year} and I still miss the harbour.",
    "My sister {name} loves {thing}, she talks about it every week.",
    "We went hiking near {place} last weekend with {name}.",
    "{name} said the meeting about {thing} moved to Thursday.",
    "Honestly the weather was grey all day, so nothing much happened.",
    "I started learning {thing} because {name} kept insisting.",
    "The notes from {year} mention a trip to {place} that never happened.",
    "Remember to bring the blue folder, the spare charger and the receipts.",
)
BUDGET = 1500
QUERY = "hiking near Hobart with Greta"


def long_text(size: int, seed: int = 7) -> str:
    """About `size` characters of invented chat prose, in paragraphs (deterministic)."""
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < size:
        paragraph = " ".join(
            rng.choice(SENTENCES).format(name=rng.choice(NAMES), place=rng.choice(PLACES), thing=rng.choice(THINGS), year=rng.randint(1990, 2024))
            for _ in range(rng.randint(3, 9))
        )
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size]


def conversation(text: str) -> str:
    """JSON Lines: two short turns, the given one, two short turns."""
    turns = [
        ("Ana", "Did you keep the notes from the trip?"),
        ("Bo", "Yes, I will paste all of them here."),
        ("Bo", text),
        ("Ana", "That is a lot of notes, thank you."),
        ("Bo", "I moved to Porto in 2021, it is all in there."),
    ]
    return "".join(
        json.dumps({"conversation": "trip-notes", "id": f"t-{i}", "time": f"2024-05-0{i + 1}T10:00:00", "speaker": who, "text": said}) + "\n"
        for i, (who, said) in enumerate(turns)
    )


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MB, exit code, stdout) of one CLI process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen([sys.executable, "-m", "remembrancer.app.cli.main", *argv], env=env, cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, child.returncode, out.read().decode("utf-8")


def tokens(text: str) -> int:
    return len(re.findall(r"\w+|[^\w\s]", text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--embedder", default="minilm", choices=("minilm", "fake"))
    args = parser.parse_args(argv)
    use_benchmark_passphrase()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), REMEMBRANCER_EMBEDDER=args.embedder)
    size = int(args.size_mb * 1_000_000)
    rows, results = [], {}
    with tempfile.TemporaryDirectory(prefix="remembrancer-long-") as tmp:
        work = Path(tmp)
        for name, text in (("short", "I moved to Porto in 2021."), ("long", long_text(size))):
            source = work / f"{name}.jsonl"
            source.write_text(conversation(text), encoding="utf-8")
            seconds, rss, code, out = run(["--data-dir", str(work / name), "import", str(source), "--json"], env)
            summary = json.loads(out) if code == 0 else {}
            results[name] = {"message_chars": len(text), "seconds": round(seconds, 2), "peak_rss_mb": round(rss, 1), "exit": code,
                             "facts": summary.get("facts_created")}
            rows.append([f"import ({name} message)", len(text), seconds, rss, code])
        seconds, rss, code, out = run(["--data-dir", str(work / "long"), "recall", QUERY, "--budget", str(BUDGET), "--json"], env)
        items = json.loads(out) if code == 0 else []
        longest = max((tokens(item["text"]) for item in items), default=0)
        context = max((tokens(turn["text"]) for item in items for turn in item.get("context", [])), default=0)
        results["recall"] = {"seconds": round(seconds, 2), "peak_rss_mb": round(rss, 1), "exit": code, "items": len(items),
                             "longest_item_tokens": longest, "longest_context_tokens": context, "output_chars": len(out), "budget": BUDGET}
        rows.append([f"recall --budget {BUDGET}", len(out), seconds, rss, code])
    print_table(["step", "chars", "seconds", "peak RSS MB", "exit"], rows)
    extra = results["long"]["seconds"] - results["short"]["seconds"], results["long"]["peak_rss_mb"] - results["short"]["peak_rss_mb"]
    print(f"\nthe {size / 1e6:.1f} MB message costs {extra[0]:+.1f} s and {extra[1]:+.0f} MB over the short one;"
          f" recall's longest item: {results['recall']['longest_item_tokens']} tokens (budget {BUDGET}),"
          f" longest context turn: {results['recall']['longest_context_tokens']}")
    path = write_report("long_message", {"size_mb": args.size_mb, "embedder": args.embedder, **results})
    print(f"report: {path}")
    ok = results["long"]["exit"] == 0 and code == 0 and results["recall"]["longest_item_tokens"] <= BUDGET
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
