"""Facts that stand alone (#18): the gate, context from earlier turns, pronouns, the owner.

Invented people and phrasing throughout.
"""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.base import FactCandidate, MessageView
from remembrancer.memory.extraction.owner import OwnerExtractor, OwnerNames
from remembrancer.memory.extraction.pronouns import learn, name_once
from remembrancer.memory.extraction.rules import RulesExtractor
from remembrancer.memory.extraction.standalone import dangling_words, is_standalone

T = "2024-03-11T09:30:00+00:00"  # a Monday


def talk(*lines: tuple[str, str], roles: dict[str, str] | None = None, extractor=None) -> list[FactCandidate]:
    messages = [MessageView(id=f"m{i}", conversation="c", speaker=who, time=T, text=text,
                            role=(roles or {}).get(who, "other")) for i, (who, text) in enumerate(lines)]
    return (extractor or RulesExtractor()).extract(messages)


def said_in(facts: list[FactCandidate], message_id: str) -> list[FactCandidate]:
    return [f for f in facts if f.sources == [message_id]]


@pytest.mark.parametrize("text, dangling", [
    ("Odile is gonna give it a go.", ["it"]),
    ("Odile wants to refresh those skills in this workshop.", ["those", "this"]),
    ("Bram went there in April.", ["there"]),
    ("Bram loved that.", ["that"]),
    ("Bram wanted to keep them all.", ["them"]),
    ("A neighbour fixed it for Bram.", ["it"]),
    ("Bram loved the kayaking trip.", []),
    ("Bram bought a used canoe and loves it.", []),
    ("It was hard for Bram to leave Ghent.", []),
    ("Bram said that Odile is moving to Porto.", []),
    ("Bram's aunt called and she was thrilled.", []),
    ("Odile and Bram said they would come.", []),
    ("There is a new bakery near Bram's flat.", []),
])
def test_the_gate_names_what_points_at_nothing(text: str, dangling: list[str]) -> None:
    assert dangling_words(text) == dangling
    assert is_standalone(text) is (not dangling)


def test_a_fact_still_in_the_first_person_is_not_standalone() -> None:
    assert not is_standalone("I moved to Ghent in 2019.")


@pytest.mark.parametrize("text", ["Makes Odile feel connected.", "Gotta focus on the shop and why Odile started.",
                                  "Glad the shop is doing well."])
def test_a_fact_that_lost_its_subject_is_not_standalone(text: str) -> None:
    assert not is_standalone(text)
    assert is_standalone("Making pottery makes Odile feel connected.")


def test_it_is_resolved_from_the_other_speakers_question() -> None:
    facts = talk(("Wen", "Did you finish the pottery course?"), ("Ravi", "Yes, I loved it!"))
    [fact] = said_in(facts, "m1")
    assert fact.text == "Ravi loved the pottery course."
    assert fact.standalone


def test_its_been_becomes_has_been() -> None:
    facts = talk(("Wen", "How is the bakery going?"), ("Ravi", "It's been hard work but I love the early mornings."))
    [fact] = said_in(facts, "m1")
    assert fact.text.startswith("The bakery has been hard work")


def test_there_is_resolved_to_the_place_of_the_previous_turn() -> None:
    facts = talk(("Wen", "Have you ever been to Tallinn?"), ("Ravi", "We went there in May with my cousin."))
    [fact] = said_in(facts, "m1")
    assert "to Tallinn" in fact.text and "there" not in fact.text
    assert fact.standalone


def test_this_noun_takes_the_phrase_it_repeats() -> None:
    facts = talk(("Ravi", "I signed up for a glassblowing workshop. I found this workshop through my cousin."),
                 ("Wen", "Neat."))
    texts = [f.text for f in said_in(facts, "m0")]
    assert "Ravi found the glassblowing workshop through Ravi's cousin." in texts


def test_this_in_a_message_sharing_a_photo_is_the_thing_shown() -> None:
    facts = talk(("Ines", "I baked this lemon tart for the fair! [shares a photo: a lemon tart on a plate]"), ("Bo", "Yum"))
    assert "Ines baked a lemon tart for the fair." in [f.text for f in said_in(facts, "m0")]


def test_them_is_the_plural_said_before() -> None:
    facts = talk(("Bo", "How are your tortoises?"), ("Ines", "I've had them for six years now."))
    [fact] = said_in(facts, "m1")
    assert fact.text == "Ines has had Ines's tortoises for six years now."


def test_he_at_the_start_is_resolved_from_the_previous_turn() -> None:
    facts = talk(("Wen", "How is your brother doing?"), ("Ravi", "He just started an apprenticeship in Lyon."))
    [fact] = said_in(facts, "m1")
    assert fact.text.startswith("Ravi's brother just started an apprenticeship")


def test_he_after_a_named_subject_with_an_irregular_verb() -> None:
    facts = talk(("Bo", "Say hi to Leo for me."), ("Ines", "Leo made his famous curry tonight. He has been cooking since noon."))
    assert "Leo has been cooking since noon." in [f.text for f in said_in(facts, "m1")]


def test_unresolvable_pronouns_are_kept_but_not_standalone() -> None:
    facts = talk(("Wen", "Nice!"), ("Ravi", "I want to take them all home with me."))
    [fact] = said_in(facts, "m1")
    assert not fact.standalone  # still stored (recall), not shown


def test_an_attribute_keeps_the_clause_that_stands_alone() -> None:
    facts = talk(("Ines", "The shelter had six puppies!"), ("Tomas", "I wanted to take them all home, but I already have three dogs."))
    pets = [f for f in said_in(facts, "m1") if f.attribute == "pet"]
    assert [(f.text, f.standalone) for f in pets] == [("Tomas already has three dogs.", True)]


