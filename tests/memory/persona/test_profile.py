"""The profile a person reads: one value per thing, with names, counts, sentences and evidence.

Invented people and phrasing only.
"""
from __future__ import annotations

from collections.abc import Callable

from remembrancer.memory.browse import PersonaView


def _by(persona: list[PersonaView], attribute: str) -> list[PersonaView]:
    return [p for p in persona if p.attribute == attribute]


def test_dog_dogs_puppy_and_pup_are_one_attribute_with_names_and_count(profile_of: Callable) -> None:
    persona = profile_of([
        "Jory: My dog Rex chewed my slipper again.",
        "Pell: Ha, how many do you have now?",
        "Jory: I have three dogs. Our dogs Rex and Bella hate the rain.",
        "Jory: We also got a puppy named Toby last month!",
        "Jory: Toby is my favourite pup, honestly.",
        "Jory: Bella is my dog too, the oldest one.",
    ], "Jory")
    pets = _by(persona, "pet")
    assert len(pets) == 1, [p.value for p in pets]
    dogs = pets[0]
    assert dogs.kind == "pets" and dogs.count == 3
    assert set(dogs.names) == {"Rex", "Bella", "Toby"}
    assert dogs.text == "Jory has 3 dogs: Rex, Bella and Toby"
    assert len(dogs.evidence) >= 4 and dogs.sources


def test_family_and_partner_keep_their_names(profile_of: Callable) -> None:
    persona = profile_of([
        "Nadia: My sister Ottla is visiting on Sunday.",
        "Nadia: Bram, my boyfriend, cooked dinner for everyone.",
        "Nadia: My kids, Leo and Ivy, loved the fair.",
        "Nadia: My brother is called Corwin.",
    ], "Nadia")
    texts = {p.text for p in persona}
    assert "Nadia's sister is Ottla" in texts
    assert "Nadia's boyfriend is Bram" in texts
    assert "Nadia's children are Leo and Ivy" in texts
    assert "Nadia's brother is Corwin" in texts
    assert all(p.kind == "people" for p in persona if p.attribute in ("family", "relationship"))


def test_a_course_keeps_its_subject_and_a_bare_course_is_not_shown(profile_of: Callable) -> None:
    persona = profile_of([
        "Tamsin: I started a course in marine biology.",
        "Tamsin: I also signed up for a course.",
    ], "Tamsin")
    education = [p.value for p in _by(persona, "education")]
    assert education == ["course in marine biology"]


def test_hobbies_read_as_activities(profile_of: Callable) -> None:
    persona = profile_of([
        "Quill: I play the cello in a small orchestra.",
        "Quill: I go bowling every Thursday.",
        "Quill: I've been painting a lot.",
    ], "Quill")
    texts = {p.text for p in _by(persona, "hobby")}
    assert {"Quill plays the cello", "Quill enjoys bowling", "Quill enjoys painting"} <= texts
    assert all(p.kind == "activities" for p in _by(persona, "hobby"))


def test_junk_never_becomes_an_attribute(profile_of: Callable) -> None:
    persona = profile_of([
        "Brisk: I want to return.",
        "Brisk: I really want to asking her out on a date.",
        "Brisk: I love it.",
        "Brisk: I have pets.",
        "Brisk: I started a course.",
        "Brisk: I've been playing.",
    ], "Brisk")
    assert persona == [], [p.text for p in persona]


def test_a_liked_base_verb_reads_as_an_activity(profile_of: Callable) -> None:
    persona = profile_of(["Wynn: I like to read, always have."], "Wynn")
    assert [p.text for p in _by(persona, "likes")] == ["Wynn likes reading"]


def test_a_chat_role_never_becomes_an_occupation(profile_of: Callable) -> None:
    persona = profile_of([
        "Me: I work at Orbiton as a user.",
        "Me: I work as a user at Orbiton.",
        "Me: I work as an assistant.",
    ], "")
    assert not [p for p in persona if p.attribute == "occupation"], [p.text for p in persona]
    assert not any("as a user" in p.text or "as an assistant" in p.text for p in persona)


