"""Dated life events of a person: the milestones their standalone facts date.

A profile answers "what happened in her life, and when": graduating, moving,
a new job, adopting a pet, winning, finishing a book. These are read from
facts that already stand alone and carry a date (`time_mentioned`), so an
event is a sentence the store has checked, with its date and its evidence;
nothing here re-extracts text. Small talk with a date ("went to a park on
Sunday") is a scene, not a life event: only milestone verbs count.
"""
from __future__ import annotations

import re

_LEAD = r"^(?:(?:On|In|Last|This|Since)\s+[^A-Z]{0,40}?(?:\d{4}|week|month|year|weekend)\s*[,:]?\s*)?"
_MILESTONE = (
    r"got married|got engaged|got divorced|graduated|moved (?:to|into|in|back)|adopted|retired|"
    r"started (?:a new job|a new|working|school|college|university|a business|her own|his own|their own)|"
    r"got (?:a new job|promoted|hired|fired|laid off|a job|accepted)|quit|lost (?:her|his|their) job|had a baby|"
    r"gave birth|passed away|bought a (?:new )?(?:house|home|car|flat|apartment)|was diagnosed|"
    r"had (?:a |an )?(?:surgery|operation|accident)|broke up|opened|published|won|"
    r"ran (?:a|the|her|his|their) (?:[\w-]+ ){0,2}(?:race|marathon|5k|10k)|signed up for|joined|was accepted|got into|"
    r"finished|completed|launched|released|became"
)
_EVENT_RE = re.compile(
    _LEAD + r"(?P<s>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)(?:\s+and\s+(?:others|family))?\s+"
    r"(?:just\s+|finally\s+|recently\s+|officially\s+|also\s+)?(?P<e>(?:" + _MILESTONE + r")\b.*)$"
)
_TAIL_RE = re.compile(r"(?:\s+-\s.*|,?\s+and\s+(?:it|it's|that|this|was|is)\b.*|,\s+(?:which|so|but)\b.*|[.!]+)$")


def life_event(text: str, subject: str) -> str | None:
    """The event a dated fact states about `subject` ("won a chess tournament on 8 July 2022"), or None."""
    m = _EVENT_RE.match(text.strip())
    if m is None or m.group("s") != subject:
        return None
    event = _TAIL_RE.sub("", m.group("e")).strip()
    return event if len(event.split()) >= 2 else None
