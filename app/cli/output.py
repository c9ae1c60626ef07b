"""How `recall`, `ask` and `stats` print, whether they ran here or in the background service.

Kept apart from the commands so the light path (`app/cli/routed.py`) prints
exactly what the one-shot path prints without importing the store.
"""
from __future__ import annotations

import json
from typing import Any

from remembrancer.app.cli.terminal import json_text, show
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.types import Answer, Citation, ContextTurn, RecallItem, Stats


def items_from_json(rows: list[dict[str, Any]]) -> list[RecallItem]:
    return [RecallItem(**{**row, "context": [ContextTurn(**turn) for turn in row.get("context", [])]}) for row in rows]


def answer_from_json(data: dict[str, Any]) -> Answer:
    return Answer(**{**data, "citations": [Citation(**c) for c in data.get("citations", [])]})


def print_items(items: list[RecallItem]) -> None:
    if not items:
        print("Nothing recalled.")
    for rank, item in enumerate(items, 1):
        when = (item.time or "")[:16].replace("T", " ")
        print(f"{rank:>2}. [{item.level}] {show(item.speaker)} {show(when)}  (score {item.score:.4f}, retention {item.retention:.2f})")
        print(f"    {show(item.text)}")
        if item.level != "message":  # what the memory rests on, in the speaker's own words
            for turn in item.context[:3]:
                print(f"    ↳ {show(turn.speaker)}, {show(turn.time[:16].replace('T', ' '))}: {show(turn.text)}")
        print(f"    sources: {show(', '.join(item.sources))}")


def print_recall(items: list[RecallItem], as_json: bool) -> None:
    if as_json:
        print(json_text([item.to_json() for item in items]))
    else:
        print_items(items)


def print_stats(stats: Stats, as_json: bool) -> None:
    if as_json:
        print(json.dumps(stats.to_json(), indent=2))
        return
    print(f"Data dir: {stats.data_dir}")
    for level, count in stats.levels.items():
        print(f"  {level:<8} {count:>8}  (archived {stats.archived.get(level, 0)})")
    print(f"  vectors  {stats.vectors:>8}  (ANN index: {'yes' if stats.ann_index else 'no'})")
    print(f"  SQLite {stats.sizes_bytes.sqlite / 1e6:.1f} MB, LanceDB {stats.sizes_bytes.lancedb / 1e6:.1f} MB")
    print(f"  embedding model: {stats.models.embedding}")


def print_answer(answer: Answer, as_json: bool, streamed: list[str] | None = None) -> None:
    """The answer (unless it was streamed whole already), then its citations; or the JSON."""
    if as_json:
        print(json_text(answer.to_json(), indent=2))
        return
    if streamed and "".join(streamed) == answer.answer:
        print()
    else:
        if streamed:
            print()
        print(show(answer.answer))
    print_citations(answer)


def print_citations(answer: Answer) -> None:
    for number, citation in enumerate(answer.citations, 1):
        print(f"  [{number}] {show(citation.text)}")
        print(f"      sources: {show(', '.join(citation.sources))}")
    details = [answer.model or "no model", f"{answer.took_ms / 1000:.1f}s"]
    if answer.tokens_out:
        details.append(f"{answer.tokens_in} tokens in, {answer.tokens_out} out")
    print(f"  ({'; '.join(details)})")
    if answer.note:
        print(f"  note: {show(answer.note)}")


def print_suggestions(fields: list[FormField], suggestions: list[FieldSuggestion], as_json: bool) -> None:
    """What `autofill` prints, whether the suggestions came from this process or from the app or service."""
    if as_json:
        print(json_text([s.to_json() for s in suggestions], indent=1))
        return
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


def suggestions_from_json(rows: list[dict[str, Any]]) -> list[FieldSuggestion]:
    return [FieldSuggestion(**row) for row in rows]
