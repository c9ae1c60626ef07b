"""The rules extractor: which sentences become facts, and how they are rewritten."""
from __future__ import annotations

import pytest

from remembrancer.memory.extraction.base import ATTRIBUTES
from remembrancer.memory.extraction.rules import RulesExtractor
from remembrancer.memory.extraction.sentences import split_sentences
from tests.memory.extraction.helpers import T, extract, msg, texts

# Coreference, verb agreement and date substitution: message -> exact fact texts.
REWRITES = [
    ("I love my dog.", ["Odile loves Odile's dog."]),
    ("I have two kids.", ["Odile has two kids."]),
    ("I'm a nurse.", ["Odile is a nurse."]),
    ("I am a teacher.", ["Odile is a teacher."]),
    ("I don't like cats.", ["Odile doesn't like cats."]),
    ("I go running every day.", ["Odile goes running every day."]),
    ("I watch documentaries every night.", ["Odile watches documentaries every night."]),
    ("I try my best at work.", ["Odile tries Odile's best at work."]),
    ("I really love painting.", ["Odile really loves painting."]),
    ("I've been painting a lot.", ["Odile has been painting a lot."]),
    ("I'd love to visit Japan.", ["Odile would love to visit Japan."]),
    ("I'll start a pottery class.", ["Odile will start a pottery class."]),
    ("I went to a support group yesterday.", ["Odile went to a support group on 7 May 2034."]),
    ("i went to the gym yesterday", ["Odile went to the gym on 7 May 2034."]),
    ("My husband and I love hiking.", ["Odile's husband and Odile love hiking."]),
    ("I taught myself the guitar.", ["Odile taught themself the guitar."]),
    ("I used your recipe for my sister's birthday cake.", ["Odile used Wren's recipe for Odile's sister's birthday cake."]),
    ("We went camping with the kids last summer.", ["Odile and family went camping with the kids in summer 2033."]),
    ("Me and my brother built a treehouse.", ["Odile and Odile's brother built a treehouse."]),
    ("Anthony and I went to a concert on Friday. We loved the band.",
     ["Anthony and Odile went to a concert on 5 May 2034.", "Odile and Anthony loved the band."]),
    ("My son loves dinosaurs. He has a huge fossil collection.",
     ["Odile's son loves dinosaurs.", "Odile's son has a huge fossil collection."]),
    ("Last week I got a new job at the library.", ["In the week before 8 May 2034 Odile got a new job at the library."]),
    ("Just got back from a trip to Rome!", ["Odile just got back from a trip to Rome."]),
    ("Yeah, I finally finished my novel!!", ["Odile finally finished Odile's novel."]),
    ("Been busy volunteering at the shelter.", ["Odile has been busy volunteering at the shelter."]),
    ("Still working on opening a dance studio.", ["Odile is still working on opening a dance studio."]),
    ("Gonna start a pottery class next month.", ["Odile is gonna start a pottery class in June 2034."]),
    ("Researching adoption agencies - it's been a long road.", ["Odile is researching adoption agencies."]),
    ("I was in Chicago last week, it was awesome!", ["Odile was in Chicago in the week before 8 May 2034, it was awesome."]),
    ("Tomorrow's gonna be a big day for my team.", ["9 May 2034 is gonna be a big day for Odile's team."]),
]


