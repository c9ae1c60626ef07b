"""The extractive answer: dates for "when", lists gathered across memories, "I don't know", citations, masking.

Invented people and phrasing only.
"""
from __future__ import annotations

import pytest

from remembrancer.memory.ask import ask
from remembrancer.memory.ask.extractive import extract_answer
from remembrancer.memory.ask.question import read_question
from remembrancer.memory.llm.fake import FakeModel
from remembrancer.memory.types import RecallItem
from tests.memory.ask.helpers import fixed_recall
from tests.planted_secrets import IBAN, leaked


def mem(id: str, text: str, level: str = "fact", time: str = "2022-09-14T18:05:00+00:00",
        speaker: str = "Ilse", score: float = 0.2) -> RecallItem:
    return RecallItem(id=id, level=level, text=text, score=score, sources=[f"m-{id}"], retention=1.0,
                      speaker=speaker, time=time)


def no_model():  # type: ignore[no-untyped-def]
    pytest.fail("quick mode asked the model")


def quick(question: str, items: list[RecallItem]):  # type: ignore[no-untyped-def]
    return ask(question, fixed_recall(items), no_model, quick=True, k=len(items) or 1)


@pytest.mark.parametrize(("question", "kind", "plural"), [
    ("When did Bram repaint the shed?", "when", False),
    ("What are the names of Jorun's dogs?", "what", True),
    ("How many bikes does Ilse own?", "count", False),
    ("How often does Ilse swim?", "often", False),
    ("Where does Ilse work?", "where", False),
    ("Who taught Ilse to sail?", "who", False),
    ("Does Ilse still play the cello?", "yesno", False),
    ("Why did Bram sell his van?", "why", False),
    ("What kind of music does Ilse like?", "what", False),
])
def test_the_question_type_is_read(question: str, kind: str, plural: bool) -> None:
    read = read_question(question)
    assert (read.kind, read.plural) == (kind, plural)


def test_the_focus_is_what_is_asked_about_not_the_person() -> None:
    read = read_question("What kind of music does Ilse like?")
    assert read.focus_head == "music" and "ilse" in read.names and "ilse" not in read.focus


def test_a_when_question_is_answered_with_the_resolved_date_of_a_fact() -> None:
    items = [mem("f1", "Odile has a kitten.", speaker="Odile"),
             mem("f2", "Odile adopted a grey kitten on 3 March 2021.", speaker="Odile")]
    answer = quick("When did Odile adopt the kitten?", items)
    assert answer.answer == "on 3 March 2021" and [c.id for c in answer.citations] == ["f2"]


def test_a_message_saying_yesterday_is_resolved_against_its_own_time() -> None:
    items = [mem("m1", "We finally repainted the shed yesterday, it looks brand new!", level="message", speaker="Bram",
                 time="2022-09-14T18:05:00+00:00")]
    answer = quick("When did Bram repaint the shed?", items)
    assert answer.answer == "on 13 September 2022" and [c.id for c in answer.citations] == ["m1"]


def test_a_list_question_gathers_the_names_across_memories() -> None:
    items = [mem("f1", "Jorun has a dog named Pip.", speaker="Jorun"),
             mem("f2", "Jorun's older dog is called Mosi.", speaker="Jorun"),
             mem("f3", "Jorun walked Tarka, her third dog, along the dyke.", speaker="Jorun"),
             mem("f4", "Jorun works night shifts at the harbour.", speaker="Jorun")]
    answer = quick("What are the names of Jorun's dogs?", items)
    first, last = answer.answer.split(" and ")
    assert sorted([*first.split(", "), last]) == ["Mosi", "Pip", "Tarka"]  # best-matching memory first
    assert sorted(c.id for c in answer.citations) == ["f1", "f2", "f3"]  # not the harbour


def test_a_persona_attribute_answers_only_when_its_value_meets_the_focus() -> None:
    persona = mem("p1", "Ilse likes hiking", level="persona", score=0.9)
    fact = mem("f2", "Ilse mostly listens to fado music on the train.")
    answer = quick("What kind of music does Ilse like?", [persona, fact])
    assert "fado" in answer.answer and [c.id for c in answer.citations] == ["f2"]
    alone = quick("What kind of music does Ilse like?", [persona])
    assert alone.answer.startswith("I don't know") and alone.citations == []
    fits = quick("What does Ilse like to do on weekends?", [mem("p1", "Ilse likes hiking on weekends", level="persona")])
    assert fits.answer.startswith("hiking") and [c.id for c in fits.citations] == ["p1"]


