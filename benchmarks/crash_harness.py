"""Kill the CLI with SIGKILL mid-import or mid-consolidation, then hold the store to its promises.

One trial: a child `remembrancer` process works on a data dir and is killed
at a random moment; afterwards the store must open, `check` must pass, and
every message of every file the child logged as committed must be there
(the import is atomic per file and logs `committed FILE` after each COMMIT).
Shared by `tests/memory/test_crash.py` (a few trials) and `benchmarks/crash.py`.
"""
from __future__ import annotations

import json
import logging
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

WAL = "memory.sqlite3-wal"
IMPORTED_AT = "2024-07-01T00:00:00Z"
CONSOLIDATED_AT = "2026-01-01T00:00:00Z"  # 18 months on: messages, facts and scenes fade and are archived
_COMMITTED = re.compile(r"memory\.ingest: committed (.+): \d+ messages added")
_STATEMENTS = (
    "I live in {city}.", "I work as a {job}.", "My favourite food is {food}.", "I love {hobby}.",
    "We moved to {city} last month.", "I have a dog named {pet}.", "My sister {pet} lives in {city}.",
)
_WORDS = {
    "city": ["Berlin", "Lisbon", "Porto", "Faro", "Oslo", "Kyoto", "Lima", "Quito"],
    "job": ["nurse", "baker", "pilot", "teacher", "chemist"],
    "food": ["sushi", "pasta", "ramen", "tacos"],
    "hobby": ["hiking", "chess", "rowing", "painting"],
    "pet": ["Luna", "Rex", "Milo", "Nora"],
}


@dataclass
class Trial:
    phase: str
    killed_after: float
    exited_before_kill: bool
    committed_files: int
    committed_messages: int
    missing: list[str] = field(default_factory=list)
    opened: bool = False
    check_ok: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.opened and self.check_ok and not self.missing


