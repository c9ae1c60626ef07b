"""Scene titles in the conversation's own words and dated summaries (invented people and phrasing)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import numpy as np

from remembrancer.memory.scenes.graph import SceneFact
from remembrancer.memory.scenes.summary import TermStats, summarize, summarize_clusters
from remembrancer.memory.scenes.title import candidates_of

DIM = 48
START = datetime(2024, 5, 3, 18, 0, tzinfo=timezone.utc)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b")


def _scene(texts: list[str], subject: str, seed: int, day_step: int = 0, prefix: str = "x") -> list[SceneFact]:
    rng = np.random.default_rng(seed)
    centre = rng.standard_normal(DIM)
    out = []
    for i, text in enumerate(texts):
        v = centre + 0.6 * rng.standard_normal(DIM)
        out.append(SceneFact(id=f"{prefix}{i:02d}", text=text, vector=(v / np.linalg.norm(v)).astype(np.float32),
                             time=START + timedelta(days=i * day_step, minutes=i), conversation="c", subject=subject))
    return out


KITTEN = ["Ilse adopted a tabby kitten from the animal shelter.", "Ilse named the tabby kitten Biscuit.",
          "Ilse bought a scratching post for the kitten.", "Ilse says the kitten sleeps on the radiator."]
REGATTA = ["Teodor entered the autumn regatta on the lake.", "Teodor practised tacking every morning before the regatta.",
           "Teodor finished third in the regatta.", "Teodor thanked Ilse for lending Teodor a life jacket."]
BAKERY = ["Ilse and Teodor talked about opening a small bakery.", "Ilse wants to open a bakery near the station.",
          "Teodor is baking sourdough bread every weekend.", "Ilse found an empty shop for the bakery."]
PHOTOS = ["Ilse shared a photo of a lighthouse at dusk.", "Ilse shared a photo of the lighthouse from the pier.",
          "Teodor loves the lighthouse photos."]


def _all() -> tuple[list[SceneFact], list[list[str]]]:
    groups = [_scene(KITTEN, "Ilse", 1, 1, "k"), _scene(REGATTA, "Teodor", 2, 3, "r"),
              _scene(BAKERY, "Ilse", 3, 0, "b"), _scene(PHOTOS, "Ilse", 4, 2, "p")]
    return [f for g in groups for f in g], [[f.id for f in g] for g in groups]


def test_titles_are_two_to_five_words_of_the_conversation_never_keyword_lists() -> None:
    facts, clusters = _all()
    scenes = summarize_clusters(facts, clusters)
    titles = [s.title for s in scenes]
    for title in titles:
        words = title.split()
        assert 2 <= len(words) <= 5, title
        assert "&" not in title and "," not in title, title
        assert not DATE.search(title) and not re.fullmatch(r"[\d\s/.-]+", title), title
        assert title not in ("Ilse", "Teodor") and title[0].isupper(), title
        text = " ".join(f.text for f in facts).casefold()
        # every content word of the title was said (modulo the gerund of a verb that was)
        for word in words[1:]:
            assert word.casefold().strip("'s") in text, (title, word)
    assert titles[0] == "Adopting a tabby kitten"
    assert "regatta" in titles[1].casefold()
    assert "bakery" in titles[2].casefold()
    assert "lighthouse" in titles[3].casefold()


def test_an_event_is_a_gerund_and_a_light_verb_leaves_the_noun_phrase() -> None:
    fact = _scene(["Bruna went to the harvest festival in the valley."], "Bruna", 5)[0]
    assert ("Going", "to", "the", "harvest", "festival") in [(c.words[0].capitalize(), *c.words[1:]) for c in candidates_of(fact, {"bruna"})]
    liked = _scene(["Bruna loved the harvest festival."], "Bruna", 6)[0]
    forms = [" ".join(c.words) for c in candidates_of(liked, {"bruna"})]
    assert "the harvest festival" in forms and not any(f.startswith("loving") for f in forms)


def test_a_title_is_never_a_name_or_a_date_alone() -> None:
    facts = _scene(["Kasimir visited Lisbon on 12 June 2023.", "Kasimir liked Lisbon a lot.", "Kasimir flew back to Oslo."],
                   "Kasimir", 7)
    scene = summarize(TermStats(facts), facts)
    assert scene.title not in ("Lisbon", "Oslo", "Kasimir", "12 June 2023", "June")
    assert 2 <= len(scene.title.split()) <= 5


def test_summaries_are_two_to_four_whole_sentences_with_dates() -> None:
    facts, clusters = _all()
    for scene in summarize_clusters(facts, clusters):
        sentences = re.findall(r"[^.!?]+[.!?]", scene.summary)
        assert 2 <= len(sentences) <= 4, scene.summary
        assert "".join(sentences).replace(" ", "") == scene.summary.replace(" ", ""), scene.summary  # nothing left over
        assert scene.summary.rstrip()[-1] in ".!?" and "…" not in scene.summary
        assert DATE.search(scene.summary), scene.summary
        assert scene.summary.startswith("On "), scene.summary


def test_summary_dates_each_new_day_once_and_keeps_time_order() -> None:
    facts = _scene(KITTEN, "Ilse", 1, day_step=1)
    scene = summarize(TermStats(facts), facts)
    said = [f for f in sorted(facts, key=lambda f: f.time) if f.text.rstrip(".") in scene.summary]
    positions = [scene.summary.index(f.text.rstrip(".")) for f in said]
    assert positions == sorted(positions)
    assert len(DATE.findall(scene.summary)) == len({f.time.date() for f in said})
    assert "On 3 May 2024 Ilse adopted a tabby kitten" in scene.summary


def test_a_date_in_the_fact_itself_is_not_repeated() -> None:
    facts = _scene(["Kasimir visited Lisbon on 12 June 2023.", "Kasimir took a tram up the hill to the castle."], "Kasimir", 8)
    scene = summarize(TermStats(facts), facts)
    assert "On 3 May 2024 Kasimir visited" not in scene.summary and "12 June 2023" in scene.summary


def test_redundant_facts_are_not_both_in_the_summary() -> None:
    facts = _scene(["Ilse adopted a tabby kitten.", "Ilse adopted a tabby kitten!", "Ilse named the kitten Biscuit.",
                    "Ilse bought a cat bed."], "Ilse", 9)
    facts[1] = SceneFact(**{**facts[1].__dict__, "vector": facts[0].vector})
    scene = summarize(TermStats(facts), facts)
    assert scene.summary.count("adopted a tabby kitten") == 1


def test_two_scenes_about_the_same_kind_of_thing_get_different_titles() -> None:
    first = _scene(["Ilse shared a photo of a lighthouse.", "Ilse shared a photo of the lighthouse at night."], "Ilse", 10, 1, "h")
    second = _scene(["Ilse shared a photo of a heron.", "Ilse shared a photo of the heron by the canal."], "Ilse", 11, 1, "q")
    scenes = summarize_clusters([*first, *second], [[f.id for f in first], [f.id for f in second]])
    assert scenes[0].title != scenes[1].title
    assert "lighthouse" in scenes[0].title.casefold() and "heron" in scenes[1].title.casefold()


def test_possessive_pronouns_become_the_subject_and_it_is_is_no_possessive() -> None:
    fact = _scene(["Petra restored her grandmother's sewing machine."], "Petra", 12)[0]
    forms = [" ".join(c.words) for c in candidates_of(fact, {"petra"})]
    assert any(f.startswith("restoring Petra's") for f in forms), forms
    tough = _scene(["Petra said it's tough to run a marathon."], "Petra", 13)[0]
    assert not any(" ".join(c.words).startswith("it's") for c in candidates_of(tough, {"petra"}))