def test_a_name_once_then_a_pronoun_when_the_pronouns_are_known() -> None:
    facts = talk(("Tomas", "As a dad of two I rarely sleep in."), ("Ines", "Ha."),
                 ("Tomas", "I wanted to adopt the whole litter, but I remembered that I already have three dogs."))
    [fact] = said_in(facts, "m2")
    assert fact.text == "Tomas wanted to adopt the whole litter, but he remembered that he already has three dogs."


def test_a_negative_without_its_apostrophe_is_not_conjugated() -> None:
    facts = talk(("Tomas", "Hi."), ("Ines", "I cant even get up before 9, I dont run."))
    [fact] = said_in(facts, "m1")
    assert "Ines can't even get up" in fact.text and "Ines doesn't run" in fact.text


def test_the_name_repeats_when_pronouns_are_unknown() -> None:
    facts = talk(("Tomas", "Hi."), ("Ines", "I wanted to go, but I remembered that I have a shift."))
    [fact] = said_in(facts, "m1")
    assert fact.text == "Ines wanted to go, but Ines remembered that Ines has a shift."


def test_no_themself_for_a_man_whose_pronouns_are_known() -> None:
    facts = talk(("Tomas", "I'm a proud grandpa these days."), ("Ines", "Aww."), ("Tomas", "I taught myself the banjo."))
    [fact] = said_in(facts, "m2")
    assert fact.text == "Tomas taught himself the banjo."


def test_pronouns_are_learnt_from_what_others_say() -> None:
    learnt = learn([("Ines", "Bo came by yesterday and he fixed the sink."), ("Ines", "My sister Pia is visiting.")],
                   {"Ines", "Bo", "Pia"})
    assert learnt == {"Bo": "m", "Pia": "f"}


def test_a_pronoun_is_not_used_when_another_person_could_be_meant() -> None:
    text = "Bo told Kai that Bo would drive."
    assert name_once(text, {"Bo": "m"}, {"Bo", "Kai"}) == text
    assert name_once(text, {"Bo": "m", "Kai": "f"}, {"Bo", "Kai"}) == "Bo told Kai that he would drive."


owner = OwnerExtractor(RulesExtractor(), OwnerNames())


def test_me_is_the_owner_named_by_the_setting() -> None:
    named = OwnerExtractor(RulesExtractor(), OwnerNames(user_name="Lucia"))
    facts = talk(("Me", "I live in Aarhus."), ("Dag", "Cool!"), extractor=named)
    [fact] = said_in(facts, "m0")
    assert fact.text == "Lucia lives in Aarhus." and fact.subject == "Lucia"


def test_me_is_the_name_the_owner_gave_when_the_setting_is_unset() -> None:
    facts = talk(("Me", "My name is Lucia Ferro, and people call me Lu."), ("Dag", "Hi Lu!"),
                 ("Me", "I live in Aarhus."), extractor=OwnerExtractor(RulesExtractor(), OwnerNames(user_name="me")))
    assert {f.subject for f in facts if f.sources[0] in ("m0", "m2")} == {"Lucia"}
    assert "Lucia lives in Aarhus." in [f.text for f in facts]
    assert not any(f.text.startswith("Me ") or "Me's" in f.text for f in facts)


def test_the_owner_is_named_as_the_others_call_them() -> None:
    facts = talk(("Pim", "Lotte can you feed the cat tomorrow?"), ("Me", "sure, I finish work at 5"),
                 ("Gus", "Pim did you book the ferry?"), ("Pim", "yes"),
                 ("Gus", "thanks Lotte for the photos"), ("Me", "I moved to Zwolle last year."), extractor=owner)
    assert "Lotte moved to Zwolle in 2023." in [f.text for f in facts]


def test_a_nationality_is_not_a_name() -> None:
    facts = talk(("Me", "I'm Canadian."), ("Dag", "Cool!"), ("Me", "I live in Aarhus."), extractor=owner)
    assert "The user lives in Aarhus." in [f.text for f in facts]


def test_an_unnamed_owner_is_the_user() -> None:
    facts = talk(("Me", "I live in Aarhus."), ("Dag", "Cool!"), extractor=owner)
    [fact] = said_in(facts, "m0")
    assert fact.text == "The user lives in Aarhus." and fact.subject == "the user"
    assert fact.attribute == "home" and fact.value == "Aarhus"


def test_a_chat_role_is_never_an_occupation() -> None:
    facts = talk(("Me", "My name is Lucia. I work at Northwind as a user."), ("Dag", "ok"), extractor=owner)
    assert not any(f.attribute == "occupation" and "user" in (f.value or "") for f in facts)


def test_an_assistants_replies_give_no_facts_but_are_context() -> None:
    facts = talk(("User", "Could you suggest a sourdough recipe?"),
                 ("Assistant", "I love baking. I live in the cloud. Try a rye sourdough loaf."),
                 ("User", "I baked it on Sunday and it was great."),
                 roles={"User": "user", "Assistant": "assistant"}, extractor=owner)
    assert not said_in(facts, "m1")
    [fact] = said_in(facts, "m2")
    assert fact.subject == "the user" and "rye sourdough loaf" in fact.text


def test_a_later_mention_before_its_verb_takes_the_subject_pronoun() -> None:
    from remembrancer.memory.extraction.pronouns import name_once

    said = name_once("Whenever Oriane hums it, Oriane thinks of the roads Oriane has walked and who Oriane is.", {"Oriane": "f"}, ["Oriane"])
    assert said == "Whenever Oriane hums it, she thinks of the roads she has walked and who she is."
    assert name_once("Dario asked Dario's aunt to call Dario.", {"Dario": "m"}, ["Dario"]) == "Dario asked his aunt to call him."