def write_corpus(folder: Path, files: int, per_file: int, seed: int) -> dict[str, list[str]]:
    """JSONL files of first-person statements (so facts, scenes and persona are built); file -> ids."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids: dict[str, list[str]] = {}
    for f in range(files):
        path = folder / f"chat-{seed}-{f:03d}.jsonl"
        lines, ids[str(path)] = [], []
        for i in range(per_file):
            mid = f"s{seed}-f{f}-m{i}"
            text = " ".join(rng.choice(_STATEMENTS).format(**{k: rng.choice(v) for k, v in _WORDS.items()}) for _ in range(2))
            speaker = rng.choice(["Ana", "Ben", "Cleo"])
            lines.append(json.dumps({"conversation": f"c{seed}-{f}-{i // 10}", "id": mid, "time": f"2024-{1 + f % 12:02d}-{1 + i % 28:02d}T10:{i % 60:02d}:00", "speaker": speaker, "text": text}))
            ids[str(path)].append(mid)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def cli(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "remembrancer.app.cli.main", "--data-dir", str(data_dir), *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("REMEMBRANCER_EMBEDDER", "fake")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_killed(argv: list[str], opened: Path, window: float, rng: random.Random, timeout: float = 120.0,
               ready: Callable[[], bool] | None = None) -> tuple[float, bool]:
    """Start `argv`; once it has the store open, SIGKILL it at a random moment within `window` seconds.

    The child's interpreter start (seconds of imports) is no place to kill it
    in: the moment counts from when `opened` (the store's WAL file, which
    exists exactly while a connection is open) appears, or from when
    `ready()` first holds. Returns the seconds after that at which it was
    killed, and whether it finished first.
    """
    child = subprocess.Popen(argv, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    started_yet = ready or opened.exists
    while not started_yet() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    started = time.monotonic()
    try:
        child.wait(timeout=rng.uniform(0.0, window))
        return time.monotonic() - started, True
    except subprocess.TimeoutExpired:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        return time.monotonic() - started, False


def committed_files(data_dir: Path) -> list[str]:
    log = data_dir / "logs" / "remembrancer.log"
    if not log.exists():
        return []
    return [m.group(1) for m in _COMMITTED.finditer(log.read_text(encoding="utf-8", errors="replace"))]


def verify(data_dir: Path, trial: Trial, expected: dict[str, list[str]], embedder: str = "fake", heal: bool = False) -> Trial:
    """Open the store (this reconciles), run the check, look for every committed message.

    `heal`: open with the rules extractor, as the app does, and require that
    the open finished what the killed process left undone (every message
    through the extractor, no scene or persona rebuild still owed).
    """
    from remembrancer.app.store_key import unlock_store
    from remembrancer.memory import Memory
    from remembrancer.memory.check import check_store

    files = set(committed_files(data_dir))
    wanted = [mid for f in files for mid in expected.get(f, [])]
    trial.committed_files, trial.committed_messages = len(files), len(wanted)
    try:
        key = unlock_store(data_dir, encrypt_new=False).key
        with Memory(data_dir, embedder, extractor="rules" if heal else None, key=key) as mem:
            trial.opened = True
            present = {r[0] for r in mem.db.execute("SELECT id FROM messages")}
            if heal:
                unextracted = mem.db.execute("SELECT count(*) FROM messages WHERE extracted = 0").fetchone()[0]
                owed = mem.db.execute("SELECT count(*) FROM pending_rebuilds").fetchone()[0]
                if unextracted or owed:
                    trial.problems.append(f"not healed on open: {unextracted} messages without extraction, {owed} rebuilds owed")
    except Exception as exc:  # the store must open: any failure is this trial's finding
        trial.problems.append(f"open failed: {exc!r}")
        return trial
    trial.missing = sorted(set(wanted) - present)
    report = check_store(data_dir, key)
    trial.check_ok = report.ok and not trial.problems
    trial.problems += [f"{p.check}: {p.message}" for p in report.problems]
    return trial


def import_trial(workdir: Path, seed: int, files: int = 20, per_file: int = 40, window: float = 4.5) -> Trial:
    """Kill an import of `files` files at a random moment of its work."""
    rng = random.Random(seed)
    data_dir, corpus = workdir / f"data-{seed}", workdir / f"corpus-{seed}"
    expected = write_corpus(corpus, files, per_file, seed)
    took, finished = run_killed(cli(data_dir, "--now", IMPORTED_AT, "import", str(corpus)), data_dir / WAL, window, rng)
    return verify(data_dir, Trial("import", round(took, 2), finished, 0, 0), expected)


def consolidation_trial(workdir: Path, seed: int, files: int = 20, per_file: int = 40, window: float = 1.5) -> Trial:
    """Import fully, then kill `consolidate` (run long after, so much fades) at a random moment of its work."""
    rng = random.Random(seed)
    data_dir, corpus = workdir / f"cdata-{seed}", workdir / f"ccorpus-{seed}"
    expected = write_corpus(corpus, files, per_file, seed)
    subprocess.run(cli(data_dir, "--now", IMPORTED_AT, "import", str(corpus)), env=child_env(), check=True, stdout=subprocess.DEVNULL)
    took, finished = run_killed(cli(data_dir, "--now", CONSOLIDATED_AT, "consolidate"), data_dir / WAL, window, rng)
    return verify(data_dir, Trial("consolidate", round(took, 2), finished, 0, 0), expected)


def extraction_trial(workdir: Path, seed: int, files: int = 20, per_file: int = 40, window: float = 1.5) -> Trial:
    """Kill an import after its last file's COMMIT, at a random moment of its facts, scenes and persona.

    The moment counts from the log line that promises the last file, so
    every kill lands between the commit and the end of the levels above;
    the next open must finish them.
    """
    rng = random.Random(seed)
    data_dir, corpus = workdir / f"edata-{seed}", workdir / f"ecorpus-{seed}"
    expected = write_corpus(corpus, files, per_file, seed)
    last = max(expected)
    took, finished = run_killed(cli(data_dir, "--now", IMPORTED_AT, "import", str(corpus)), data_dir / WAL, window, rng,
                                ready=lambda: last in committed_files(data_dir))
    return verify(data_dir, Trial("after-commit", round(took, 2), finished, 0, 0), expected, heal=True)


def creation_trial(workdir: Path, seed: int, files: int = 4, per_file: int = 20, window: float = 6.0) -> Trial:
    """Two imports start at once on an empty data dir; one is killed at a random moment from its start.

    Its start covers the interpreter, the key (scrypt), the header, the schema
    and the vector tables: the moments where a new store is made. The other
    import runs to its end; both share one store that opens, checks sound and
    holds every file either of them committed.
    """
    rng = random.Random(seed)
    data_dir = workdir / f"ndata-{seed}"
    expected = write_corpus(workdir / f"ncorpus-a-{seed}", files, per_file, seed)
    expected.update(write_corpus(workdir / f"ncorpus-b-{seed}", files, per_file, seed + 1))
    survivor = subprocess.Popen(cli(data_dir, "--now", IMPORTED_AT, "import", str(workdir / f"ncorpus-b-{seed}")), env=child_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    took, finished = run_killed(cli(data_dir, "--now", IMPORTED_AT, "import", str(workdir / f"ncorpus-a-{seed}")), data_dir / WAL, window, rng,
                                ready=lambda: True)
    trial = Trial("creation", round(took, 2), finished, 0, 0)
    if survivor.wait(timeout=300) != 0:
        trial.problems.append(f"the other import failed with exit {survivor.returncode}")
    return verify(data_dir, trial, expected, heal=True)