def test_something_never_said_gets_i_dont_know_with_the_best_memories_and_no_citation() -> None:
    items = [mem("f1", "Ilse mostly listens to fado music on the train."),
             mem("f2", "Ilse moved to Porto in 2019.")]
    answer = quick("What is the name of Ilse's boat?", items)
    assert answer.answer.startswith("I don't know")
    assert answer.citations == []  # nothing is cited as if it answered
    assert "fado music" in answer.answer and "Porto" in answer.answer  # the closest memories are shown
    assert "none cited" in (answer.note or "")


@pytest.mark.parametrize("question", [
    "When did Odile adopt the kitten?", "What kind of music does Ilse like?", "Where did Ilse move?",
    "How many kittens does Odile have?", "Does Ilse listen to fado?", "Who did Ilse move with?", "What did Ilse sell?",
])
def test_every_answer_that_knows_cites_what_it_quotes(question: str) -> None:
    items = [mem("f1", "Odile adopted a grey kitten on 3 March 2021.", speaker="Odile"),
             mem("f2", "Ilse mostly listens to fado music on the train."),
             mem("f3", "Ilse moved to Porto with Marta in 2019."),
             mem("f4", "Odile has two kittens now, both grey.", speaker="Odile")]
    answer = quick(question, items)
    if answer.answer.startswith("I don't know"):
        assert answer.citations == []
    else:
        assert answer.citations
        cited = " ".join(c.text for c in answer.citations).lower()
        assert all(word in cited for word in answer.answer.lower().replace(",", " ").split() if word not in ("yes", "no", "and", "on"))


def test_a_count_and_a_place_are_read_out() -> None:
    items = [mem("f1", "Odile has two kittens now, both grey.", speaker="Odile"),
             mem("f3", "Ilse moved to Porto with Marta in 2019.")]
    assert quick("How many kittens does Odile have?", items).answer == "two kittens"
    assert quick("Where did Ilse move?", items).answer == "Porto"


def test_the_extractive_answer_is_masked() -> None:
    items = [mem("m1", f"Ilse's account number is {IBAN}, for the rent.", level="message")]
    streamed: list[str] = []
    answer = ask("What is Ilse's account number?", fixed_recall(items), no_model, quick=True, on_token=streamed.append)
    shown = " ".join([answer.answer, "".join(streamed)] + [c.text for c in answer.citations])
    assert leaked(shown) == [] and "••••" in answer.answer and answer.citations


def test_an_uncited_model_answer_never_replaces_a_cited_extractive_one() -> None:
    persona = mem("p1", "Ilse likes hiking", level="persona", score=0.9)
    fact = mem("f2", "Ilse mostly listens to fado music on the train.")
    model = FakeModel(['{"answer": "Ilse likes fado.", "cites": [1]}'])  # cites the hiking memory, which lacks "fado"
    answer = ask("What kind of music does Ilse like?", fixed_recall([persona, fact]), lambda: model)
    assert "fado" in answer.answer and [c.id for c in answer.citations] == ["f2"] and "kept" in (answer.note or "")


def test_extraction_is_fast() -> None:
    import time

    items = [mem(f"f{i}", f"Ilse went sailing with Marta near Porto on {i % 28 + 1} May 2021 and loved it.") for i in range(8)]
    started = time.perf_counter()
    for _ in range(20):
        extract_answer("When did Ilse go sailing near Porto?", items)
    assert (time.perf_counter() - started) / 20 < 0.1


def test_where_someone_works_and_lives_each_get_their_own_place() -> None:
    items = [mem("m1", "Hi! I am Alexandra Novak, but people call me Sasha.", level="message", speaker="Me"),
             mem("m2", "You can reach me at sasha@example.org any time.", level="message", speaker="Me"),
             mem("m3", "I work at Brightlane as a product designer and I live in Ghent.", level="message", speaker="Me")]
    works, lives = quick("Where does Sasha work?", items), quick("Where does Sasha live?", items)
    assert works.answer == "Brightlane" and [c.id for c in works.citations] == ["m3"]
    assert lives.answer == "Ghent" and [c.id for c in lives.citations] == ["m3"]


def test_a_kind_of_thing_is_met_by_its_member() -> None:
    """"What pet ...?" is answered by "a guinea pig", though the memory never says "pet"."""
    items = [mem("a", "Ilse went to the lake with her cousin on Sunday."),
             mem("b", "Ilse has a guinea pig named Pepper", level="persona")]
    found = extract_answer("What pet does Ilse have?", items)
    assert found.knows and found.numbers == [2] and "guinea pig" in found.text


