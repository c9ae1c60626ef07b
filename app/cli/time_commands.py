"""`consolidate`, `conflicts`, `forget`, `pin`: memory over time, through `MemoryService` as the GUI does."""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from remembrancer.app.cli.terminal import json_text, show
from remembrancer.app.cli.tombstone_commands import cmd_tombstones, wants_tombstones
from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.errors import InputError
from remembrancer.memory.privacy import masked


@contextmanager
def _opened(args: argparse.Namespace, now: datetime | None) -> Iterator[MemoryService]:
    service = MemoryService(AppContext(args.data_dir, now=now, verbose=args.verbose))
    try:
        yield service
    finally:
        service.close()


def cmd_consolidate(args: argparse.Namespace, now: datetime | None) -> int:
    with _opened(args, now) as service:
        report = service.consolidate(dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    verb = "would merge" if args.dry_run else "merged"
    archived = ", ".join(f"{count} {table}" for table, count in report.archived.items() if count) or "nothing"
    print(f"Consolidation{' (dry run)' if args.dry_run else ''} in {report.seconds:.1f}s: {verb} {report.facts_merged} duplicate facts"
          f" ({report.sources_moved} sources moved); archived {archived}.")
    if not args.dry_run:
        print(f"Scenes rebuilt for {report.scenes_rebuilt_for} conversations, persona for {report.persona_rebuilt_for} people; backup {report.backup}.")
    return 0


def cmd_conflicts(args: argparse.Namespace, now: datetime | None) -> int:
    with _opened(args, now) as service:  # shown like recall: secrets masked (memory.privacy)
        if args.action == "resolve":
            if args.conflict_id is None or args.keep is None:
                raise InputError("conflicts resolve ID --keep A|B|both")
            conflicts = [service.resolve_conflict(args.conflict_id, args.keep).value]
        elif args.action in (None, "list"):
            conflicts = service.conflicts(include_resolved=args.all)
        else:
            raise InputError(f"conflicts: unknown action {args.action!r} (list or resolve)")
    if args.json:
        print(json_text([c.to_json() for c in conflicts], indent=1))
        return 0
    if not conflicts:
        print("No conflicts waiting.")
    for c in conflicts:
        state = f"resolved: kept {c.resolution}" if c.resolved_at else c.reason
        print(f"#{c.id} ({state})")
        print(show(f"  A: {c.a.text}  (since {c.a.valid_from}; sources {', '.join(c.a.sources)})"))
        print(show(f"  B: {c.b.text}  (since {c.b.valid_from}; sources {', '.join(c.b.sources)})"))
    return 0


def cmd_forget(args: argparse.Namespace, now: datetime | None) -> int:
    if wants_tombstones(args):
        return cmd_tombstones(args, now)
    if (args.query is None) == (not args.id):
        raise InputError("forget: give either QUERY or --id ID (or --list-tombstones, --unforget ID)")
    with _opened(args, now) as service:
        report = service.forget_matching(args.query, args.id, hard=args.hard, with_messages=args.messages)
    report = masked(report)  # what was forgotten, shown with its secrets masked (its targets too)
    targets = report.targets
    if args.json:
        print(json_text(report.to_json(), indent=1))
        return 0
    if not targets:
        print("Nothing matched: nothing forgotten.")
        return 0
    for t in targets:
        print(show(f"- [{t.level}] {t.id}: {t.text}"))
    if args.hard:
        deleted = ", ".join(f"{n} {level}s" for level, n in report.deleted.items() if n)
        print(f"Deleted {deleted}; {report.backups_removed} backups replaced by a fresh one.")
        if report.tombstone:
            print(f"Tombstone {report.tombstone}: a re-import skips these messages (`forget --unforget {report.tombstone}` lifts it).")
    else:
        print(f"Archived {len(targets)} memories (back with `recall --include-archived`; `--hard` deletes).")
    return 0


def cmd_pin(args: argparse.Namespace, now: datetime | None) -> int:
    with _opened(args, now) as service:
        for item_id in args.id:
            try:
                service.pin(item_id, pinned=not args.off)
            except InputError as exc:
                raise InputError(f"pin: {exc}") from None
    print(f"{'Unpinned' if args.off else 'Pinned'} {len(args.id)} memories.")
    return 0


def cmd_confirm(args: argparse.Namespace, now: datetime | None) -> int:
    with _opened(args, now) as service:
        for item_id in args.id:
            try:
                service.confirm(item_id)
            except InputError as exc:
                raise InputError(f"confirm: {exc}") from None
    print(f"Confirmed {len(args.id)} memories: each counts as a review.")
    return 0
