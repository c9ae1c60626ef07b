"""What an operation changed, so that a surface redraws exactly that.

In the manner of Anki's `OpChanges`: every operation that writes the memory
says which kinds of memory it touched, and the desktop app redraws the views
showing those kinds (the facts list, the scenes list, the people pages, the
conflict queue...) instead of each caller remembering which lists to reload.
Deriving is conservative: an import or a consolidation rebuilds scenes and
persona around what it touched, so it reports them too.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from remembrancer.memory.store.levels import TABLES

T = TypeVar("T")
KINDS = ("message", "fact", "scene", "persona", "conflict")
_LEVEL_OF_TABLE = {table: level for level, table in TABLES.items()}


@dataclass(frozen=True)
class Changes:
    """The kinds of memory an operation wrote (`KINDS`); empty: nothing on screen is stale."""

    kinds: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds of memory: {sorted(unknown)}")

    @classmethod
    def of(cls, *kinds: str) -> Changes:
        return cls(frozenset(kinds))

    @classmethod
    def everything(cls) -> Changes:
        return cls(frozenset(KINDS))

    @classmethod
    def of_counts(cls, counts: Mapping[str, int], also: Iterable[str] = ()) -> Changes:
        """The levels (or their tables) with a non-zero count, plus `also` when any is."""
        kinds = {_LEVEL_OF_TABLE.get(name, name) for name, count in counts.items() if count}
        return cls(frozenset(kinds | set(also))) if kinds else cls()

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def touches(self, *kinds: str) -> bool:
        return any(kind in self.kinds for kind in kinds)


class Changed(NamedTuple, Generic[T]):
    """An operation's result with what it changed (Anki's `OpChangesWith...`)."""

    value: T
    changes: Changes
