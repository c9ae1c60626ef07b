"""Free-text fields ("Tell us about yourself", "Dietary restrictions", "Hobbies").

No persona attribute *is* such a field, so the answer is assembled from what
the store knows on the topic: the persona attributes a topic maps to (diet
and allergies to health, hobbies to hobby and likes, ...) and a recall built
from the field's label (a read: only a value the user keeps counts as a review). Only memories about the user are used: their facts and persona,
and messages they wrote.

With a language model the snippets go into a short few-shot prompt whose
output is constrained by a JSON schema (`{"answer": ..., "notes": [...]}`),
so even the small bundled base model cannot return broken JSON. Its answer is
kept only when it is grounded (shares content words with the notes it cites);
otherwise, and without a model, the topic's attributes themselves are the
answer, with lower confidence. Either way the value cites the memories used.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from remembrancer.memory.autofill.profile import Evidence, Profile
from remembrancer.memory.autofill.values import Value
from remembrancer.memory.extraction.lexicon import DIETS
from remembrancer.memory.llm.base import LanguageModel
from remembrancer.memory.privacy import masked_all
from remembrancer.memory.persona.phrasing import persona_sentence

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

ModelSource = LanguageModel | Callable[[], LanguageModel] | None
MODEL_FACTOR = 0.75      # a grounded model answer, times the best snippet's confidence
ATTRIBUTE_FACTOR = 0.7   # the topic's attributes listed, no model
RECALL_CONFIDENCE = 0.5  # a recalled fact sharing words with the label, no model
MAX_NOTES = 6
_ALLERGY_RE = re.compile(r"allerg|intoleran", re.IGNORECASE)
_DIET_RE = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(d) for d in sorted(DIETS)) + r"|allerg|intoleran|celiac|coeliac", re.IGNORECASE)
_LEADING_VERB_RE = re.compile(r"^(?:is|are|was|has been|is now|became)\s+")
_WORD_RE = re.compile(r"[a-zà-ÿ]{4,}")
_STOP = frozenset("tell about yourself your what which would like know should please describe there their them with from have this that".split())

# Topic of a label -> (persona attributes, filter on the evidence phrase).
_TOPICS: list[tuple[re.Pattern[str], tuple[str, ...], re.Pattern[str] | None]] = [
    (re.compile(r"allerg|intoleran|alergi", re.I), ("health",), _ALLERGY_RE),
    (re.compile(r"diet|food|meal|eat|restri|alimenta", re.I), ("health",), _DIET_RE),
    (re.compile(r"hobb|interest|sport|free time|spare time|pastime|activit|passion|practi[sc]e|leisure", re.I), ("hobby", "likes"), None),
    (re.compile(r"about (?:you|yourself)|\bbio\b|describe yourself|introduc|who you are|sobre si|sobre ti|uber mich", re.I),
     ("occupation", "work", "home", "hobby"), None),
    (re.compile(r"experience|current role|what do you do|profession", re.I), ("occupation", "work"), None),
    (re.compile(r"educat|studies|degree|school|university", re.I), ("education",), None),
    (re.compile(r"\bpets?\b", re.I), ("pet",), None),
    (re.compile(r"famil|children|kids", re.I), ("family",), None),
]

_FEW_SHOT = """Fill in a form field for a person from notes about them. Use only the notes. If they do not say, answer "".

Notes:
1. Ben is allergic to shellfish.
2. Ben plays football on Sundays.
Field: Allergies
Answer: {"answer": "Shellfish", "notes": [1]}

Notes:
1. Ben works at a bakery in Leeds.
Field: Favourite film
Answer: {"answer": "", "notes": []}

