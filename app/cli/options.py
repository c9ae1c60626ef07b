"""The options of the commands the background service can answer (recall, ask, autofill, stats, facts, persona), in one place.

`app/cli/main.py` builds the full parser from these, and `app/cli/routed.py`
reads the same options without importing the rest of the CLI, so the two
paths can never disagree about what a command accepts.
"""
from __future__ import annotations

import argparse

from remembrancer.memory.errors import InputError


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR", help="where all state lives (default: $REMEMBRANCER_HOME or the user data dir)")
    parser.add_argument("--now", metavar="ISO8601", help="the clock this command runs at (default: $REMEMBRANCER_NOW or real time)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to the terminal too")


def add_recall_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("--queries-file", metavar="FILE", help="one query per line; one JSON array per line out")
    p.add_argument("--k", type=int, default=None, help="how many items (default 10)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--budget", type=int, default=None, metavar="TOKENS", help="context budget in tokens (default 1500; 0 = no budget)")
    p.add_argument("--no-reinforce", action="store_true",
                   help="accepted for older scripts; recall never counts as a review (a memory is reviewed when used)")
    p.add_argument("--include-archived", action="store_true", help="also faded and forgotten memories")
    p.add_argument("--popup", action="store_true", help="show QUERY in the desktop app's quick-recall popup (starts the app if needed)")


def add_ask_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", metavar="QUESTION")
    p.add_argument("--json", action="store_true", help="print {answer, citations, model, tokens_in, tokens_out, took_ms, ...}")
    p.add_argument("--stream", action="store_true", help="print the answer as it is generated")
    p.add_argument("--quick", action="store_true", help="the answer read out of the recalled memories (a date, name, place, count or list), cited; no model")
    p.add_argument("--k", type=int, default=None, help="memories to recall (default 8; 5 with --quick)")
    p.add_argument("--budget", type=int, default=None, metavar="TOKENS", help="their token budget (default 1000; 0 = none)")


def add_autofill_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--form", required=True, metavar="FORM.json", help='a JSON list of fields, or {"fields": [...]}')
    p.add_argument("--person", metavar="NAME", help="whose data (default: the user_name setting, else the chats' user)")
    p.add_argument("--no-model", action="store_true", help="answer free-text fields without the language model")
    p.add_argument("--json", action="store_true", help="one JSON array of suggestions, in field order")


def add_stats_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


def add_facts_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--about", metavar="NAME", help="only facts about this person")
    p.add_argument("--include-archived", action="store_true")
    p.add_argument("--all", action="store_true", help="also facts that need their conversation to be understood (--json lists all)")
    p.add_argument("--json", action="store_true")


def add_persona_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help="whose persona (default: everyone)")
    p.add_argument("--json", action="store_true")


def recall_limits(k: int | None, budget: int | None, default_k: int) -> tuple[int, int | None]:
    """`--k` and `--budget` as recall takes them (`--budget 0`: none); bad values are the user's to fix (exit 2)."""
    from remembrancer.memory.recall.associative import DEFAULT_BUDGET  # only where a recall is about to run anyway

    k = default_k if k is None else k  # `--k 0` must be rejected, not defaulted
    if k < 1:
        raise InputError(f"--k: must be at least 1, not {k}")
    if budget is not None and budget < 0:
        raise InputError(f"--budget: must be 0 (no budget) or more, not {budget}")
    return k, (DEFAULT_BUDGET if budget is None else (budget or None))


def check_ask_limits(k: int | None, budget: int | None) -> None:
    """`ask`'s `--k` and `--budget` (None: the mode's default)."""
    if k is not None and k < 1:
        raise InputError(f"--k: must be at least 1, not {k}")
    if budget is not None and budget < 0:
        raise InputError(f"--budget: must be 0 (no budget) or more, not {budget}")
