"""The persona gate and the normaliser on their own (invented values)."""
from __future__ import annotations

import pytest

from remembrancer.memory.persona.gate import junk_reason
from remembrancer.memory.persona.normalise import gerund, object_key, parse
from remembrancer.memory.persona.phrasing import persona_sentence, structured_value


@pytest.mark.parametrize(("attribute", "value", "predicate"), [
    ("likes", "it", "likes"),                          # pronoun object
    ("goal", "visit her", "wants to"),                 # pronoun object
    ("likes", "read", "likes"),                        # bare verb
    ("goal", "asking Kit out", "wants to"),            # to + -ing
    ("goal", "return", "wants to"),                    # a wish with no object
    ("goal", "go back", "wants to"),
    ("hobby", "playing", "started"),                   # filler words
    ("education", "course", "started"),
    ("pet", "pets", "has"),
    ("occupation", "user", "works as"),                # a chat role
    ("occupation", "assistant", "works as"),
    ("education", "and Jory's passion", "studies"),   # cut from the middle of a sentence
    ("hobby", "been bumpy", "has"),
    ("likes", "Jory's favorite", "likes"),            # a possessive with no noun
    ("origin", "Jory's", "is from"),
    ("goal", "be a great night with friends", "is going to"),  # the night, not the person
])
def test_junk_is_refused(attribute: str, value: str, predicate: str) -> None:
    assert junk_reason(attribute, value, predicate, parse(attribute, value, predicate))


@pytest.mark.parametrize(("attribute", "value", "predicate"), [
    ("likes", "reading", "likes"), ("goal", "open a bookshop", "wants to"), ("goal", "opening a bookshop", "dreams of"),
    ("hobby", "plays the cello", "plays"), ("education", "course in marine biology", "started"),
    ("pet", "dog named Pip", "has"), ("occupation", "nurse", "works as"), ("home", "Grenmoor", "lives in"),
])
def test_real_values_pass(attribute: str, value: str, predicate: str) -> None:
    assert junk_reason(attribute, value, predicate, parse(attribute, value, predicate)) is None


def test_a_stored_goal_is_judged_by_its_object() -> None:
    assert junk_reason("goal", "is moving to the payments team") is None
    assert junk_reason("goal", "wants to return") == "a wish with no object"


def test_kinds_of_one_animal_share_a_key() -> None:
    keys = {parse("pet", v, "has").key for v in ("dog", "dogs", "puppy", "pup named Rex", "puppies", "rescue dog", "labrador")}
    assert keys == {"dog"}
    assert parse("pet", "kitten named Miso", "has").key == parse("pet", "cats", "has").key == "cat"


def test_relations_are_normalised_and_counted() -> None:
    assert parse("family", "mom", "has").key == parse("family", "mother Rosa", "has").key == "mother"
    kids = parse("family", "kids Leo and Ivy", "has")
    assert (kids.key, kids.names) == ("child", ("Leo", "Ivy"))
    assert parse("family", "two sisters", "has").count == 2
    assert parse("family", "mom", "is").key.startswith("role:")  # "Nadia is a mom": her role, not a relative


def test_objects_share_a_key_across_number_and_articles() -> None:
    assert object_key("watching a movie") == object_key("watching movies")
    assert object_key("The Stray Cats") == object_key("stray cat")


def test_gerunds() -> None:
    assert [gerund(v) for v in ("read", "dance", "swim", "lie", "visit", "hike")] == [
        "reading", "dancing", "swimming", "lying", "visiting", "hiking"]


def test_sentences_a_person_reads() -> None:
    assert persona_sentence("Jory", "pet", structured_value("dog", ("Rex", "Bella", "Toby"), 3)) == "Jory has 3 dogs: Rex, Bella and Toby"
    assert persona_sentence("Jory", "pet", structured_value("cat", (), None)) == "Jory has a cat"
    assert persona_sentence("Jory", "family", structured_value("sister", ("Ottla",), None)) == "Jory's sister is Ottla"
    assert persona_sentence("Jory", "relationship", structured_value("girlfriend", ("Sam",), None)) == "Jory's girlfriend is Sam"
    assert persona_sentence("Jory", "hobby", "plays the guitar") == "Jory plays the guitar"
    assert persona_sentence("Jory", "education", "pottery class") == "Jory takes a pottery class"
    assert persona_sentence("Jory", "goal", "open a bakery") == "Jory wants to open a bakery"  # a value stored before the verb was kept
    assert persona_sentence("Jory", "goal", "dreams of opening a bakery") == "Jory dreams of opening a bakery"
