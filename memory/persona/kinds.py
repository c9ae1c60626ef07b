"""The kinds a profile is grouped by, and which attribute belongs to which.

A reader looks for "where does she live" or "who is in his family", not for
an attribute name: the People page and `persona --json` group by these kinds,
in this order. The map is closed; an attribute it does not know is "other".
"""
from __future__ import annotations

KIND_ORDER = ("identity", "places", "work", "people", "pets", "activities", "preferences", "plans", "health",
              "events", "contact", "other")
_KIND_OF = {
    "name": "identity", "age": "identity", "birthday": "identity", "identity": "identity", "nickname": "identity",
    "home": "places", "origin": "places", "address": "places",
    "work": "work", "occupation": "work", "education": "work",
    "family": "people", "relationship": "people",
    "pet": "pets",
    "hobby": "activities",
    "likes": "preferences", "dislikes": "preferences",
    "goal": "plans",
    "health": "health",
    "event": "events",
    "email": "contact", "phone": "contact",
}


def kind_of(attribute: str) -> str:
    """The profile section an attribute is shown in."""
    return _KIND_OF.get(attribute, "other")