def test_a_question_about_a_doing_is_answered_by_its_object() -> None:
    found = extract_answer("What did Ilse make for her neighbour?", [mem("a", "Ilse knitted a green scarf for her neighbour.")])
    assert found.text.startswith("green scarf") or found.text.startswith("a green scarf")


def fact_with_turns(text: str, source: str, *turns: tuple[str, str, str, str]) -> RecallItem:
    """A fact of Ilse's resting on message `source`, with the turns (id, speaker, time, text) shown around it."""
    from remembrancer.memory.types import ContextTurn

    time = next(turn[2] for turn in turns if turn[0] == source)
    return RecallItem(id="f", level="fact", text=text, score=0.3, sources=[source], retention=1.0, speaker="Ilse", time=time,
                      context=[ContextTurn(*turn) for turn in turns])


def test_the_message_a_fact_rests_on_can_answer_what_the_fact_left_out() -> None:
    fact = fact_with_turns("Ilse shared a photo of her cork board.", "m1",
                           ("m0", "Bram", "2022-09-14T18:04:00+00:00", "Show me your desk!"),
                           ("m1", "Ilse", "2022-09-14T18:05:00+00:00", "Here it is. My cork board holds ticket stubs and postcards from Lisbon."))
    found = extract_answer("What does Ilse keep on her cork board?", [fact])
    assert found.knows and found.numbers == [1] and "ticket stubs and postcards" in found.text


def test_a_quoted_message_reads_in_the_third_person() -> None:
    from remembrancer.memory.ask.sentences import in_third_person

    assert in_third_person("I'm keeping my old bike, it means a lot to me.", "Ilse") == \
        "Ilse is keeping Ilse's old bike, it means a lot to Ilse."


def test_a_list_holds_things_not_pieces_of_clauses() -> None:
    from remembrancer.memory.ask.extractive import _fragment

    q = read_question("What bands has Ilse seen?")
    assert _fragment(q, "How do you stay") and _fragment(q, "much fun") and _fragment(q, "reminded Ilse of how")
    assert not _fragment(q, "Harbour Lights") and not _fragment(q, "the brass quartet")
    assert _fragment(q, "told Bram to check") and _fragment(q, "they're great live") and _fragment(q, "so much fun")
    assert not _fragment(q, "hiking with Bram") and not _fragment(q, "plays the oboe")


def test_what_was_said_next_answers_a_question_that_restates_the_memory() -> None:
    fact = fact_with_turns("Ilse joined a rowing club on 2 May 2022.", "m1",
                           ("m1", "Ilse", "2022-05-02T09:00:00+00:00", "I joined a rowing club!"),
                           ("m2", "Ilse", "2022-05-02T09:00:30+00:00", "I wanted to spend my mornings on the water with other people."))
    found = extract_answer("Why did Ilse join a rowing club?", [fact])
    assert found.knows and "spend Ilse's mornings on the water" in found.text


def test_the_answer_is_the_run_of_new_words_not_the_first_one() -> None:
    found = extract_answer("What is Bram's biggest goal?", [mem("a", "Winning the regional cup is Bram's biggest goal this year.", speaker="Bram")])
    assert found.text == "Winning the regional cup"
    found = extract_answer("Why did Ilse sell the van?", [mem("b", "Ilse sold the van to pay for Ilse's sailing course.")])
    assert found.text == "pay for Ilse's sailing course"


def test_a_question_naming_a_profile_section_is_answered_by_its_attributes() -> None:
    items = [mem("p1", "Jorun enjoys bouldering", level="persona", speaker="Jorun", score=0.4),
             mem("p2", "Jorun plays the oboe", level="persona", speaker="Jorun", score=0.35),
             mem("f1", "Jorun was tired after the long week.", speaker="Jorun", score=0.1)]
    found = extract_answer("What are Jorun's hobbies?", items)
    assert found.knows and "bouldering" in found.text and "oboe" in found.text and found.numbers == [1, 2]


