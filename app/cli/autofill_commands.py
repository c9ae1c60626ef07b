"""`remembrancer autofill --form FORM.json [--json] [--person NAME] [--no-model]`.

Suggests a value for each field of a form from the user's memories, each
with its confidence and the memory ids it rests on, or no value and why.
Reading only: the suggestions reinforce nothing (the browser host reports
accepted values through `MemoryService.accept_autofill`).
"""
from __future__ import annotations

import argparse
from datetime import datetime

from remembrancer.app.cli import output
from remembrancer.app.cli.options import add_autofill_options
from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService
from remembrancer.memory.autofill.form_file import read_form


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("autofill", help="suggest values for a web form's fields from your memories")
    add_autofill_options(p)
    p.set_defaults(handler=cmd_autofill)


def cmd_autofill(args: argparse.Namespace, now: datetime | None) -> int:
    fields = read_form(args.form)  # bad input fails before the store is opened
    service = MemoryService(AppContext(args.data_dir, now=now, verbose=args.verbose))
    try:
        suggestions = service.autofill(fields, person=args.person, use_model=not args.no_model)
    finally:
        service.close()
    output.print_suggestions(fields, suggestions, args.json)
    return 0
