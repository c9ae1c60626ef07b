"""Shared helpers: running the CLI in-process, reports, tables."""
from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REPORTS = ROOT / "benchmarks" / "reports"
BENCHMARK_PASSPHRASE = "remembrancer-benchmark"


def use_benchmark_passphrase() -> None:
    """Benchmark stores are encrypted like the app's, with a passphrase key.

    Not the keyring: a benchmark must run on machines without one (CI) and
    must not leave hundreds of store keys in a developer's keyring. Set
    REMEMBRANCER_PASSPHRASE to override.
    """
    os.environ.setdefault("REMEMBRANCER_PASSPHRASE", BENCHMARK_PASSPHRASE)



def store_key(data_dir: Path, create: bool = False):  # -> StoreKey | None
    """The key of a benchmark store (made by `run_cli` or, with `create`, made here), as the app finds it."""
    from remembrancer.app.store_key import unlock_store

    use_benchmark_passphrase()
    return unlock_store(data_dir, encrypt_new=create).key


def run_cli(*argv: str) -> str:
    """Run `remembrancer ARGV` in this process (the model stays loaded), never through the background service; return stdout."""
    from remembrancer.app.cli.main import main

    use_benchmark_passphrase()
    os.environ.setdefault("REMEMBRANCER_NO_SERVICE", "1")  # in this process, as measured before the service existed
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    if code != 0:
        raise RuntimeError(f"remembrancer {' '.join(argv)} exited {code}")
    return out.getvalue()


def write_report(name: str, data: dict[str, Any]) -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": platform.machine(), "cpu": cpu_model(),
            "python": platform.python_version(), **data}
    path = REPORTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def cpu_model() -> str:
    """The processor's name: runs on hosts of one kind differ by half in speed, and a report should say which it ran on."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank `q` quantile (0.5 is the median); 0.0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    cells = [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print("  ".join(h.rjust(w) for h, w in zip(headers, widths)))
    for row in cells:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
