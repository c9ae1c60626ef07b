"""`consolidate`, `conflicts`, `forget`, `pin`: memory over time."""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from app.cli.terminal import json_text, show
from app.cli.tombstone_commands import cmd_tombstones, wants_tombstones
from app.context import AppContext
from memory.conflicts import list_conflicts, resolve
from memory.consolidation import consolidate
from memory.errors import InputError
from memory.forget import LEVELS, find_targets, forget
from memory.privacy import masked, masked_all
from memory.store.database import transaction
from memory.timeutil import ensure_aware


@contextmanager
def _opened(args: argparse.Namespace, now: datetime | None) -> Iterator[AppContext]:
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        yield ctx
    finally:
        ctx.close()


def cmd_consolidate(args: argparse.Namespace, now: datetime | None) -> int:
    with _opened(args, now) as ctx:
        report = consolidate(ctx.memory(), ensure_aware(now), dry_run=args.dry_run, backups_kept=ctx.settings.backups_kept)
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
    with _opened(args, now) as ctx:
        db = ctx.memory().db
        if args.action == "resolve":
            if args.conflict_id is None or args.keep is None:
                raise InputError("conflicts resolve ID --keep A|B|both")
            conflict = resolve(db, args.conflict_id, args.keep, ensure_aware(now))
            conflicts = [conflict]
        elif args.action in (None, "list"):
            conflicts = list_conflicts(db, include_resolved=args.all)
        else:
            raise InputError(f"conflicts: unknown action {args.action!r} (list or resolve)")
    conflicts = masked_all(conflicts)  # shown like recall: secrets masked (memory.privacy)
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
    with _opened(args, now) as ctx:
        memory = ctx.memory()
        targets = find_targets(memory, args.query, args.id)
        report = forget(memory, targets, ensure_aware(now), hard=args.hard, with_messages=args.messages)
    targets, report = masked_all(targets), masked(report)  # what was forgotten, shown with its secrets masked
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
    with _opened(args, now) as ctx:
        db = ctx.memory().db
        for item_id in args.id:
            for table in LEVELS.values():
                with transaction(db) as conn:
                    changed = conn.execute(f"UPDATE {table} SET pinned = ? WHERE id = ?", (0 if args.off else 1, item_id)).rowcount
                if changed:
                    break
            else:
                raise InputError(f"pin: no memory with id {item_id!r}")
    print(f"{'Unpinned' if args.off else 'Pinned'} {len(args.id)} memories.")
    return 0
