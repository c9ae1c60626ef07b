"""`forget --list-tombstones` and `forget --unforget ID|--unforget-all`: what hard forgets block, and lifting it on purpose.

A tombstone is what `forget --hard` keeps of the messages it deleted (hashes,
no text) so a re-import skips them; the user must be able to see that a
block exists and lift it, or a forget made by mistake could never be undone
by importing the file again.
"""
from __future__ import annotations

import argparse
import json
from datetime import datetime

from remembrancer.app.context import AppContext
from remembrancer.memory.errors import InputError
from remembrancer.memory.tombstones import Tombstone


def wants_tombstones(args: argparse.Namespace) -> bool:
    return bool(args.list_tombstones or args.unforget or args.unforget_all)


def cmd_tombstones(args: argparse.Namespace, now: datetime | None) -> int:
    chosen = [flag for flag, on in (("--list-tombstones", args.list_tombstones), ("--unforget", args.unforget), ("--unforget-all", args.unforget_all)) if on]
    if len(chosen) > 1 or args.query is not None or args.id or args.hard or args.messages:
        raise InputError(f"forget {chosen[0]}: give it alone (not with QUERY, --id, --hard, --messages or another tombstone option)")
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        memory = ctx.memory()
        if args.list_tombstones:
            return _print(memory.tombstones(), args.json, listing=True)
        lifted = memory.unforget(None if args.unforget_all else args.unforget)
    finally:
        ctx.close()
    return _print(lifted, args.json, listing=False)


def _print(tombstones: list[Tombstone], as_json: bool, listing: bool) -> int:
    if as_json:
        print(json.dumps([t.to_json() for t in tombstones], indent=1))
        return 0
    if not tombstones:
        print("No tombstones: nothing hard-forgotten is blocked from a re-import." if listing else "No tombstones to lift.")
        return 0
    for t in tombstones:
        print(f"{t.id}  forgotten {t.forgotten_at}  {t.messages} message{'s' if t.messages != 1 else ''}")
    if listing:
        print("A re-import skips these messages; `remembrancer forget --unforget ID` lets the next import bring them back.")
    else:
        print(f"Lifted {len(tombstones)} tombstone(s): importing the files again brings those messages back.")
    return 0
