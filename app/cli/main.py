"""`remembrancer`: argument parsing, dispatch, exit codes.

Exit codes follow the contract: 0 success, 2 bad input or usage (the message
names the file and line, or the option), 1 internal error.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime

from remembrancer.app.cli.routed import route
from remembrancer.app.cli.options import add_facts_options, add_global_options, add_persona_options, add_recall_options, add_stats_options
from remembrancer.app.cli.terminal import show
from remembrancer.memory.errors import InputError
from remembrancer.memory.importers import FORMATS
from remembrancer.memory.store.encryption import StoreLockedError
from remembrancer.memory.timeutil import parse_time

logger = logging.getLogger(__name__)

NOW_ENV = "REMEMBRANCER_NOW"


class UsageError(Exception):
    """Bad command-line usage: exit 2."""


def build_parser() -> argparse.ArgumentParser:
    # The command modules import the store and the models' glue: only here, after `routed` had its chance.
    from remembrancer.app.cli import autofill_commands, autostart_commands, browser_commands, commands, hierarchy_commands
    from remembrancer.app.cli import llm_commands, mcp_commands, serve_command, sources_commands, time_commands, trust_commands

    parser = argparse.ArgumentParser(prog="remembrancer", description="Local-first personal memory assistant.")
    add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"remembrancer {_version()}")
    parser.add_argument("--in-tray", action="store_true", help="with no command: start the desktop app in the tray (window hidden)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import a file or folder of chats or notes")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--format", default="auto", choices=FORMATS)
    p.add_argument(
        "--date-order", choices=("dmy", "mdy", "ymd"),
        help="how to read a WhatsApp export's dates when no day above 12 tells (default: guessed from its clock, with a warning)",
    )
    p.add_argument(
        "--me", action="append", metavar="NAME",
        help="your name or e-mail address in these exports, for this import (repeatable; default: the user_name and "
             "owner_aliases settings): your messages get role user where the export does not say whose they are",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=commands.cmd_import)

    p = sub.add_parser("recall", help="find memories for a query")
    add_recall_options(p)
    p.set_defaults(handler=commands.cmd_recall)

    p = sub.add_parser("stats", help="counts, sizes and models")
    add_stats_options(p)
    p.set_defaults(handler=commands.cmd_stats)

    p = sub.add_parser("facts", help="list facts, each with the messages it cites")
    add_facts_options(p)
    p.set_defaults(handler=hierarchy_commands.cmd_facts)

    p = sub.add_parser("scenes", help="list scenes (thematic clusters of facts)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=hierarchy_commands.cmd_scenes)

    p = sub.add_parser("persona", help="a person's profile: attributes with evidence")
    add_persona_options(p)
    p.set_defaults(handler=hierarchy_commands.cmd_persona)

    p = sub.add_parser("consolidate", help="merge duplicates, archive what faded, rebuild, back up (the nightly job, now)")
    p.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=time_commands.cmd_consolidate)

    p = sub.add_parser("conflicts", help="contradictions waiting for you: list, or resolve ID --keep A|B|both")
    p.add_argument("action", nargs="?", choices=("list", "resolve"), default="list")
    p.add_argument("conflict_id", nargs="?", type=int, metavar="ID")
    p.add_argument("--keep", choices=("A", "B", "both"))
    p.add_argument("--all", action="store_true", help="list resolved conflicts too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=time_commands.cmd_conflicts)

    p = sub.add_parser("forget", help="archive memories (or delete them for good with --hard)")
    p.add_argument("query", nargs="?", metavar="QUERY", help="memories whose text holds every word")
    p.add_argument("--id", action="append", metavar="ID", help="a memory id (repeatable)")
    p.add_argument("--hard", action="store_true", help="delete, with vectors and backups, leaving no trace of the text")
    p.add_argument("--messages", action="store_true", help="with --hard: also the messages the forgotten facts came from")
    p.add_argument("--list-tombstones", action="store_true", help="what hard forgets keep a re-import from bringing back (hashes, no text)")
    p.add_argument("--unforget", action="append", metavar="TOMBSTONE_ID", help="lift a tombstone: the next import brings its messages back (repeatable)")
    p.add_argument("--unforget-all", action="store_true", help="lift every tombstone")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=time_commands.cmd_forget)

    p = sub.add_parser("pin", help="pinned memories never fade")
    p.add_argument("id", nargs="+", metavar="ID")
    p.add_argument("--off", action="store_true", help="unpin")
    p.set_defaults(handler=time_commands.cmd_pin)

    p = sub.add_parser("confirm", help="confirm memories are right: a review, they fade more slowly")
    p.add_argument("id", nargs="+", metavar="ID")
    p.set_defaults(handler=time_commands.cmd_confirm)

    p = sub.add_parser("reindex", help="rebuild the vector index from SQLite")
    p.set_defaults(handler=commands.cmd_reindex)

    serve_command.add_parser(sub)
    sources_commands.add_parser(sub)

    autostart_commands.add_parser(sub)
    autofill_commands.add_parser(sub)
    browser_commands.add_parser(sub)
    llm_commands.add_parsers(sub)
    trust_commands.add_parser(sub)
    mcp_commands.add_parser(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("remembrancer")
    except PackageNotFoundError:
        return "dev"


def _parse_now(value: str | None) -> datetime | None:
    raw = value or os.environ.get(NOW_ENV)
    if not raw:
        return None
    try:
        return parse_time(raw)
    except ValueError:
        source = "--now" if value else NOW_ENV
        raise UsageError(f"{source}: not an ISO 8601 time: {raw!r}") from None


def _asks_version(argv: list[str]) -> bool:
    """`--version`, alone or among the global options (`--data-dir DIR --version`), as argparse would read it."""
    if "--version" not in argv:
        return False
    light = _QuietParser(add_help=False)
    add_global_options(light)
    light.add_argument("--version", action="store_true")
    try:
        known, rest = light.parse_known_args(argv)
    except _Unparsed:  # a global option without its value: the full parser says so
        return False
    return known.version and not rest


class _Unparsed(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    """A parser that leaves the error message to the full one."""

    def error(self, message: str):  # type: ignore[override]
        raise _Unparsed(message)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `remembrancer facts | head`: the reader has what it wanted. End quietly, as a command killed by
        # SIGPIPE does (exit 128 + 13), and keep the interpreter's final flush from writing to the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _asks_version(argv):  # the same text argparse prints, without importing every command to build the parser
        print(f"remembrancer {_version()}")
        return 0
    routed = route(argv)  # answered by the running app or background service, without loading the store here
    if routed is not None:
        return routed
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        now = _parse_now(args.now)
        if args.command is None:
            from remembrancer.app.cli.commands import cmd_gui

            return cmd_gui(args, now)
        return args.handler(args, now)
    except (InputError, UsageError, StoreLockedError) as exc:
        print(f"remembrancer: {show(exc)}", file=sys.stderr)  # a file name or a quoted value may hold escape sequences
        return 2
    except KeyboardInterrupt:
        print("remembrancer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise  # not an internal error: `main` ends quietly
    except Exception as exc:  # the contract's exit 1: internal error, logged in full
        logger.exception("internal error")
        print(f"remembrancer: internal error: {show(exc)} (details in the log)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
