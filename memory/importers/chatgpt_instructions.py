"""ChatGPT's custom instructions as notes about the person.

What a person wrote in "Customize ChatGPT" (what ChatGPT should know about
them, how it should answer) is the most deliberate thing they ever told it
about themselves, yet the export hides it in each conversation as a message
the thread walk skips (content type `user_editable_context`, hidden from the
conversation, no `parts`). Each distinct text becomes one note said by the
person; the same instructions repeat in every conversation, so a note's id
is its text's hash and its time the earliest conversation that carried it.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

CONVERSATION = "chatgpt:custom-instructions"
# metadata key -> (which note, the content field of older exports that holds the same text)
_FIELDS = {"about_user_message": ("about_user", "user_profile"), "about_model_message": ("about_model", "user_instructions")}
_FENCED = re.compile(r"```(.*?)```", re.S)
# How the person's words read as their own note. What ChatGPT should know about them is already in the
# first person ("I keep bees in ..."); how it should answer is an imperative ("Be concise."), which read
# bare as the person's statement yields "The user thinks that be concise", so it says what it is.
_LEAD = {"about_user": "", "about_model": "I asked ChatGPT to answer this way: "}


def is_instructions(message: dict[str, Any]) -> bool:
    content = message.get("content") if isinstance(message.get("content"), dict) else {}
    metadata = message.get("metadata") if isinstance(message.get("metadata"), dict) else {}
    return content.get("content_type") == "user_editable_context" or isinstance(metadata.get("user_context_message_data"), dict)


def instruction_texts(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(which, text) for each non-empty instruction of a `user_editable_context` message.

    The metadata's `user_context_message_data` holds the person's words alone;
    older exports have only the content's `user_profile`/`user_instructions`,
    ChatGPT's preamble with the person's words in the last fenced block.
    """
    content = message.get("content") if isinstance(message.get("content"), dict) else {}
    metadata = message.get("metadata") if isinstance(message.get("metadata"), dict) else {}
    data = metadata.get("user_context_message_data")
    data = data if isinstance(data, dict) else {}
    found: list[tuple[str, str]] = []
    for key, (which, content_key) in _FIELDS.items():
        text = data.get(key)
        if not isinstance(text, str) or not text.strip():
            text = _person_words(content.get(content_key))
        if text and text.strip():
            found.append((which, _LEAD[which] + text.strip()))
    return found


def _person_words(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    fenced = _FENCED.findall(value)
    if fenced:
        return fenced[-1]
    return value.rsplit(":\n", 1)[-1] if ":\n" in value else ""  # no fence: never the preamble itself


def note_id(which: str, text: str) -> str:
    """An edited instruction is a new note (the old one was true when written); the same text is one note however often it repeats."""
    return f"{CONVERSATION}:{which}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"
