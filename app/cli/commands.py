"""What each CLI command does, on top of `AppContext`."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from remembrancer.app.cli.options import recall_limits
from remembrancer.app.cli.output import print_recall, print_stats
from remembrancer.app.cli.progress import terminal_progress
from remembrancer.app.cli.terminal import show
from remembrancer.app.context import AppContext
from remembrancer.app.import_options import import_options
from remembrancer.memory.errors import InputError
from remembrancer.memory.types import ImportSummary


def _context(args: argparse.Namespace, now: datetime | None) -> AppContext:
    return AppContext(args.data_dir, now=now, verbose=args.verbose)


def cmd_import(args: argparse.Namespace, now: datetime | None) -> int:
    from remembrancer.app.service import MemoryService  # the facade loads the whole core: only for the commands that use it

    if args.date_order and args.format not in ("auto", "whatsapp"):
        raise InputError(f"--date-order reads WhatsApp exports; it does nothing with --format {args.format}")
    ctx = _context(args, now)
    try:
        options = import_options(ctx.settings, date_order=args.date_order, me=args.me or ())
        with terminal_progress() as progress:
            summary = MemoryService(ctx).import_path(Path(args.path), args.format, progress=progress, options=options)
    finally:
        ctx.close()
    print_import_summary(summary, args.json)
    return 0


def print_import_summary(summary: ImportSummary, as_json: bool) -> None:
    """What `import` prints (and `sources add`, whose first sync is an import)."""
    if as_json:
        print(json.dumps(summary.to_json(), indent=2))
    else:
        print(
            f"Imported {summary.files} file(s): {summary.messages_added} messages added, "
            + (f"{summary.messages_updated} updated (new text for a stored id; the old text is kept as history), " if summary.messages_updated else "")
            + f"{summary.messages_skipped} skipped (already stored)"
            + (f", {summary.messages_archived} archived (no longer in their note; kept, out of recall)" if summary.messages_archived else "")
            + (f", {summary.messages_restored} restored (back in their note)" if summary.messages_restored else "")
            + (f", {summary.messages_forgotten} forgotten, skipped (hard-forgotten: `forget --list-tombstones`)" if summary.messages_forgotten else "")
            + f"; {summary.facts_created} facts, {summary.scenes_created} scenes created in {summary.seconds:.1f}s."
        )
        _print_file_report(summary.skipped_files, summary.warnings)


def _print_file_report(skipped: list[str], warnings: list[str]) -> None:
    """The notes left out or read with a guess, one `FILE[:LINE]: reason` line each, so every odd file shows in one run."""
    if skipped:
        print(f"Skipped {len(skipped)} file(s) that are not text:")
        for line in skipped:
            print(f"  {show(line)}")
    if warnings:
        print(f"{len(warnings)} warning(s); the notes were imported:")
        for line in warnings:
            print(f"  {show(line)}")


def cmd_recall(args: argparse.Namespace, now: datetime | None) -> int:
    if getattr(args, "popup", False):
        if args.queries_file:
            raise InputError("--popup: give one QUERY (or none), not --queries-file")
        from remembrancer.app.cli.popup_command import cmd_popup

        return cmd_popup(args, now)
    if (args.query is None) == (args.queries_file is None):
        raise InputError("give either QUERY or --queries-file FILE")
    if args.queries_file and not args.json:
        raise InputError("--queries-file: batch recall prints JSON; add --json")
    queries = [args.query] if args.query is not None else _read_queries(Path(args.queries_file))
    from remembrancer.app.service import MemoryService

    ctx = _context(args, now)
    try:
        service = MemoryService(ctx)
        k, budget = recall_limits(args.k, args.budget, ctx.settings.default_k)
        for query in queries:
            items = service.recall(query, k=k, budget=budget, include_archived=args.include_archived)  # secrets masked
            print_recall(items, args.json)
            sys.stdout.flush()
    finally:
        ctx.close()
    return 0


def _read_queries(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start})", path) from None
    return text.splitlines()


def cmd_stats(args: argparse.Namespace, now: datetime | None) -> int:
    ctx = _context(args, now)
    try:
        stats = ctx.memory().stats()
    finally:
        ctx.close()
    print_stats(stats, args.json)
    return 0


def cmd_reindex(args: argparse.Namespace, now: datetime | None) -> int:
    ctx = _context(args, now)
    try:
        with terminal_progress() as progress:
            report = ctx.memory(progress).reindex(progress)
    finally:
        ctx.close()
    print(f"Rebuilt the vector index: {report.vectors_added} vectors.")
    return 0


def cmd_gui(args: argparse.Namespace, now: datetime | None) -> int:
    from remembrancer.ui.main import run_gui  # Qt is imported only when the GUI starts

    return run_gui(_context(args, now), in_tray=getattr(args, "in_tray", False))
