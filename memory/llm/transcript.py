"""A plain-text chat transcript for models whose file carries no chat template.

A base model continues text; a transcript that ends with the assistant's
open turn ("Assistant:") makes it answer in that voice, and the next speaker's
prefix is the natural place to stop. Shared by the llama.cpp runtime and the
fake model so both fall back the same way.
"""
from __future__ import annotations

from collections.abc import Sequence

_LABELS = {"system": "Instructions", "user": "User", "assistant": "Assistant"}

# Generation stops when the model starts writing the next turn itself.
TRANSCRIPT_STOPS = ("\nUser:", "\nInstructions:")


def completion_transcript(messages: Sequence[dict[str, str]]) -> str:
    """`[{"role", "content"}]` as "Role: text" paragraphs ending with an open assistant turn."""
    parts = []
    for message in messages:
        role = message.get("role", "user")
        label = _LABELS.get(role, role.capitalize())
        parts.append(f"{label}: {message.get('content', '').strip()}")
    parts.append("Assistant:")
    return "\n\n".join(parts)
