"""`remembrancer browser install|uninstall|pair|log`: the browser autofill link.

`install` writes the native messaging host manifest where the browser looks
for it; `pair` lists, approves and revokes pairings (what the app's dialog
does, for scripts and headless machines); `log` shows what was offered to
which site and what the user filled.
"""
from __future__ import annotations

import argparse
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from remembrancer.app import browser_install
from remembrancer.app.browser_log import BrowserLog
from remembrancer.app.browser_pairing import Pairings
from remembrancer.app.secrets import SecretsUnavailable
from remembrancer.app.settings import HOME_ENV, Settings, resolve_data_dir
from remembrancer.memory.errors import InputError


def add_parser(sub: Any) -> None:
    """Register `browser` and its subcommands on the main parser's subparsers."""
    p = sub.add_parser("browser", help="browser form autofill: install the host, pair, see the log")
    actions = p.add_subparsers(dest="browser_action", metavar="ACTION", required=True)

    for name, help_text in (("install", "write the native messaging host manifest for a browser"), ("uninstall", "remove it")):
        a = actions.add_parser(name, help=help_text)
        a.add_argument("--browser", choices=browser_install.BROWSERS, action="append", help="repeatable (default: all three)")
        a.set_defaults(handler=cmd_install if name == "install" else cmd_uninstall)

    a = actions.add_parser("pair", help="pairing requests: --list (default), --approve CODE, --revoke CODE|ORIGIN|all")
    group = a.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="pending requests and paired browsers")
    group.add_argument("--approve", metavar="CODE", help="approve the request showing this code in the browser")
    group.add_argument("--revoke", metavar="CODE|ORIGIN", help="unpair a browser ('all': every pairing and request)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_pair)

    a = actions.add_parser("log", help="what was offered to which site, and what was filled")
    a.add_argument("--limit", type=int, default=None, metavar="N", help="only the last N entries")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_log)


def _data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(args.data_dir)


def cmd_install(args: argparse.Namespace, now: datetime | None) -> int:
    data_dir = _data_dir(args)
    custom = bool(args.data_dir) or bool(os.environ.get(HOME_ENV))
    executable = browser_install.host_executable(data_dir, custom_data_dir=custom)
    for browser in args.browser or browser_install.BROWSERS:
        path = browser_install.install(browser, executable, data_dir=data_dir)
        print(f"{browser}: host manifest written to {path}")
    print(f"The host runs {executable}. Load the extension from {browser_install.EXTENSION_DIR}, then pair it from a form.")
    return 0


def cmd_uninstall(args: argparse.Namespace, now: datetime | None) -> int:
    data_dir = _data_dir(args)
    for browser in args.browser or browser_install.BROWSERS:
        path = browser_install.uninstall(browser, data_dir=data_dir)
        print(f"{browser}: {'removed ' + str(path) if path else 'no host manifest was installed'}")
    return 0


def cmd_pair(args: argparse.Namespace, now: datetime | None) -> int:
    pairings = Pairings(_data_dir(args))
    try:
        if args.approve:
            done = pairings.approve(args.approve, now)
            _print(args, {"approved": done.to_json()}, f"Paired {done.origin} ({done.browser or 'browser'}).")
        elif args.revoke:
            gone = pairings.revoke(args.revoke, now)
            _print(args, {"revoked": [p.to_json() for p in gone]}, "Revoked: " + ", ".join(f"{p.origin} ({p.code})" for p in gone))
        else:
            state = pairings.overview(now)
            _print(args, {k: [p.to_json() for p in v] for k, v in state.items()}, _describe(state))
    except SecretsUnavailable as exc:
        raise InputError(str(exc)) from None
    return 0


def _describe(state: dict[str, list]) -> str:
    lines = ["Pending requests (approve with --approve CODE):"]
    lines += [f"  {p.code}  {p.origin}  {p.browser}  requested {p.requested_at[:16]}" for p in state["pending"]] or ["  none"]
    lines.append("Paired browsers:")
    lines += [f"  {p.origin}  {p.browser}  approved {(p.approved_at or '')[:16]}" for p in state["paired"]] or ["  none"]
    return "\n".join(lines)


def cmd_log(args: argparse.Namespace, now: datetime | None) -> int:
    if args.limit is not None and args.limit < 1:
        raise InputError(f"--limit: must be at least 1, not {args.limit}")
    Settings.load(_data_dir(args))  # a damaged settings file is reported like everywhere else
    entries = BrowserLog(_data_dir(args)).read(args.limit)
    if args.json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print("Nothing offered to a browser yet.")
    for e in entries:
        when = e["time"][:16].replace("T", " ")
        if e["event"] == "offered":
            offered = [f["field"] for f in e.get("fields", []) if f.get("offered")]
            refused = [f["field"] for f in e.get("fields", []) if not f.get("offered")]
            print(f"{when}  offered  {e['site']}  {', '.join(offered) or 'nothing'}" + (f"  (none for: {', '.join(refused)})" if refused else ""))
        elif e["event"] == "filled":
            print(f"{when}  filled   {e['site']}  {', '.join(e.get('accepted', [])) or 'nothing'}" + (f"  (declined: {', '.join(e['declined'])})" if e.get("declined") else ""))
        else:
            print(f"{when}  {e['event']}  {e['site']}")
    return 0


def _print(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, indent=2) if args.json else text)
