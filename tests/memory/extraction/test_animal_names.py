"""Animals named by what is done with them, and things a person named (invented people and phrasing)."""
from __future__ import annotations

from remembrancer.memory.extraction.animal_names import animals_named, named_in_message
from remembrancer.memory.extraction.base import MessageView
from remembrancer.memory.extraction.rules import RulesExtractor

PEOPLE = {"Odile", "Bram"}


def chat(*turns: tuple[str, str]) -> list[MessageView]:
    return [MessageView(id=f"m{i}", conversation="c", speaker=who, time=f"2025-04-{i + 1:02d}T09:00:00+00:00", text=text)
            for i, (who, text) in enumerate(turns)]


def texts(messages: list[MessageView]) -> list[str]:
    return [f.text for f in animals_named(messages, PEOPLE)]


def test_a_walk_names_a_dog_of_the_speaker() -> None:
    msgs = chat(("Odile", "Morning! I took Biscuit for a walk by the canal and he made a new friend."),
                ("Bram", "Ha, Biscuit is such a social butterfly."))
    [fact] = animals_named(msgs, PEOPLE)
    assert fact.text == "Odile has a dog named Biscuit."
    assert (fact.attribute, fact.value, fact.sources) == ("pet", "dog named Biscuit", ["m0"])


def test_a_photo_introducing_a_name_tells_the_species() -> None:
    msgs = chat(("Bram", "Big news: a new addition to the family, this is Pemberton! [shares a photo: a cat curled up on a sofa]"),
                ("Odile", "Pemberton is adorable!"))
    assert texts(msgs) == ["Bram has a cat named Pemberton."]


def test_a_pet_that_died_is_had_and_clues_join_across_messages() -> None:
    msgs = chat(("Odile", "Rough month. We had to say goodbye to Juniper. She was with us for 12 years, always wagging that tail."),
                ("Bram", "I'm so sorry about Juniper."),
                ("Odile", "Thanks. Juniper and I walked that beach every morning."))
    [fact] = animals_named(msgs, PEOPLE)
    assert fact.text == "Odile had a dog named Juniper."
    assert fact.sources == ["m0", "m2"]


def test_people_and_places_are_never_animals() -> None:
    person = chat(("Odile", "I took Clara for a walk around the lake, she loves the leash-free dog park."),
                  ("Bram", "How is Clara?"), ("Odile", "Clara said her new job is great."))
    place = chat(("Odile", "We moved to Denver in May."), ("Bram", "Nice!"),
                 ("Odile", "Denver has a great dog park, my pup loves it."))
    no_owner = chat(("Bram", "Saw Waffles at the park today, he was barking at every pigeon."))
    assert texts(person) == [] and texts(place) == [] and texts(no_owner) == []


def test_a_name_given_to_the_thing_just_mentioned() -> None:
    [toy] = named_in_message(chat(("Odile", "I still have that plush bunny you gave me! I named her Marigold, she sits on my desk."))[0], PEOPLE)
    [van] = named_in_message(chat(("Bram", "Finally bought a used van last week. We call it Biscuit."))[0], PEOPLE)
    [kitten] = named_in_message(chat(("Bram", "We adopted a kitten on Sunday! I named him Tofu."))[0], PEOPLE)
    assert (toy.text, toy.attribute) == ("Odile has a plush bunny named Marigold.", "possession")
    assert van.text == "Bram has a used van named Biscuit."
    assert (kitten.text, kitten.attribute, kitten.value) == ("Bram's kitten is named Tofu.", "pet", "kitten named Tofu")
    assert named_in_message(chat(("Bram", "I named it after my grandmother."))[0], PEOPLE) == []


def test_the_rules_extractor_states_them() -> None:
    msgs = chat(("Odile", "I took Biscuit for a walk by the canal, he loved it."), ("Bram", "Cute!"))
    assert "Odile has a dog named Biscuit." in [f.text for f in RulesExtractor().extract(msgs)]
