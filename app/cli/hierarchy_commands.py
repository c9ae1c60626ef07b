"""`facts`, `scenes`, `persona`: the upper memory levels, each item with its sources."""
from __future__ import annotations

import argparse
from datetime import datetime

from remembrancer.app.cli.terminal import json_text, show
from remembrancer.app.context import AppContext
from remembrancer.app.service import MemoryService

# Listings come through the facade, which masks secrets like recall (`memory.privacy`).


def cmd_facts(args: argparse.Namespace, now: datetime | None) -> int:
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        print(facts_text(ctx, args.about, args.include_archived, getattr(args, "all", False), args.json), end="")
    finally:
        ctx.close()
    return 0


def facts_text(ctx: AppContext, about: str | None, include_archived: bool, everything: bool, as_json: bool) -> str:
    """What `facts` prints (also what the background service sends back for it)."""
    # --json lists every fact with its "standalone" mark; text lists what reads on its own unless --all.
    shown_only = not (as_json or everything)
    facts = MemoryService(ctx).facts(about, include_archived, standalone_only=shown_only)
    if as_json:
        return json_text([f.to_json() for f in facts], indent=1) + "\n"
    lines = []
    for fact in facts:
        when = f" [{fact.time_mentioned}]" if fact.time_mentioned else ""
        lines.append(show(f"- {fact.text}{when}  (sources: {', '.join(fact.sources)})"))
    lines.append(f"{len(facts)} facts")
    return "\n".join(lines) + "\n"


def cmd_scenes(args: argparse.Namespace, now: datetime | None) -> int:
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        scenes = MemoryService(ctx).scenes()
    finally:
        ctx.close()
    if args.json:
        print(json_text([s.to_json() for s in scenes], indent=1))
        return 0
    for scene in scenes:
        span = f"{(scene.start or '')[:10]} – {(scene.end or '')[:10]}"
        print(f"# {show(scene.title)}  ({show(span)}, {len(scene.facts)} facts)\n  {show(scene.summary)}\n  sources: {show(', '.join(scene.sources[:12]))}{' …' if len(scene.sources) > 12 else ''}")
    print(f"{len(scenes)} scenes")
    return 0


def cmd_persona(args: argparse.Namespace, now: datetime | None) -> int:
    ctx = AppContext(args.data_dir, now=now, verbose=args.verbose)
    try:
        print(persona_text(ctx, args.name, args.json), end="")
    finally:
        ctx.close()
    return 0


def persona_text(ctx: AppContext, name: str | None, as_json: bool) -> str:
    """What `persona` prints (also what the background service sends back for it)."""
    attributes = MemoryService(ctx).persona(name)
    if as_json:
        return json_text([a.to_json() for a in attributes], indent=1) + "\n"
    lines = []
    subject, kind = None, None
    for attribute in attributes:  # listed by person, then by kind (identity, places, work, people, pets...)
        if attribute.subject != subject:
            subject, kind = attribute.subject, None
            lines.append(f"\n{show(subject)}")
        if attribute.kind != kind:
            kind = attribute.kind
            lines.append(f"  {kind}")
        flag = f"  ⚠ {show(attribute.flagged)}" if attribute.flagged else ""
        lines.append(f"    {show(attribute.text)}  (confidence {attribute.confidence:.2f}; sources: {show(', '.join(attribute.sources[:6]))}){flag}")
    if not attributes:
        lines.append("No persona attributes" + (f" for {show(name)}." if name else "."))
    return "\n".join(lines) + "\n"
