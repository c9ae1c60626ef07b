"""`remembrancer sources add|list|remove|pause|resume`: folders and files imported again when they change.

`add` checks the path and the format, imports the path at once (printing
what `import` prints) and records it; nothing is recorded when that import
fails. The watching itself is done by the desktop app or the background
service, whichever holds the data dir open (`app/source_watcher.py`); the
commands here run in their own process like `import`, and then ask the
running one, if any, to read the sources again (`sources.reload`), so a
change shows at once. No service is started for that: without a running app
the sources are caught up when one starts.
"""
from __future__ import annotations

import argparse
import logging
from datetime import datetime

from remembrancer.app import ipc
from remembrancer.app.cli.commands import print_import_summary
from remembrancer.app.cli.progress import terminal_progress
from remembrancer.app.cli.terminal import json_text, show
from remembrancer.app.context import AppContext
from remembrancer.memory.importers import FORMATS

logger = logging.getLogger(__name__)

RELOAD_METHOD = "sources.reload"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sources", help="watched folders and files, imported again when they change: add, list, remove, pause, resume")
    actions = p.add_subparsers(dest="sources_action", metavar="ACTION", required=True)

    a = actions.add_parser("add", help="import PATH now and watch it (while the app or background service runs)")
    a.add_argument("path", metavar="PATH")
    a.add_argument("--format", default="auto", choices=FORMATS)
    a.add_argument("--json", action="store_true", help="print the source and the first import's summary as JSON")
    a.set_defaults(handler=cmd_add)

    a = actions.add_parser("list", help="each source with its last sync, counts and last error")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_list)

    for name, helptext, handler in (
        ("remove", "stop watching PATH; the memories imported from it stay", cmd_remove),
        ("pause", "stop syncing PATH until resumed", cmd_pause),
        ("resume", "sync PATH again, catching up on what changed meanwhile", cmd_resume),
    ):
        a = actions.add_parser(name, help=helptext)
        a.add_argument("path", metavar="PATH")
        a.set_defaults(handler=handler)


def _service(args: argparse.Namespace, now: datetime | None):  # -> MemoryService
    from remembrancer.app.service import MemoryService  # the facade loads the whole core: only for the commands that use it

    return MemoryService(AppContext(args.data_dir, now=now, verbose=args.verbose))


def tell_watcher(data_dir: object) -> bool:
    """Ask the running app or service to read the sources again; False when none answers (none is started)."""
    try:
        ipc.call(data_dir, RELOAD_METHOD, timeout=2.0)  # type: ignore[arg-type]
    except ipc.IpcError as exc:
        logger.debug("no running watcher told: %s", exc)
        return False
    return True


def _watch_note(service) -> str:  # noqa: ANN001
    if tell_watcher(service.data_dir):
        return "The running Remembrancer watches it now."
    return "It is watched while the desktop app (or the background service) runs; changes made meanwhile are caught up then."


def cmd_add(args: argparse.Namespace, now: datetime | None) -> int:
    service = _service(args, now)
    try:
        with terminal_progress() as progress:
            source, summary = service.add_source(args.path, args.format, progress=progress)
    finally:
        service.close()
    if args.json:
        print(json_text({"source": source.to_json(), "import": summary.to_json()}, indent=2))
        tell_watcher(service.data_dir)
        return 0
    print_import_summary(summary, False)
    print(f"Watching {show(source.path)} (format {source.format}). {_watch_note(service)}")
    return 0


def cmd_list(args: argparse.Namespace, now: datetime | None) -> int:
    service = _service(args, now)
    try:
        sources = service.watched_sources()
    finally:
        service.close()
    if args.json:
        print(json_text([s.to_json() for s in sources], indent=2))
        return 0
    if not sources:
        print("No watched sources. `remembrancer sources add PATH` adds one.")
        return 0
    for s in sources:
        state = "paused" if s.paused else "watched"
        last = s.last_sync.replace("T", " ")[:19] if s.last_sync else "never"
        print(f"{show(s.path)}  [{s.format}, {'folder' if s.folder else 'file'}, {state}]")
        print(f"  last sync {last}: {s.files} file(s), {s.added} added, {s.updated} updated, {s.archived} archived")
        if s.last_error:
            print(f"  last error: {show(s.last_error)}")
    return 0


def cmd_remove(args: argparse.Namespace, now: datetime | None) -> int:
    service = _service(args, now)
    try:
        source = service.remove_source(args.path)
    finally:
        service.close()
    tell_watcher(service.data_dir)
    print(f"Stopped watching {show(source.path)}; the memories imported from it stay.")
    return 0


def _set_paused(args: argparse.Namespace, now: datetime | None, paused: bool) -> int:
    service = _service(args, now)
    try:
        source = service.pause_source(args.path, paused)
    finally:
        service.close()
    tell_watcher(service.data_dir)
    if paused:
        print(f"Paused {show(source.path)}: its changes are not imported until `remembrancer sources resume`.")
    else:
        print(f"Resumed {show(source.path)}: what changed while it was paused is imported at the next sync.")
    return 0


def cmd_pause(args: argparse.Namespace, now: datetime | None) -> int:
    return _set_paused(args, now, True)


def cmd_resume(args: argparse.Namespace, now: datetime | None) -> int:
    return _set_paused(args, now, False)