"""
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string", "maxLength": 160},
        "notes": {"type": "array", "items": {"type": "integer"}, "maxItems": MAX_NOTES},
    },
    "required": ["answer", "notes"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Note:
    text: str
    sources: list[str]
    confidence: float


def suggest_free_text(memory: Memory, label: str, profile: Profile, model: ModelSource, now: datetime) -> Value | None:
    """A value for a free-text field, or None when nothing about the user fits."""
    label = label.strip()
    if not label or profile.person is None:
        return None
    topical = _topic_notes(label, profile)
    notes = (topical + [n for n in _recalled_notes(memory, label, profile, now) if n.text not in {t.text for t in topical}])[:MAX_NOTES]
    if not notes:
        return None
    answered = _ask_model(model, label, notes)
    if answered is not None:
        return answered
    if topical:
        picked = topical[:3]
        return Value("; ".join(n.text for n in picked), round(max(n.confidence for n in picked) * ATTRIBUTE_FACTOR, 4),
                     _merge(picked), "free text: persona")
    label_words = _content(label)
    for note in notes:
        if label_words & _content(note.text):
            return Value(note.text, RECALL_CONFIDENCE, list(note.sources), "free text: recall")
    return None


def _topic_notes(label: str, profile: Profile) -> list[Note]:
    notes: list[Note] = []
    for pattern, attributes, keep in _TOPICS:
        if not pattern.search(label):
            continue
        for attribute in attributes:
            for evidence in profile.all(attribute):
                text = _phrase(profile.person or "", attribute, evidence)
                if evidence.current and (keep is None or keep.search(text)) and text not in {n.text for n in notes}:
                    notes.append(Note(text, list(evidence.sources), evidence.confidence))
        if notes:
            break  # the most specific topic that found something
    return notes


def _phrase(person: str, attribute: str, evidence: Evidence) -> str:
    """What the attribute says, as a form would take it: "allergic to peanuts", "bouldering"."""
    if attribute == "health" and evidence.predicate:
        return _LEADING_VERB_RE.sub("", f"{evidence.predicate} {evidence.value}").strip()
    if attribute in ("hobby", "likes", "occupation", "education", "pet", "family"):
        return evidence.value
    return persona_sentence(person, attribute, evidence.value)


def _recalled_notes(memory: Memory, label: str, profile: Profile, now: datetime) -> list[Note]:
    person = profile.person or ""
    notes = []
    for item in masked_all(memory.recall(label, k=8, now=now)):  # no secret reaches the model or a form
        mine = item.speaker == person if item.level == "message" else person.lower() in item.text.lower()
        if mine and item.level != "scene":
            notes.append(Note(item.text.strip(), list(dict.fromkeys([item.id, *item.sources])), 0.6))
    return notes


def _ask_model(source: ModelSource, label: str, notes: list[Note]) -> Value | None:
    model = _load(source)
    if model is None:
        return None
    listing = "\n".join(f"{i}. {n.text}" for i, n in enumerate(notes, 1))
    prompt = f"{_FEW_SHOT}Notes:\n{listing}\nField: {label}\nAnswer:"
    try:
        if model.has_chat_template:
            out = model.chat([{"role": "user", "content": prompt}], max_tokens=96, json_schema=ANSWER_SCHEMA)
        else:
            out = model.complete(prompt, max_tokens=96, stop=("\n\n",), json_schema=ANSWER_SCHEMA)
        data = json.loads(out.text)
        answer = str(data.get("answer") or "").strip()
        cited = [notes[i - 1] for i in data.get("notes") or [] if isinstance(i, int) and 1 <= i <= len(notes)]
    except Exception as exc:  # a failing model is a missing model: the attributes still answer
        logger.warning("autofill: the model failed on %r (%s); answering without it", label, exc)
        return None
    cited = cited or notes
    if not answer or not (_content(answer) & set().union(*(_content(n.text) for n in cited))):
        logger.info("autofill: model answer for %r not grounded in its notes; not used", label)
        return None
    return Value(answer, round(max(n.confidence for n in cited) * MODEL_FACTOR, 4), _merge(cited), "free text: recall+model")


def loaded_once(source: ModelSource) -> ModelSource:
    """`source` as a getter that loads (or fails to load) the model at most once per form."""
    if source is None or isinstance(source, LanguageModel):
        return source
    state: list[LanguageModel | None] = []

    def get() -> LanguageModel:
        if not state:
            state.append(_load(source))
        if state[0] is None:
            raise LookupError("no language model")
        return state[0]

    return get


def _load(source: ModelSource) -> LanguageModel | None:
    if source is None or isinstance(source, LanguageModel):
        return source
    try:
        return source()
    except Exception as exc:  # no model installed, a broken file: autofill works without one
        logger.info("autofill: no language model (%s)", exc)
        return None


def _content(text: str) -> set[str]:
    return {w[:5] for w in _WORD_RE.findall(text.lower()) if w not in _STOP}


def _merge(notes: list[Note]) -> list[str]:
    return list(dict.fromkeys(s for n in notes for s in n.sources))
