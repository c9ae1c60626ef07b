"""How fast an AI tool gets its answer from `remembrancer mcp`, through the SDK's own stdio client.

On a store of one LoCoMo dev conversation (real embedder), a client allowed
for the run starts `remembrancer mcp` as a subprocess, as a desktop client
does, and calls over stdio (wall time per call, seen by the client):
- `search_memory` and `ask_memory` with the **service running** (the
  session's first call starts it; that cold call is reported apart);
- the same with `REMEMBRANCER_NO_SERVICE=1`: the server opens the store
  read-only in its own process (its first call pays for that);
plus the session start (process, imports, handshake). Questions cycle
through the conversation's own questions. Skips cleanly when ../shared has no
LoCoMo data. The acceptance target is search_memory <= 0.5 s p50 with the
service running.

    python -m benchmarks.mcp_latency [--keep DIR] [--runs 30] [--conversation conv-26]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, percentile, print_table, use_benchmark_passphrase, write_report
from benchmarks.locomo import add_conversation_option, add_keep_option, conversation_file_or_skip, conversation_store, questions, work_folder

CLIENT = "mcp-latency-benchmark"
TARGET_P50_S = 0.5


async def session(data_dir: Path, asked: list[str], runs: int, service: bool) -> dict[str, list[float]]:
    """One client session: start, one cold call, then `runs` warm calls of each tool."""
    from mcp import Client, StdioServerParameters
    from mcp.types import Implementation

    env = {**os.environ, "PYTHONPATH": str(ROOT), "REMEMBRANCER_NO_SERVICE": "" if service else "1"}
    params = StdioServerParameters(command=sys.executable, args=["-m", "remembrancer.app.cli.main", "--data-dir", str(data_dir), "mcp"],
                                   env=env, cwd=str(ROOT))
    times: dict[str, list[float]] = {"start": [], "first search_memory": [], "search_memory": [], "ask_memory": []}
    started = time.perf_counter()
    async with Client(params, client_info=Implementation(name=CLIENT, version="1"), read_timeout_seconds=600) as client:
        times["start"].append(time.perf_counter() - started)

        async def timed(name: str, tool: str, arguments: dict[str, Any]) -> None:
            began = time.perf_counter()
            result = await client.call_tool(tool, arguments)
            times[name].append(time.perf_counter() - began)
            if result.is_error:
                raise RuntimeError(f"{tool} failed: {result.content[0].text[:300]}")  # type: ignore[union-attr]

        await timed("first search_memory", "search_memory", {"query": asked[0], "k": 8})
        for run in range(runs):
            await timed("search_memory", "search_memory", {"query": asked[run % len(asked)], "k": 8})
        for run in range(runs):
            await timed("ask_memory", "ask_memory", {"question": asked[run % len(asked)]})
    return times


def stop(data_dir: Path) -> None:
    from remembrancer.app.serve import stop_service

    stop_service(data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_keep_option(parser)
    parser.add_argument("--runs", type=int, default=30)
    add_conversation_option(parser)
    args = parser.parse_args(argv)
    file = conversation_file_or_skip(args.conversation)
    if file is None:
        return 0
    use_benchmark_passphrase()
    from remembrancer.app.mcp_clients import McpClients

    rows: list[list[Any]] = []
    report: dict[str, Any] = {}
    with work_folder(args.keep) as work:
        conv, data_dir, messages = conversation_store(work, file)
        asked = [q["question"] for q in questions(conv)]
        McpClients(data_dir).allow(CLIENT)
        stop(data_dir)
        try:
            for label, service in (("service running", True), ("read-only, in the server's process", False)):
                times = asyncio.run(session(data_dir, asked, args.runs, service))
                for name, values in times.items():
                    rows.append([label, name, len(values), statistics.median(values), percentile(values, 0.95)])
                    report.setdefault(label, {})[name] = {"p50_s": round(statistics.median(values), 4),
                                                          "p95_s": round(percentile(values, 0.95), 4), "all_s": [round(v, 4) for v in values]}
                if service:
                    stop(data_dir)
        finally:
            stop(data_dir)
    print(f"remembrancer mcp over stdio (SDK client), {args.runs} warm calls per tool, store of {args.conversation} ({messages} messages)")
    print_table(["server", "call", "n", "p50 s", "p95 s"], rows)
    served = report["service running"]["search_memory"]["p50_s"]
    print(f"search_memory p50 with the service running: {served:.3f} s (target <= {TARGET_P50_S} s): {'met' if served <= TARGET_P50_S else 'MISSED'}")
    path = write_report("mcp_latency", {"conversation": args.conversation, "messages": messages, "runs": args.runs, "servers": report})
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