@pytest.mark.parametrize("question", [
    "Where does Tamsin live?",                 # nobody of that name in memory: Ilse's "lives" is not about her
    "When did Ilse fly to Reykjavik?",         # a dated flight that names no Reykjavik
    "How many horses does Ilse own?",          # no count of horses anywhere
    "Who is Ilse's brother?",                  # no brother: a name in a memory about her grandmother is no answer
    "When did Ilse go skydiving?",             # recall's first, dated memory about Ilse says nothing of skydiving
])
def test_questions_about_things_never_said_get_i_dont_know(question: str) -> None:
    items = [mem("f1", "Ilse flew to Lisbon on 2 May 2021 and loved every minute of the flight.", time="2021-05-02T10:00:00+00:00",
                 score=0.3),
             mem("p1", "Ilse has a grandmother", level="persona", score=0.3),
             mem("f2", "Ilse's grandmother gave Ilse a ring from Norway, Ilse's first piece of jewellery."),
             mem("f3", "Ilse thinks that people's lives change when they travel.")]
    answer = quick(question, items)
    assert answer.answer.startswith("I don't know") and answer.citations == [], answer.answer


def test_a_question_about_someone_is_not_answered_by_a_memory_about_someone_else() -> None:
    items = [mem("f1", "Bram sold his van to pay for a sailing course.", speaker="Bram"),
             mem("f2", "Odile sold her piano last spring.", speaker="Odile")]
    assert quick("What did Odile sell?", items).answer.startswith("piano")
    assert quick("What did Tamsin sell?", items).answer.startswith("I don't know")


@pytest.mark.parametrize(("question", "memory", "answer"), [
    ("What club did Odile join?", "Odile joined a night astronomy club last week.", "night astronomy club"),
    ("Which course is Bram taking?", "Bram is taking an evening pottery course, it's great.", "evening pottery course"),
    ("What map did Ilse hang up?", "Ilse hung up a map of the Faroe Islands in the hall.", "map of the Faroe Islands"),
])
def test_a_question_naming_a_kind_of_thing_is_answered_by_its_phrase(question: str, memory: str, answer: str) -> None:
    found = extract_answer(question, [mem("a", memory, speaker=question.split()[-3])])
    assert found.text == answer


def test_a_phrase_of_praise_names_nothing() -> None:
    """'an amazing deal' is no answer to 'What deal ...?'; the sentence's other words are."""
    found = extract_answer("What deal did Bram sign?", [mem("a", "Bram signed an amazing deal with a canoe maker.", speaker="Bram")])
    assert "canoe maker" in found.text


def test_a_sentence_that_only_judges_what_was_asked_gives_way_to_the_next() -> None:
    fact = fact_with_turns("Ilse went to a bookbinding workshop and it was really eye-opening.", "m1",
                           ("m1", "Ilse", "2022-09-14T18:05:00+00:00",
                            "I went to a bookbinding workshop and it was really eye-opening. We covered coptic stitching and paper grain."))
    found = extract_answer("What was covered at the bookbinding workshop?", [fact])
    assert "coptic stitching and paper grain" in found.text


def test_the_sentence_said_before_may_hold_the_answer() -> None:
    fact = fact_with_turns("Ilse wanted a quieter morning routine.", "m1",
                           ("m1", "Ilse", "2022-09-14T18:05:00+00:00",
                            "I swapped coffee for a dawn swim. I wanted a quieter morning routine."))
    found = extract_answer("What did Ilse do for a quieter morning routine?", [fact])
    assert "dawn swim" in found.text


def test_how_something_is_going_is_answered_by_the_verdict() -> None:
    found = extract_answer("How is Bram's bakery doing?", [mem("a", "Bram's bakery is doing great.", speaker="Bram")])
    assert found.text == "great"


def test_a_span_that_names_nothing_is_known() -> None:
    from remembrancer.memory.ask.wording import says_nothing as _hollow

    what = read_question("What did Odile plan for Friday evening?")
    assert _hollow(what, "Hey") and _hollow(what, "usually") and _hollow(what, "watched")
    assert not _hollow(what, "karaoke") and not _hollow(what, "volunteer-led") and not _hollow(what, "dinner with friends")
    assert not _hollow(read_question("What does Odile say she won't do?"), "quit")
    assert not _hollow(read_question("How did Odile feel?"), "relieved")
    assert _hollow(what, "No worries") and _hollow(what, "something not") and _hollow(what, "really enlightening")


def test_a_hollow_span_gives_way_to_a_fuller_one() -> None:
    items = [mem("a", "Hey, Odile usually plans Friday evening.", speaker="Odile", score=0.3),
             mem("b", "Odile mentioned dinner with her climbing friends on Friday.", speaker="Odile", score=0.1)]
    found = extract_answer("What did Odile plan for Friday evening?", items)
    assert "dinner with her climbing friends" in found.text


