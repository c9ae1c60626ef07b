"""`remembrancer serve`: run the background service in this process (`app/serve.py`), or stop it."""
from __future__ import annotations

import argparse
from datetime import datetime

from remembrancer.app import ipc
from remembrancer.app.settings import resolve_data_dir


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="keep the store and models loaded so commands answer at once (started by the first command; exits when idle)")
    p.add_argument("--idle", type=float, default=None, metavar="SECONDS", help="exit after this long without a request (default 900)")
    p.add_argument("--stop", action="store_true", help="stop the running service for this data dir")
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, now: datetime | None) -> int:
    from remembrancer.app.serve import DEFAULT_IDLE_SECONDS, serve, stop_service
    from remembrancer.memory.errors import InputError

    if args.stop:
        stopped = stop_service(resolve_data_dir(args.data_dir))
        print("The background service stopped." if stopped else "No background service was running.")
        return 0
    if now is not None:
        raise InputError("serve: --now is given per command, not to the service")
    idle = DEFAULT_IDLE_SECONDS if args.idle is None else args.idle
    if idle <= 0:
        raise InputError(f"--idle: must be more than 0 seconds, not {args.idle:g}")
    if ipc.is_running(resolve_data_dir(args.data_dir), timeout=0.5):
        print("Remembrancer already answers for this data dir.")
        return 0
    return serve(args.data_dir, idle, verbose=args.verbose)
