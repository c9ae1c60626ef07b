"""What the autofill engine takes and returns (plain dataclasses for every surface).

The CLI, the desktop app and the browser host all speak these shapes, so they
are defined once here and turned into JSON with `to_json`/`from_json`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class FormField:
    """One field of a web form, as a page describes it (HTML attributes)."""

    name: str = ""
    id: str = ""
    label: str = ""
    placeholder: str = ""
    type: str = "text"
    autocomplete: str = ""  # the HTML autofill detail tokens, e.g. "shipping given-name"

    @property
    def key(self) -> str:
        """How a suggestion names its field: the id, else the name."""
        return self.id or self.name

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormField:
        known = {k: str(data[k]) for k in ("name", "id", "label", "placeholder", "type", "autocomplete") if data.get(k) is not None}
        return cls(**known)


@dataclass
class FieldSuggestion:
    """The engine's answer for one field: a value with its evidence, or none and why."""

    field: str                      # FormField.key
    value: str | None
    confidence: float = 0.0
    sources: list[str] = field(default_factory=list)   # memory ids (persona/fact/message) the value rests on
    reason: str = ""                # "persona:home", "recall+model", or why nothing was offered ("sensitive field")
    # Where the value comes from as a person reads it ("you said on 1 Mar 2024: “My name is ...”"),
    # filled by the app (`memory.provenance`); the panel shows these instead of the ids in `sources`.
    provenance: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["confidence"] = round(self.confidence, 4)
        return data
