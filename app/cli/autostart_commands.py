"""`remembrancer autostart [status|on|off]`: start the app at login, or not.

The setting (`autostart` in settings.json) is what the user chose; the login
item is how the desktop learns it. `on`/`off` change both, in that order, so
a failure to write the login item leaves the saved choice intact and the next
`on` (or the GUI's settings) retries. `status` also reports a mismatch, e.g.
a login item the user deleted by hand.
"""
from __future__ import annotations

import argparse
import json
from datetime import datetime

from remembrancer.app import autostart
from remembrancer.app.context import AppContext


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("autostart", help="start the desktop app at login: status, on or off")
    p.add_argument("action", nargs="?", choices=("status", "on", "off"), default="status")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_autostart)


def cmd_autostart(args: argparse.Namespace, now: datetime | None) -> int:
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    settings = ctx.settings
    item = autostart.for_platform()
    if args.action in ("on", "off"):
        settings.autostart = args.action == "on"
        settings.save()
        autostart.sync(settings.autostart, item)
    report = {"setting": bool(settings.autostart), "login_item": item.is_enabled(), "where": item.describe()}
    if args.json:
        print(json.dumps(report))
    else:
        state = "on" if report["setting"] else "off"
        print(f"autostart {state}; login item {'present' if report['login_item'] else 'absent'} ({report['where']})")
        if report["setting"] != report["login_item"]:
            print(f"the login item does not match the setting: run `remembrancer autostart {state}` to fix it")
    return 0
