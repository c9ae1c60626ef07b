"""The light path of the command line: `recall`, `ask`, `autofill`, `stats`, `facts` and `persona` answered by whoever holds the store open.

A one-shot command imports the store, LanceDB and the embedder and derives
the store key: about 2 s before it can answer. Here the command is sent to
the running desktop app or to the background service (`app/serve.py`) over
the data dir's local socket, and only what it takes to send and print is
imported. With neither running, the first command starts the service and
waits for it (one process does the work: the service, which then stays
for the next commands until it has been idle a while).

Everything else runs as before, in-process: other commands, `--queries-file`
and `--popup` recall, streamed asks, a service that refuses (another
environment, e.g. another embedder), or `REMEMBRANCER_NO_SERVICE=1` (tests,
scripts that want the one-shot path). `route` returns `None` for all of
those; the full parser then also reports bad usage, so error messages are
one code path.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from remembrancer.app import ipc
from remembrancer.app.cli.options import add_ask_options, add_autofill_options, add_facts_options, add_global_options, add_persona_options, add_recall_options, add_stats_options

NO_SERVICE_ENV = "REMEMBRANCER_NO_SERVICE"
START_WAIT_SECONDS = 60.0  # a first start loads the embedder; on a busy 2-core machine that can take a while
REQUEST_TIMEOUT_SECONDS = 300.0  # `ask` with a model on a slow machine


class _NotRoutable(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    """Gives up instead of printing: bad usage is for the full parser to report."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise _NotRoutable(message)

    def exit(self, status: int = 0, message: str | None = None) -> Any:  # type: ignore[override]
        raise _NotRoutable(message or "")


def _parser() -> argparse.ArgumentParser:
    parser = _QuietParser(prog="remembrancer", add_help=False)
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", parser_class=_QuietParser)
    add_recall_options(sub.add_parser("recall", add_help=False))
    add_ask_options(sub.add_parser("ask", add_help=False))
    add_autofill_options(sub.add_parser("autofill", add_help=False))
    add_stats_options(sub.add_parser("stats", add_help=False))
    add_facts_options(sub.add_parser("facts", add_help=False))
    add_persona_options(sub.add_parser("persona", add_help=False))
    return parser


def route(argv: Sequence[str]) -> int | None:
    """The exit code when the app or service answered, else `None` (run the command here)."""
    if os.environ.get(NO_SERVICE_ENV) or sys.platform == "win32" or not argv or argv[0].startswith("--version"):
        return None
    try:
        args = _parser().parse_args(list(argv))
    except _NotRoutable:
        return None
    if args.command == "autofill":
        from remembrancer.memory.autofill.form_file import read_form
        from remembrancer.memory.errors import InputError

        try:
            args.fields = read_form(args.form)  # read here: the app or service may not see this file (another working dir)
        except InputError:
            return None  # reported, naming the file and line, by the full command
    request = _request(args)
    if request is None:
        return None
    from remembrancer.app.settings import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    method, params = request
    params["env"] = ipc.environment_tag()
    params["now"] = args.now or os.environ.get("REMEMBRANCER_NOW")
    reply = _call(data_dir, method, params)
    if reply is None or not isinstance(reply, dict) or reply.get("mismatch"):
        return None
    if "exit" in reply:
        from remembrancer.app.cli.terminal import show

        print(f"remembrancer: {show(str(reply.get('error')))}", file=sys.stderr)
        return int(reply["exit"])
    _print(args, reply["result"])
    return 0


def _request(args: argparse.Namespace) -> tuple[str, dict[str, Any]] | None:
    if args.command == "recall" and args.query is not None and not args.queries_file and not args.popup:
        return "cli.recall", {"query": args.query, "k": args.k, "budget": args.budget,
                              "include_archived": args.include_archived}
    if args.command == "ask" and not args.stream:
        return "cli.ask", {"question": args.question, "quick": args.quick, "k": args.k, "budget": args.budget}
    if args.command == "autofill":
        return "cli.autofill", {"fields": [asdict(field) for field in args.fields], "person": args.person, "use_model": not args.no_model}
    if args.command == "stats":
        return "cli.stats", {}
    if args.command == "facts":
        return "cli.facts", {"about": args.about, "include_archived": args.include_archived, "all": args.all, "json": args.json}
    if args.command == "persona":
        return "cli.persona", {"name": args.name, "json": args.json}
    return None


def _call(data_dir: Any, method: str, params: dict[str, Any]) -> Any:
    """The method's reply from the app or service, starting the service when nothing answers; None if it cannot."""
    try:
        return ipc.call(data_dir, method, params, timeout=REQUEST_TIMEOUT_SECONDS)
    except ipc.AppNotRunning:
        pass
    except ipc.IpcError:
        return None  # an app that does not know the method (an older one), or a broken exchange: run it here
    if not start_service(data_dir):
        return None
    try:
        return ipc.call(data_dir, method, params, timeout=REQUEST_TIMEOUT_SECONDS)
    except ipc.IpcError:
        return None


def start_service(data_dir: Any) -> bool:
    """Start `remembrancer serve` for `data_dir`, detached, and wait until it listens; False if it ends first."""
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "remembrancer.app.cli.main"]  # the bundle is the CLI
    command = [*program, "--data-dir", str(data_dir), "serve"]
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True, close_fds=True)
    except OSError:
        return False
    path = ipc.socket_path(data_dir)
    deadline = time.monotonic() + START_WAIT_SECONDS
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True  # it listens; the request waits in its queue until the store is open
        if child.poll() is not None:
            return os.path.exists(path)  # it ended: another service won the start, or it could not open the store
        time.sleep(0.02)
    return False


def _print(args: argparse.Namespace, result: Any) -> None:
    from remembrancer.app.cli import output

    if args.command in ("facts", "persona"):
        print(result, end="")  # rendered by the same function the one-shot command prints
    elif args.command == "recall":
        output.print_recall(output.items_from_json(result), args.json)
    elif args.command == "ask":
        output.print_answer(output.answer_from_json(result), args.json)
    elif args.command == "autofill":
        output.print_suggestions(args.fields, output.suggestions_from_json(result), args.json)
    else:
        from remembrancer.memory.types import Stats

        output.print_stats(Stats.from_json(result), args.json)
