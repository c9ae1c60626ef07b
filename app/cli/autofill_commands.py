"""`remembrancer autofill --form FORM.json [--json] [--person NAME] [--no-model]`.

Suggests a value for each field of a form from the user's memories, each
with its confidence and the memory ids it rests on, or no value and why.
Reading only: the suggestions reinforce nothing (the browser host reports
accepted values through `MemoryService.accept_autofill`).
"""
from __future__ import annotations

import argparse
from datetime import datetime

from app.cli.terminal import json_text, show
from app.context import AppContext
from app.service import MemoryService
from memory.autofill.form_file import read_form


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("autofill", help="suggest values for a web form's fields from your memories")
    p.add_argument("--form", required=True, metavar="FORM.json", help='a JSON list of fields, or {"fields": [...]}')
    p.add_argument("--person", metavar="NAME", help="whose data (default: the user_name setting, else the chats' user)")
    p.add_argument("--no-model", action="store_true", help="answer free-text fields without the language model")
    p.add_argument("--json", action="store_true", help="one JSON array of suggestions, in field order")
    p.set_defaults(handler=cmd_autofill)


def cmd_autofill(args: argparse.Namespace, now: datetime | None) -> int:
    fields = read_form(args.form)  # bad input fails before the store is opened
    service = MemoryService(AppContext(args.data_dir, now=now, verbose=args.verbose))
    try:
        suggestions = service.autofill(fields, person=args.person, use_model=not args.no_model)
    finally:
        service.close()
    if args.json:
        print(json_text([s.to_json() for s in suggestions], indent=1))
        return 0
    width = max((len(f.key or f.label) for f in fields), default=5)
    for field, suggestion in zip(fields, suggestions):
        name = (field.key or field.label).ljust(width)
        if suggestion.value is None:
            print(show(f"{name}  -  ({suggestion.reason})"))
        else:
            sources = ", ".join(suggestion.sources[:4]) + (" …" if len(suggestion.sources) > 4 else "")
            print(show(f"{name}  {suggestion.value}  ({suggestion.confidence:.2f}, {suggestion.reason}; sources: {sources})"))
    filled = sum(s.value is not None for s in suggestions)
    print(f"{filled} of {len(fields)} fields filled")
    return 0
