"""`check`, `export`, `encrypt`, `rekey`: is the store whole, take everything out, lock it.

Restoring an export is `remembrancer import EXPORT.jsonl` (the import
pipeline recognises the export's manifest), so there is one way in.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from remembrancer.app.context import AppContext
from remembrancer.app.rekeying import NEW_PASSPHRASE_ENV, RekeyReport, encrypt_store, rekey_store
from remembrancer.app.settings import resolve_data_dir
from remembrancer.app.store_key import terminal_prompt, unlock_store
from remembrancer.memory.check import check_store
from remembrancer.memory.store.database import DB_FILENAME


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="integrity check: SQLite, full-text indexes, sources, vectors (exit 1 on a problem)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("export", help="write everything to PATH (jsonl: restorable with `import`; markdown: a folder to read)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--format", default="jsonl", choices=("jsonl", "markdown"))
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("encrypt", help="encrypt a store made without encryption (and its backups), in place")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_encrypt)

    p = sub.add_parser("rekey", help="give the store (and its backups) a new key")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--keyring", dest="source", action="store_const", const="keyring", help="a random key kept in the OS keyring")
    where.add_argument("--passphrase", dest="source", action="store_const", const="passphrase",
                       help=f"a key from a new passphrase (asked, or ${NEW_PASSPHRASE_ENV})")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rekey, source=None)


def cmd_check(args: argparse.Namespace, now: datetime | None) -> int:
    db_path = resolve_data_dir(args.data_dir) / DB_FILENAME
    if not (db_path.exists() and db_path.stat().st_size > 0):  # checked before logging is set up: check creates nothing, not even logs/
        message = f"there is no store in {db_path.parent}: nothing to check (check creates nothing; is --data-dir or REMEMBRANCER_HOME right?)"
        if args.json:
            print(json.dumps({"data_dir": str(db_path.parent), "store": False, "ok": False, "problems": [{"check": "store", "message": message}]}, indent=2))
        else:
            print(f"remembrancer: {message}", file=sys.stderr)
        return 2
    data_dir = _configured_data_dir(args)
    key = unlock_store(data_dir, encrypt_new=False, prompt=terminal_prompt).key
    report = check_store(data_dir, key)  # no Memory: opening one would repair what the check should see
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0 if report.ok else 1
    counts = ", ".join(f"{n} {table}" for table, n in report.counts.items())
    pending = sum(report.pending_vectors.values())
    print(f"Checked {report.data_dir}: {len(report.checks_run)} checks; {counts or 'no store'}"
          + (f"; {pending} rows waiting for vectors (embedded on the next open)" if pending else "") + ".")
    for problem in report.problems:
        examples = f" (e.g. {', '.join(problem.examples)})" if problem.examples else ""
        print(f"PROBLEM {problem.check}: {problem.message}{examples}")
    if any(p.check.startswith("vectors") for p in report.problems):
        print("The vector index is rebuilt from SQLite: any command that opens the store repairs it, or `remembrancer reindex`.")
    print("OK" if report.ok else f"{len(report.problems)} problem(s) found")
    return 0 if report.ok else 1


def cmd_export(args: argparse.Namespace, now: datetime | None) -> int:
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        target = Path(args.path)
        counts = ctx.memory().export(target, args.format, now)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({"path": str(target), "format": args.format, "counts": counts}, indent=2))
    else:
        print(f"Exported to {target} ({args.format}): " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + ".")
    return 0


def cmd_encrypt(args: argparse.Namespace, now: datetime | None) -> int:
    data_dir = _configured_data_dir(args)
    report = encrypt_store(data_dir, prompt=terminal_prompt)
    return _print_rekey(args, report, "Encrypted")


def cmd_rekey(args: argparse.Namespace, now: datetime | None) -> int:
    data_dir = _configured_data_dir(args)
    report = rekey_store(data_dir, args.source, prompt=terminal_prompt)
    return _print_rekey(args, report, "Re-keyed")


def _configured_data_dir(args: argparse.Namespace) -> Path:
    """The data dir with logging set up, without opening the store (a `Memory` would repair or need what these inspect)."""
    from remembrancer.app.logging_setup import configure_logging
    from remembrancer.app.settings import Settings

    settings = Settings.load(resolve_data_dir(args.data_dir))
    configure_logging(settings.log_dir, settings.log_level, args.verbose)
    return settings.data_dir


def _print_rekey(args: argparse.Namespace, report: RekeyReport, verb: str) -> int:
    if args.json:
        print(json.dumps({"data_dir": report.data_dir, "key_source": report.key_source, "rows": report.rows, "backups": report.backups}, indent=2))
        return 0
    where = "the OS keyring" if report.key_source == "keyring" else "a passphrase (scrypt)"
    print(f"{verb} {report.data_dir}: {sum(report.rows.values())} rows in {len(report.rows)} tables, "
          f"{report.backups} backups; the key comes from {where}.")
    return 0