def test_a_list_of_a_kind_takes_only_its_members() -> None:
    """'What instruments does Ilse play?' gathers the instruments, not what else the sentences say."""
    items = [mem("a", "Ilse plays the oboe most evenings."),
             mem("b", "Ilse is making time each day for running, reading or playing her harp.", score=0.18),
             mem("c", "Ilse thinks instruments are great for the soul.", score=0.19)]
    found = extract_answer("What instruments does Ilse play?", items)
    assert found.text in ("oboe and harp", "harp and oboe")


@pytest.mark.parametrize(("memory", "answer"), [
    ("Ilse swims in the harbour twice a week, even in winter.", "twice a week"),
    ("Ilse and her brother go to the dunes once or twice a year.", "once or twice a year"),
    ("Ilse swims every other morning before work.", "every other morning"),
])
def test_how_often_is_answered_by_a_frequency(memory: str, answer: str) -> None:
    question = "How often does Ilse swim?" if "swim" in memory else "How often does Ilse go to the dunes?"
    assert extract_answer(question, [mem("a", memory)]).text == answer


def test_how_often_with_no_frequency_in_memory_is_not_known() -> None:
    found = extract_answer("How often does Ilse swim?", [mem("a", "Ilse swam in the harbour on Sunday.")])
    assert not found.knows


def test_how_someone_felt_is_answered_by_the_feeling() -> None:
    items = [mem("a", "Bram finally rode the night train to the coast and it felt magical and a bit surreal.", speaker="Bram")]
    assert extract_answer("How did Bram feel about the night train?", items).text == "magical and surreal"


def test_the_answer_follows_what_was_asked_not_the_person() -> None:
    found = extract_answer("What topic has Bram been blogging about?",
                           [mem("a", "Since Bram and Ilse talked last, Bram has been blogging about tide tables and sea kayaks.", speaker="Bram")])
    assert found.text == "tide tables and sea kayaks"


def test_modifiers_joined_by_and_stay_with_their_noun() -> None:
    found = extract_answer("What is Odile's favourite genre of films?",
                           [mem("a", "Odile loves heist and courtroom films, the twists are so good!", speaker="Odile")])
    assert found.text == "heist and courtroom films"


def test_who_is_answered_by_a_tie_when_no_name_is_given() -> None:
    found = extract_answer("Who taught Ilse to sail?", [mem("a", "Ilse's grandfather taught Ilse to sail when she was nine.")])
    assert found.knows and found.text == "Ilse's grandfather"


def test_a_thing_named_after_its_kind_is_answered_by_its_name() -> None:
    found = extract_answer("What game did Bram teach his nephew?",
                           [mem("a", "Bram taught his nephew the card game Skat over the holidays.", speaker="Bram")])
    assert found.text == "Skat"


def test_a_place_named_after_the_noun_for_it_answers_where() -> None:
    found = extract_answer("What country is Odile's grandfather from?",
                           [mem("a", "The watch was a gift from Odile's grandfather in his home country, Portugal.", speaker="Odile")])
    assert found.text == "Portugal"


@pytest.mark.parametrize(("question", "memory", "answer"), [
    ("Why did Ana open a shop?", "Ana is passionate about old maps, so opening a shop lets her share them.", "passionate about old maps"),
    ("Why is Kit trying dairy-free recipes?", "Since Kit is lactose intolerant Kit is trying out dairy-free recipes like oat custard.",
     "lactose intolerant"),
    ("Why did Bram sell his van?", "Bram sold his van because the repairs cost too much.", "repairs cost too much"),
])
def test_why_is_answered_by_the_reason_whole(question: str, memory: str, answer: str) -> None:
    assert extract_answer(question, [mem("a", memory, speaker=question.split()[2])]).text == answer


def test_a_question_ending_in_a_preposition_is_answered_after_it() -> None:
    found = extract_answer("What was Odile's interview for?",
                           [mem("a", "Odile has been busy, she had an interview on Monday for a lighthouse keeper job.", speaker="Odile")])
    assert found.text == "lighthouse keeper job"


def test_a_shared_photo_answers_by_what_it_shows() -> None:
    items = [mem("a", "Watching old films helps Odile unwind.", speaker="Odile", score=0.3),
             mem("b", "[photo: a photo of a shelf of vinyl records and a turntable]", level="message", speaker="Odile", score=0.3)]
    found = extract_answer("What did Odile share a photo of when talking about unwinding?", items)
    assert found.text == "shelf of vinyl records and a turntable" and found.numbers == [2]


