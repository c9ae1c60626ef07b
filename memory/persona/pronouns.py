"""A profile sentence names its person once: "Mia wants to be brave for her family", not "for Mia's family".

The facts a profile rests on were already written with the person's
pronouns where the conversation made them known (memory.extraction.pronouns);
the same learner, run over those fact texts, recovers them for the profile.
A person whose pronouns are not known keeps their name repeated.
"""
from __future__ import annotations

from remembrancer.memory.extraction.pronouns import learn, name_once
from remembrancer.memory.store.driver import sqlite
from remembrancer.memory.store.persona import live_fact_texts



def subject_pronouns(conn: sqlite.Connection, subjects: set[str]) -> dict[str, str]:
    """"m"/"f" for the subjects their own facts refer to as he/she (clearly more often than the other)."""
    if not subjects:
        return {}
    texts = live_fact_texts(conn, sorted(subjects))
    # The speaker slot is left empty: a fact is about its subject, and its subject is not speaking.
    known = learn((("", text) for text in texts), set(subjects))
    return {name: kind for name, kind in known.items() if name in subjects}


def name_once_in(sentence: str, subject: str, pronouns: dict[str, str]) -> str:
    """The sentence with the subject's later mentions as pronouns ("for Mia's family" -> "for her family",
    "in any way Mia can" -> "in any way she can"), by the same reading of subject and object as a fact's.
    """
    if pronouns.get(subject) is None or sentence.count(subject) < 2:
        return sentence
    return name_once(sentence, {subject: pronouns[subject]}, [subject])
