"""How a persona attribute reads as a sentence (for recall and the CLI)."""
from __future__ import annotations

_POSITIVE = {
    "home": "{s} lives in {v}",
    "origin": "{s} is from {v}",
    "work": "{s} works at {v}",
    "occupation": "{s} works as {v}",
    "education": "{s}'s education: {v}",
    "family": "{s}'s family: {v}",
    "relationship": "{s}'s relationships: {v}",
    "pet": "{s}'s pet: {v}",
    "likes": "{s} likes {v}",
    "dislikes": "{s} dislikes {v}",
    "hobby": "{s}'s hobby: {v}",
    "health": "{s}'s health: {v}",
    "goal": "{s} wants to {v}",
    "identity": "{s} is {v}",
    "age": "{s} is {v} years old",
    "birthday": "{s}'s birthday is {v}",
    "name": "{s}'s full name is {v}",
    "email": "{s}'s email address is {v}",
    "phone": "{s}'s phone number is {v}",
    "address": "{s} lives at {v}",
}


def persona_sentence(subject: str, attribute: str, value: str, polarity: int = 1) -> str:
    template = _POSITIVE.get(attribute, "{s}'s " + attribute.replace("_", " ") + ": {v}")
    sentence = template.format(s=subject, v=value)
    return sentence if polarity >= 0 else f"Not true: {sentence}"