def test_a_member_of_the_kind_asked_for_outranks_the_kind_named() -> None:
    items = [mem("a", "On 6 May Bram recently started learning an instrument.", level="scene", speaker="Bram", score=0.3),
             mem("b", "Bram is learning how to play the cello now.", speaker="Bram", score=0.2)]
    assert extract_answer("What instrument is Bram learning?", items).text == "cello"


def test_a_language_answers_which_language() -> None:
    items = [mem("a", "Ilse thinks learning another language is hard but worth it.", score=0.3),
             mem("b", "Learning Basque has been tough for Ilse.", score=0.2)]
    assert extract_answer("Which language is Ilse learning?", items).text == "Basque"


def test_a_short_length_of_time_answers_how_long() -> None:
    found = extract_answer("How long does Ilse hold a plank?", [mem("a", "Ilse holds a plank for 45-90 seconds each morning.")])
    assert found.text == "for 45-90 seconds"


def test_a_count_counts_what_was_asked() -> None:
    assert extract_answer("How many kayaks does Bram own?", [mem("a", "Bram owns 2 kayaks and a canoe.", speaker="Bram")]).text == "two kayaks"
    found = extract_answer("How many times has Bram walked his turtles?", [mem("a", "Bram has 3 turtles and walks them on Sundays.", speaker="Bram")])
    assert not found.knows  # three turtles is no count of walks


def test_a_colour_answers_what_colour() -> None:
    found = extract_answer("What colour did Ilse dye her hair?", [mem("a", "Ilse shared a photo of a woman with purple hair.")])
    assert found.text == "purple"


def test_a_place_said_in_common_nouns_answers_where() -> None:
    found = extract_answer("Where was the photoshoot for Ilse's jacket?",
                           [mem("a", "The photoshoot for Ilse's jacket was done in a gorgeous pine forest, so fun.")])
    assert found.text == "in a gorgeous pine forest"
    named = [mem("a", "[photo: a photo of a lake with hills in the background]", level="message", score=0.3),
             mem("b", "Ilse explored the coast up in the Scottish Highlands.", score=0.2)]
    assert extract_answer("Where did Ilse explore on her trip?", named).text == "the Scottish Highlands"


def test_a_capitalised_opener_is_no_name() -> None:
    found = extract_answer("Who does Ilse sail with?", [mem("a", "On 3 May 2022 For Ilse, sailing with Marit is the best part of summer.")])
    assert found.text == "Marit"


def test_a_work_is_answered_by_its_title() -> None:
    items = [mem("a", "Bram watched a classic movie last week that was awesome.", speaker="Bram", score=0.3),
             mem("b", "BTW Bram finally watched The Name of the Rose with Ilse on Friday.", speaker="Bram", score=0.2)]
    assert extract_answer("What movie did Bram watch with Ilse?", items).text == "The Name of the Rose"
    assert not read_question("What kind of movie did Bram watch?").text.startswith("x")  # a kind asked: no title needed
    from remembrancer.memory.ask.things import asks_title as _asks_title
    assert _asks_title(read_question("Which book did Bram lend Ilse?"))
    assert not _asks_title(read_question("What kind of movie did Bram watch?"))
    assert not _asks_title(read_question("What is Bram's favourite genre of movies?"))


def test_a_length_of_time_for_the_doing_asked_answers_how_long() -> None:
    found = extract_answer("How long has Bram been playing the accordion?",
                           [mem("a", "Bram has been playing for about six weeks now.", speaker="Bram")])
    assert found.text == "for about six weeks"


def test_favourite_reads_two_nouns() -> None:
    assert read_question("What is Bram's favourite board game?").asked_nouns == ("game", "board")


def test_which_city_is_met_by_a_named_place() -> None:
    found = extract_answer("Which cities has Odile visited?", [mem("a", "Odile has been to Lisbon twice this year.", speaker="Odile")])
    assert found.text == "Lisbon"
    inside = extract_answer("Which city in Portugal will Odile stay in?", [mem("a", "Odile is gonna stay in Porto for the spring.", speaker="Odile")])
    assert inside.text == "Porto"


def test_the_reply_of_someone_else_never_answers_for_the_person_asked_about() -> None:
    fact = fact_with_turns("Ilse adopted a grey kitten called Miso last week.", "m1",
                           ("m1", "Ilse", "2022-09-14T18:05:00+00:00", "I adopted a grey kitten called Miso last week."),
                           ("m2", "Bram", "2022-09-14T18:06:00+00:00", "I started welding classes at the community college."))
    assert not extract_answer("Where did Ilse adopt the kitten?", [fact]).knows
