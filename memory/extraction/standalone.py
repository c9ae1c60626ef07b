"""The standalone gate: can a fact be read with no conversation around it?

A fact is shown to a person (Facts view, persona, scenes, quotes in answers)
only when it names what it is about. Facts that still lean on the
conversation ("Kit is gonna give it a go.", "Ravi went there in May.") are
kept as retrieval aids: stored, embedded and recalled, never shown.

The check is on the text alone, so the same function marks new facts at
extraction and old facts in the migration that added the `standalone`
column. It is the quality benchmark's own detector (memory.quality.dangling:
a pronoun or deictic with no referent earlier in the text), so what the
benchmark counts as dangling is exactly what is never shown, plus a first or
second person the rewrite left ("I", "my", "you"): such a fact needs its
speaker to be understood, and a fact that opens with a verb has lost its
subject ("Makes Ana feel connected.").
"""
from __future__ import annotations

import re
from functools import lru_cache

from remembrancer.memory.quality.dangling import dangling_words

__all__ = ["dangling_words", "is_standalone"]

_PERSON_RE = re.compile(r"(?<![\w'])(?:I|I'm|I've|I'd|I'll|me|my|mine|we|us|our|you|your|yours)(?![\w'])")


# A fact that opens with a verb or a predicate has lost its subject: "Makes Ana feel connected.",
# "Gotta focus on why Ana started." (an imperative is reported as "X told Y to ...", never stored bare).
_SUBJECTLESS_RE = re.compile(r"^(?:makes|made|gotta|gonna|wanna|sounds|looks|seems|feels|means|must|might|could|would|"
                             r"should|will|can|is|was|are|were|has|had|glad|such|hope|hoping)\b",
                             re.IGNORECASE)


@lru_cache(maxsize=32_768)
def is_standalone(text: str) -> bool:
    """True when the fact reads on its own: a subject, no dangling pronoun or deictic, no first or second person.

    Cached: a text alone decides it, an import asks twice per fact (the
    extractor, then the pipeline for any extractor), and chats repeat facts
    word for word (about 10 s of a 100k-message import without).
    """
    if _PERSON_RE.search(text) or _SUBJECTLESS_RE.match(text.lstrip()):
        return False
    return not dangling_words(text)
