"""`remembrancer recall --popup [QUERY]`: the quick-recall popup of the running app.

The popup belongs to the desktop app, which owns the store; this command only
asks it over the local socket (`app/ipc.py`). When no app is running it starts
one with the popup open, so the command always ends with the popup on screen.
"""
from __future__ import annotations

import argparse
import logging
from datetime import datetime

from remembrancer.app import ipc
from remembrancer.app.settings import resolve_data_dir

logger = logging.getLogger(__name__)


def cmd_popup(args: argparse.Namespace, now: datetime | None) -> int:
    query = args.query or ""
    data_dir = resolve_data_dir(args.data_dir)
    try:
        ipc.call(data_dir, "popup", {"query": query})
        return 0
    except ipc.AppNotRunning:
        logger.info("no app running for %s; starting one with the popup", data_dir)
    from remembrancer.app.context import AppContext
    from remembrancer.ui.main import run_gui  # Qt is imported only when the GUI starts

    return run_gui(AppContext(args.data_dir, now=now, verbose=args.verbose), popup_query=query)