def test_plans_carry_their_date(profile_of: Callable) -> None:
    persona = profile_of(["Sable: I'm gonna visit Tromso in June 2025."], "Sable")
    assert [p.text for p in _by(persona, "goal")] == ["Sable is going to visit Tromso (June 2025)"]


def test_every_attribute_is_grounded(profile_of: Callable) -> None:
    persona = profile_of([
        "Ilse: I live in Grenmoor and my dog Pip is two.",
        "Ilse: My mum Rosa grew up in Vell.",
        "Ilse: I love hiking and I play the banjo.",
        "Ilse: I want to open a bookshop.",
    ], "Ilse")
    assert persona
    for attribute in persona:
        assert attribute.evidence and attribute.sources and 0 < attribute.confidence <= 1
        assert attribute.text and attribute.kind and attribute.valid_from


def test_an_older_home_is_valid_until_the_newer_one(profile_of: Callable) -> None:
    persona = profile_of(["Odo: I live in Brackwater.", *["Pell: ok"] * 30, "Odo: I moved to Lindhaven."], "Odo")
    homes = {p.value: p for p in _by(persona, "home")}
    assert homes["Brackwater"].valid_to == homes["Lindhaven"].valid_from
    assert homes["Lindhaven"].valid_to is None


def test_a_work_fact_also_gives_the_role(profile_of: Callable) -> None:
    persona = profile_of(["Oriel: I work at Fenwold Works as a data engineer."], "Oriel")
    texts = {p.text for p in persona}
    assert {"Oriel works at Fenwold Works", "Oriel works as a data engineer"} <= texts
    occupation = _by(persona, "occupation")[0]
    assert occupation.evidence == _by(persona, "work")[0].evidence  # one fact, two attributes


def test_a_profile_sentence_names_its_person_once(profile_of: Callable) -> None:
    persona = profile_of([
        "Mirela: I'm a proud mom and my kids are my world.",
        "Mirela: By the way, my pronouns are she/her.",
        "Mirela: I want to be brave for my family.",
    ], "Mirela")
    goals = [p.text for p in _by(persona, "goal")]
    assert goals == ["Mirela wants to be brave for her family"], goals


def test_a_name_given_later_in_the_same_message_is_kept(profile_of: Callable) -> None:
    persona = profile_of(["Nila: Guess what - I got a puppy two weeks ago! Her name's Pepa and she's adorable."], "Nila")
    assert [p.text for p in _by(persona, "pet")] == ["Nila has a dog named Pepa"]


def test_dated_life_events_are_listed_with_their_date(profile_of: Callable) -> None:
    persona = profile_of([
        "Ilse: I finally won the regional chess tournament on 3 May 2024!",
        "Ilse: We went to a park on Sunday.",
        "Ilse: I graduated on 14 June 2024.",
    ], "Ilse")
    events = [p.text for p in persona if p.kind == "events"]
    assert events == ["Ilse won the regional chess tournament on 3 May 2024", "Ilse graduated on 14 June 2024"], events
    assert all(p.evidence and p.sources for p in persona if p.kind == "events")


def test_names_given_in_answer_to_a_question_reach_the_profile(profile_of: Callable) -> None:
    persona = profile_of(["Odile: We've got a puppy and a kitten now, the house is chaos.",
                          "Wren: So cute! What are their names?",
                          "Odile: Pip and Moss! They never stop playing.",
                          "Wren: And your brother? What's his name again?",
                          "Odile: Anselm. He lives in Ghent now."], "Odile")
    pets = _by(persona, "pet")
    assert [(p.names, p.count) for p in pets] == [(["Pip", "Moss"], 2)]
    assert any("Anselm" in p.names for p in _by(persona, "family"))
