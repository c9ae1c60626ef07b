"""`remembrancer mcp`: the memory for AI tools (a Model Context Protocol server), and who may use it.

    remembrancer mcp [--client NAME]              serve MCP on stdin/stdout (what a client's configuration starts)
    remembrancer mcp allow NAME [--write|--read-only]   allow a client (and let it write notes, or not)
    remembrancer mcp revoke NAME|all              take it back: the next call is refused
    remembrancer mcp clients [--json]             allowed clients and waiting requests
    remembrancer mcp log [--limit N] [--client NAME] [--json]   every call: who asked what, which memories left
    remembrancer mcp install --client KIND [--write [--config PATH]]   the client's configuration snippet

Consent is what the desktop app's AI Tools dialog does, for scripts and
machines without a display; the rules are in `app/mcp_clients.py`.
"""
from __future__ import annotations

import argparse
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from remembrancer.app import mcp_install
from remembrancer.app.mcp_clients import McpClients
from remembrancer.app.settings import HOME_ENV, Settings, resolve_data_dir
from remembrancer.memory.errors import InputError
from remembrancer.memory.timeutil import to_iso


def add_parser(sub: Any) -> None:
    """Register `mcp` and its actions on the main parser's subparsers."""
    p = sub.add_parser("mcp", help="your memory for AI tools (MCP server over stdio); allow, revoke, log, install",
                       description="With no action: serve the Model Context Protocol on stdin/stdout (AI clients start this).")
    p.add_argument("--client", metavar="NAME", help="the name this client is allowed under (default: the name it gives itself)")
    actions = p.add_subparsers(dest="mcp_action", metavar="ACTION")

    a = actions.add_parser("allow", help="allow a client to read your memory (the app asks the same)")
    a.add_argument("name", metavar="NAME")
    writing = a.add_mutually_exclusive_group()
    writing.add_argument("--write", action="store_true", default=None, help="also let it store notes (remember)")
    writing.add_argument("--read-only", dest="write", action="store_false", help="no notes (the default for a new client)")
    a.add_argument("--json", action="store_true")

    a = actions.add_parser("revoke", help="take a client's access back (all: every client and request)")
    a.add_argument("name", metavar="NAME|all")
    a.add_argument("--json", action="store_true")

    a = actions.add_parser("clients", help="allowed clients and requests waiting for you")
    a.add_argument("--json", action="store_true")

    a = actions.add_parser("log", help="every call: which client asked what, and which memories it was given")
    a.add_argument("--limit", type=int, default=None, metavar="N", help="only the last N calls")
    a.add_argument("--client", dest="log_client", metavar="NAME", help="only this client's calls")
    a.add_argument("--json", action="store_true")

    a = actions.add_parser("install", help="print (or --write) a desktop client's configuration for this server")
    a.add_argument("--client", dest="kind", required=True, choices=sorted(mcp_install.CLIENTS), metavar="KIND",
                   help="one of: " + ", ".join(sorted(mcp_install.CLIENTS)))
    a.add_argument("--write", action="store_true", help="merge it into the client's configuration file (others kept)")
    a.add_argument("--config", metavar="PATH", help="with --write: that file instead of the client's usual one")
    p.set_defaults(handler=cmd_mcp)


def cmd_mcp(args: argparse.Namespace, now: datetime | None) -> int:
    action = getattr(args, "mcp_action", None)
    handlers = {None: _serve, "allow": _allow, "revoke": _revoke, "clients": _clients, "log": _log, "install": _install}
    return handlers[action](args, now)


def _data_dir(args: argparse.Namespace) -> Path:
    return resolve_data_dir(args.data_dir)


def _serve(args: argparse.Namespace, now: datetime | None) -> int:
    from remembrancer.app import mcp_server
    from remembrancer.app.cli.main import _version
    from remembrancer.app.logging_setup import configure_logging
    from remembrancer.app.mcp_relay import McpRelay

    data_dir = _data_dir(args)
    settings = Settings.load(data_dir)  # a damaged settings file is exit 2 here, before any client waits on it
    configure_logging(settings.log_dir, settings.log_level, args.verbose)  # before the SDK's own, which then adds none
    relay = McpRelay(data_dir, now=to_iso(now) if now else None)
    return mcp_server.run(relay, args.client, _version())


def _allow(args: argparse.Namespace, now: datetime | None) -> int:
    client = McpClients(_data_dir(args)).allow(args.name, now, write=args.write)
    writing = "may also store notes" if client.write else "may read, not write"
    _print(args, {"allowed": client.to_json()}, f"Allowed {client.name!r}: it {writing}. Revoke with: remembrancer mcp revoke {client.name!r}")
    return 0


def _revoke(args: argparse.Namespace, now: datetime | None) -> int:
    gone = McpClients(_data_dir(args)).revoke(args.name)
    _print(args, {"revoked": [c.to_json() for c in gone]}, "Revoked: " + ", ".join(repr(c.name) for c in gone))
    return 0


def _clients(args: argparse.Namespace, now: datetime | None) -> int:
    clients = McpClients(_data_dir(args)).clients()
    allowed = [c for c in clients if c.state == "allowed"]
    pending = [c for c in clients if c.state != "allowed"]
    lines = ["Allowed clients:"]
    lines += [f"  {c.name}  {'reads and writes' if c.write else 'reads'}  since {(c.allowed_at or '')[:16]}" for c in allowed] or ["  none"]
    lines.append("Waiting for you (allow with: remembrancer mcp allow NAME):")
    lines += [f"  {c.name}  asked {(c.requested_at or '')[:16]}" for c in pending] or ["  none"]
    _print(args, {"clients": [c.to_json() for c in clients]}, "\n".join(lines))
    return 0


def _log(args: argparse.Namespace, now: datetime | None) -> int:
    from remembrancer.app.context import AppContext

    if args.limit is not None and args.limit < 1:
        raise InputError(f"--limit: must be at least 1, not {args.limit}")
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        entries = ctx.memory().access_log(args.limit, args.log_client)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print("No AI tool has asked anything yet.")
    for e in entries:
        asked = ", ".join(f"{k}={v!r}" for k, v in e.arguments.items())
        outcome = e.outcome if e.outcome != "answered" else f"{len(e.returned)} memories"
        print(f"{e.time[:19].replace('T', ' ')}  {e.client}  {e.tool}({asked})  {outcome}" + (f"  ({e.detail[:80]})" if e.detail and e.outcome != "answered" else ""))
    return 0


def _install(args: argparse.Namespace, now: datetime | None) -> int:
    kind = mcp_install.CLIENTS[args.kind]
    custom = bool(args.data_dir) or bool(os.environ.get(HOME_ENV))
    data_dir = _data_dir(args) if custom else None  # the default data dir is found without being named
    if args.config and not args.write:
        raise InputError("--config: only with --write")
    if args.write:
        path = Path(args.config).expanduser() if args.config else kind.config_path()
        if path is None:
            raise InputError(f"mcp install: {kind.label} has no usual configuration file; give one with --config PATH")
        written = mcp_install.write_config(kind, data_dir, path)
        print(f"{kind.label}: Remembrancer added to {written}. Restart the client.")
    else:
        where = kind.config_path()
        print(f"# {kind.label}" + (f": add to {where}" if where and kind.key else ""))
        print(mcp_install.snippet(kind, data_dir))
    print(f"Then allow it once, in the Remembrancer app (Memory > AI Tools) or with: remembrancer mcp allow {args.kind}")
    return 0


def _print(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, indent=2) if getattr(args, "json", False) else text)