@pytest.mark.parametrize(("text", "expected"), REWRITES)
def test_sentences_are_rewritten_to_stand_alone(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize("text", [
    "Hey Mel! Good to see you! How have you been?",
    "That's awesome!",
    "Thanks!",
    "Thanks so much, Mel!",
    "What are you up to this weekend?",
    "Did you go to the park yesterday?",
    "I'm so proud of you!",
    "Take care and talk soon!",
    "I know, right?",
    "I totally agree with you.",
    "Sounds great!",
    "Keep it up!",
    "Wow, that looks amazing!",
    "It was so fun!",
    "I will!",
    "We can all accept who we are.",
])
def test_questions_and_small_talk_give_no_facts(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize("text, reported", [
    ("Being able to show my vision is awesome.", "Odile thinks that being able to show Odile's vision is awesome."),
    ("Running a business is hard.", "Odile thinks that running a business is hard."),
])
def test_an_opinion_is_reported_as_the_speakers_view_never_as_an_attribute(text: str, reported: str) -> None:
    facts = extract(text)
    assert [(f.text, f.attribute, f.subject) for f in facts] == [(reported, None, "Odile")]


# (message, attribute, value, polarity)
ATTRIBUTE_CASES = [
    ("I live in Berlin with my wife.", "home", "Berlin", 1),
    ("I moved to Lisbon last year.", "home", "Lisbon", 1),
    ("I'm from Sweden originally.", "origin", "Sweden", 1),
    ("I grew up in a small town in Ohio.", "origin", "a small town in Ohio", 1),
    ("I work at Google as a software engineer.", "work", "Google", 1),
    ("I work as a nurse at the local hospital.", "occupation", "nurse", 1),
    ("I'm a freelance graphic designer.", "occupation", "freelance graphic designer", 1),
    ("I'm studying psychology at the university.", "education", "psychology", 1),
    ("I have a degree in marine biology.", "education", "marine biology", 1),
    ("I graduated from Stanford in 2019.", "education", "Stanford", 1),
    ("My husband Bram is a chef.", "family", "husband Bram", 1),
    ("I have two kids.", "family", "two kids", 1),
    ("I'm divorced.", "relationship", "divorced", 1),
    ("I'm not married.", "relationship", "married", -1),
    ("My boyfriend and I went to Paris last month.", "relationship", "boyfriend", 1),
    ("My friend Sarah lives in Chicago.", "relationship", "friend Sarah", 1),
    ("I adopted a cat named Luna last week.", "pet", "cat named Luna", 1),
    ("My dog Max loves the beach.", "pet", "dog named Max", 1),
    ("I don't have any pets.", "pet", "pets", -1),
    ("I love hiking in the mountains.", "likes", "hiking in the mountains", 1),
    ("My favorite book is Dune.", "likes", "Dune", 1),
    ("I'm a huge fan of jazz.", "likes", "jazz", 1),
    ("I hate cold weather.", "dislikes", "cold weather", 1),
    ("I don't like spicy food.", "dislikes", "spicy food", 1),
    ("I can't stand loud music.", "dislikes", "loud music", 1),
    ("I've been painting a lot lately.", "hobby", "painting", 1),
    ("I play the guitar.", "hobby", "guitar", 1),
    ("My hobby is gardening.", "hobby", "gardening", 1),
    ("I go running every morning.", "hobby", "running", 1),
    ("Just started doing aerial yoga, it's great.", "hobby", "aerial yoga", 1),
    ("I'm allergic to peanuts.", "health", "peanuts", 1),
    ("I have asthma.", "health", "asthma", 1),
    ("I broke my arm two weeks ago.", "health", "broken arm", 1),
    ("I'm lactose intolerant.", "health", "lactose intolerant", 1),
    ("I want to adopt a child someday.", "goal", "adopt a child someday", 1),
    ("I'm planning to run a marathon next year.", "goal", "run a marathon", 1),
    ("I dream of opening a bakery.", "goal", "opening a bakery", 1),
    ("I'm a transgender woman.", "identity", "transgender woman", 1),
    ("I'm Catholic.", "identity", "Catholic", 1),
    ("I'm 32.", "age", "32", 1),
    ("I turned 40 last week.", "age", "40", 1),
    ("My birthday is on March 3rd.", "birthday", "3 March", 1),
]


@pytest.mark.parametrize(("text", "attribute", "value", "polarity"), ATTRIBUTE_CASES)
def test_attributes(text: str, attribute: str, value: str, polarity: int) -> None:
    facts = extract(text)
    assert len(facts) == 1, facts
    fact = facts[0]
    assert (fact.attribute, fact.value, fact.polarity) == (attribute, value, polarity)
    assert fact.attribute in ATTRIBUTES and fact.subject == "Odile" and fact.confidence >= 0.7
    assert fact.predicate


def test_plain_statements_have_no_attribute_and_lower_confidence() -> None:
    [fact] = extract("I went to a pottery workshop with my neighbour.")
    assert fact.attribute is None and fact.value is None and fact.confidence < 0.7
    assert fact.predicate == "went"


def test_negated_statement_has_negative_polarity() -> None:
    [fact] = extract("I didn't go to the party last night.")
    assert fact.polarity == -1 and fact.time_mentioned == "2034-05-07"


def test_named_third_person_facts_are_about_that_person() -> None:
    messages = [msg("My friend Jake is visiting from abroad.", id="a"), msg("Jake lives in Boston now.", id="b"),
                msg("Oh nice!", "Wren", id="c")]
    facts = {f.sources[0]: f for f in RulesExtractor().extract(messages)}
    assert (facts["b"].subject, facts["b"].attribute, facts["b"].value) == ("Jake", "home", "Boston")
    assert facts["b"].confidence < 0.85  # said about someone else


def test_you_is_resolved_only_between_two_people() -> None:
    text = "I borrowed your bike for my trip to Rome."
    assert texts(text) == ["Odile borrowed Wren's bike for Odile's trip to Rome."]
    assert texts(text, listeners=("Wren", "Anthony")) == ["Odile borrowed your bike for Odile's trip to Rome."]
    assert texts(text, listeners=()) == ["Odile borrowed your bike for Odile's trip to Rome."]


def test_multi_sentence_message_keeps_only_informative_sentences() -> None:
    facts = extract("Hey Mel! I went hiking last weekend. It was so fun! What about you? I also started a new job.")
    assert [f.text for f in facts] == ["Odile went hiking on the weekend of 6-7 May 2034.", "Odile also started a new job."]
    assert all(f.sources == ["m1"] and f.time_said == T for f in facts)
    assert facts[0].time_mentioned == "2034-05-06" and facts[1].time_mentioned is None


def test_photo_caption_becomes_a_fact() -> None:
    facts = extract("Check this out! [shares a photo: a photo of a dog on a beach]")
    assert [f.text for f in facts] == ["Odile shared a photo of a dog on a beach."]
    [plain] = extract("Look! [shares a photo: a sunset over the sea]")
    assert plain.text == "Odile shared a photo of a sunset over the sea." and plain.time_said == T


def test_entities_are_names_places_and_titles() -> None:
    [fact] = extract('I read "Becoming Nicole" by Amy Ellis Nutt in New York last month.')
    assert fact.entities[0] == "Odile"
    assert {"Becoming Nicole", "Amy Ellis Nutt", "New York"} <= set(fact.entities)
    assert "April" not in " ".join(fact.entities)


def test_sentence_splitting() -> None:
    text = "Dr. Smith came by at 5 p.m. today. We talked!! Then... we left 😊 Great day. It was fun...\nBye"
    assert split_sentences(text) == ["Dr. Smith came by at 5 p.m. today.", "We talked!!", "Then... we left 😊",
                                     "Great day.", "It was fun...", "Bye"]
    assert split_sentences("I was like... wow. Yes!") == ["I was like... wow.", "Yes!"]


def test_fact_texts_never_keep_first_person_words() -> None:
    text = ("I'm swamped with my kids and work. Me and my husband love our new house! "
            "I've got a dog. We're moving in June. I'd never been there before.")
    for fact in extract(text):
        padded = f" {fact.text} "
        assert not any(f" {w} " in padded or f" {w}'" in padded for w in ("I", "my", "me", "My", "we", "We")), fact.text


def test_extraction_is_deterministic_and_idempotent() -> None:
    messages = [msg("I moved to Lisbon last year. I love it! [shares a photo: a photo of a tram]", id="a"),
                msg("So cool! My sister lives there. I'm visiting her next month.", "Wren", id="b"),
                msg("I have two cats named Luna and Oliver.", id="c")]
    extractor = RulesExtractor()
    first = extractor.extract(messages)
    assert first == extractor.extract(messages) == RulesExtractor().extract(list(messages))
    assert [f.sources for f in first] == sorted([f.sources for f in first], key=lambda s: "abc".index(s[0][0]))
    assert extractor.name == "rules"


@pytest.mark.parametrize("text", [
    "I " + " " * 20000 + "love it", "I love " + "." * 20000, "I love it " + "\U0001F60A" * 5000,
    " ".join(["Alpha", "I", "love", "my", "you", "and"] * 2000), "[shares a photo: " + "a " * 5000 + "]", "",
])
def test_long_or_odd_input_never_hangs(text: str) -> None:
    """A guard against catastrophic regex backtracking: these take milliseconds; a hang takes minutes."""
    import time

    started = time.perf_counter()
    RulesExtractor().extract([msg(text), msg("Hi!", "Wren", id="m2")])
    assert time.perf_counter() - started < 5.0
