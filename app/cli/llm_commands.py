"""`remembrancer ask` and `remembrancer models`: the local model from the command line.

`ask` prints an answer with the memories it cites (exit 0 even when the
answer is degraded: it still answered, and says why in a note). `models`
lists, adds, selects, removes and downloads GGUF files; bad input (an unknown
name, a corrupt file) is exit 2 with the registry unchanged, a failed
download exit 1 with nothing registered.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from remembrancer.app.cli.options import add_ask_options, check_ask_limits
from remembrancer.app.cli.output import print_answer
from remembrancer.app.cli.progress import terminal_progress
from remembrancer.app.cli.terminal import show
from remembrancer.app.context import AppContext
from remembrancer.app.llm import ask_memory
from remembrancer.memory.errors import InputError
from remembrancer.memory.llm.errors import ModelError
from remembrancer.memory.llm.models import ModelEntry, ModelManager

MODEL_ACTIONS = {"list": 0, "add": 1, "use": 1, "remove": 1, "download": 2}  # action -> positional arguments


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="answer a question from memory, citing the memories it rests on")
    add_ask_options(p)
    p.set_defaults(handler=cmd_ask)

    p = sub.add_parser("models", help="local language models: list | add PATH | use NAME | remove NAME | download REPO FILE")
    p.add_argument("action", nargs="?", choices=tuple(MODEL_ACTIONS), default="list")
    p.add_argument("args", nargs="*", metavar="ARG")
    p.add_argument("--copy", action="store_true", help="add: copy the file into the data dir instead of referencing it")
    p.add_argument("--name", help="add, download: the name to register it under")
    p.add_argument("--sha256", help="download: the checksum the file must have")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_models)


def cmd_ask(args: argparse.Namespace, now: datetime | None) -> int:
    check_ask_limits(args.k, args.budget)
    if args.stream and args.json:
        raise InputError("--stream and --json: choose one (JSON is printed whole at the end)")
    streamed: list[str] = []

    def on_token(text: str) -> None:
        streamed.append(text)
        sys.stdout.write(show(text))
        sys.stdout.flush()

    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        answer = ask_memory(ctx, args.question, quick=args.quick, k=args.k, budget=args.budget,
                            on_token=on_token if args.stream else None)
    finally:
        ctx.close()
    print_answer(answer, args.json, streamed)
    return 0


def cmd_models(args: argparse.Namespace, now: datetime | None) -> int:
    wanted = MODEL_ACTIONS[args.action]
    if len(args.args) != wanted:
        usage = {"list": "models list", "add": "models add PATH", "use": "models use NAME",
                 "remove": "models remove NAME", "download": "models download REPO_ID FILE"}[args.action]
        raise InputError(f"usage: remembrancer {usage}")
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    local = ctx.llm
    try:
        if args.action == "list":
            entries = local.manager.entries()
            if args.json:
                print(json.dumps([{**e.to_json(), "active": e.name == local.name} for e in entries], indent=2))
            else:
                for entry in entries:
                    print(_describe(entry, entry.name == local.name))
            return 0
        if args.action == "add":
            entry = local.manager.add(args.args[0], copy=args.copy, name=args.name)
            verb = "Copied and added" if args.copy else "Added"
        elif args.action == "use":
            entry = local.use(args.args[0])
            verb = "Now using"
        elif args.action == "remove":
            entry = local.remove(args.args[0])
            verb = "Removed"
        else:
            try:
                entry = _download(local.manager, args)
            except ModelError as exc:  # offline, HTTP error, checksum mismatch: not bad input; nothing registered
                print(f"remembrancer: {exc} (nothing was added)", file=sys.stderr)
                return 1
            verb = "Downloaded and added"
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({**entry.to_json(), "active": entry.name == local.name}, indent=2))
    else:
        print(f"{verb}: {_describe(entry, entry.name == local.name)}")
    return 0


def _download(manager: ModelManager, args: argparse.Namespace) -> ModelEntry:
    from remembrancer.memory.llm.download import download_model

    repo, filename = args.args
    with terminal_progress() as progress:
        return download_model(manager, repo, filename, name=args.name, sha256=args.sha256, progress=progress)


def _describe(entry: ModelEntry, active: bool) -> str:
    mark = "*" if active else " "
    if entry.info is None:
        return f"{mark} {entry.name:<16} {entry.origin}"
    info = entry.info
    return (f"{mark} {entry.name:<16} {info.name} · {info.quantisation} · {entry.size_bytes / 1e6:.0f} MB · "
            f"trained context {info.context_length} · {entry.source} · {entry.path}")
