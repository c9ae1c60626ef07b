"""Reading what a store holds, whatever shape its listings take, and matching expected profiles.

`persona --json` is a flat list of attributes today and may become a
profile grouped by kind; `facts --json` may or may not say whether a fact
is standalone. The benchmark measures whatever the store holds, so these
readers accept both shapes instead of pinning one.
"""
from __future__ import annotations

from typing import Any

# Expected kinds and the attribute names a store may file them under.
KIND_ALIASES = {
    "pet": {"pet", "pets"},
    "family": {"family", "relative", "relatives", "relationship", "relationships", "partner", "people", "person"},
    "partner": {"partner", "relationship", "relationships", "family", "people"},
    "home": {"home", "place", "places", "lives", "residence", "location", "address"},
    "origin": {"origin", "place", "places", "from", "hometown"},
    "work": {"work", "job", "occupation", "employer", "role", "career", "profession"},
    "education": {"education", "study", "school", "course"},
    "hobby": {"hobby", "hobbies", "activity", "activities", "likes", "interest", "interests"},
    "likes": {"likes", "like", "preference", "preferences", "hobby", "hobbies", "interest"},
    "plan": {"plan", "plans", "goal", "goals", "event", "events"},
    "event": {"event", "events", "life_event", "plan", "plans"},
    "name": {"name", "identity", "nickname"},
    "health": {"health", "condition"},
}


def shown_facts(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facts a person is shown: those marked standalone when the store marks them, else all."""
    if any("standalone" in f for f in facts):
        return [f for f in facts if f.get("standalone") in (True, 1)]
    return list(facts)


def flatten_persona(data: Any, subject: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Every attribute object (a dict with `attribute` and `value`) in a persona listing, with its subject and kind."""
    out: list[dict[str, Any]] = []
    if isinstance(data, list):
        for item in data:
            out.extend(flatten_persona(item, subject, kind))
    elif isinstance(data, dict):
        if "attribute" in data and "value" in data:
            item = dict(data)
            item.setdefault("subject", subject or "")
            item["kind"] = str(data.get("kind") or kind or data["attribute"])
            out.append(item)
            return out
        who = data.get("subject") or data.get("person") or data.get("name") if not _is_attribute_group(data) else None
        who = who if isinstance(who, str) else subject
        if isinstance(data.get("kind"), str):
            kind = data["kind"]  # {"kind": "pet", "attributes": [...]}
        for key, value in data.items():
            if not isinstance(value, (list, dict)):
                continue
            child_subject, child_kind = who, kind
            if who is None and key[:1].isupper() and isinstance(value, dict):
                child_subject = key  # {"Jay": {...}}
            elif key not in {"attributes", "profile", "items", "persona", "people"} and (isinstance(value, list) or _is_attribute_group(value)):
                child_kind = key  # {"pet": [...]}
            out.extend(flatten_persona(value, child_subject, child_kind))
    return out


def _is_attribute_group(data: dict[str, Any]) -> bool:
    return any(isinstance(v, list) and v and isinstance(v[0], dict) and "attribute" in v[0] for v in data.values())


def attribute_text(item: dict[str, Any]) -> str:
    """The sentence a person reads for an attribute (its `text`, else "subject attribute: value")."""
    return str(item.get("text") or f"{item.get('subject', '')}'s {item.get('attribute', '')}: {item.get('value', '')}")


def attribute_blob(item: dict[str, Any]) -> str:
    """Everything an attribute shows (value, sentence, names, details), lower-cased, for substring checks."""
    extra = " ".join(str(item.get(k, "")) for k in ("names", "name", "relation", "detail", "details", "count"))
    return f"{item.get('value', '')} {attribute_text(item)} {extra}".lower()


def expected_found(expected: dict[str, Any], attributes: list[dict[str, Any]]) -> tuple[int, int, list[dict]]:
    """(found, expected, missing): each expected attribute matched by kind and value/name substrings, case-insensitive."""
    found, total, missing = 0, 0, []
    for person in expected.get("people", []):
        aliases = {a.lower() for a in [person["person"], *person.get("aliases", [])]}
        own = [a for a in attributes if str(a.get("subject", "")).lower() in aliases]
        for want in person.get("attributes", []):
            total += 1
            if any(_matches(want, a) for a in own):
                found += 1
            else:
                missing.append({"person": person["person"], **want})
    return found, total, missing


def _matches(want: dict[str, Any], have: dict[str, Any]) -> bool:
    kinds = KIND_ALIASES.get(want["kind"], {want["kind"]}) | {want["kind"]}
    have_kinds = {str(have.get("attribute", "")).lower(), str(have.get("kind", "")).lower()}
    if not kinds & have_kinds:
        return False
    blob = attribute_blob(have)
    terms = [want[k] for k in ("value", "name", "relation") if want.get(k)] + list(want.get("names", []))
    return all(str(term).lower() in blob for term in terms)
