"""The scale benchmark's synthetic corpus and queries (deterministic, seeded).

A few speakers, many conversations, sentences built from templates and a
vocabulary of people, places, activities, foods, dates and generated proper
names, so that BM25 and dense retrieval both have real work to do. Queries are
half natural questions (some naming the day or month a message was said),
half keyword queries, each derived from a sampled message when it can be.
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20240611
NOW = "2025-01-01T12:00:00+00:00"

# -- the synthetic corpus -----------------------------------------------------

SPEAKERS = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Greta", "Hiro"]
FRIENDS = """Maria James Priya Tom Sofia Lucas Amara Noah Yuki Omar Lena Mateo Zoe Ivan Nadia Samuel Ingrid Kofi Rosa
Felix Aisha Diego Hana Victor Leila Marco Freya Tariq Nina Paulo Astrid Kenji Clara Hugo Imani Oscar Mila Rafael Saanvi
Theo Uma Wendell Xiomara Yosef Zainab Bruno Camille Dmitri Esme Gustavo""".split()
PLACES = """Lisbon Berlin Kyoto Oslo Nairobi Lima Montreal Porto Seville Krakow Hanoi Dublin Vienna Marrakesh Reykjavik
Tbilisi Cusco Bergen Edinburgh Valparaiso Ljubljana Tallinn Cartagena Busan Hobart Galway Bologna Salzburg Tromso Zanzibar
Dakar Quito Bruges Ghent Lyon Naples Palermo Riga Vilnius Granada Cordoba Sapporo Osaka Chiang-Mai Luang-Prabang Hoi-An
Mendoza Bariloche Halifax Vancouver Portland Asheville Santa-Fe Savannah Tucson Boulder Madison Duluth""".split()
ACTIVITIES = [
    "hiking", "pottery", "rock climbing", "salsa dancing", "birdwatching", "sailing", "woodworking", "painting watercolours",
    "running a half marathon", "learning the cello", "baking sourdough", "kayaking", "gardening", "chess", "photography",
    "knitting", "surfing", "yoga", "cross-country skiing", "volunteering at the shelter", "camping", "fly fishing",
    "learning Japanese", "writing poetry", "restoring an old bike", "brewing beer", "playing the drums", "ice skating",
    "scuba diving", "archery", "bouldering", "calligraphy", "beekeeping", "origami", "stand-up comedy", "trail running",
    "swimming in the lake", "tennis", "badminton", "board games", "foraging mushrooms", "stargazing", "improv theatre",
]
FOODS = """ramen paella dumplings tacos risotto pho falafel curry lasagna sushi ceviche pierogi goulash shakshuka biryani
kimchi empanadas baklava tiramisu croissants bagels gnocchi moussaka bibimbap laksa pad-thai tagine borscht poutine
churros arepas injera khachapuri jollof bao okonomiyaki""".split()
THINGS = """guitar bicycle camera laptop telescope sketchbook tent kayak piano novel backpack watch scarf lamp plant
record-player sewing-machine espresso-machine drone typewriter""".split()
PLACES, FOODS, THINGS = ([w.replace("-", " ") for w in words] for words in (PLACES, FOODS, THINGS))
PETS = ["dog", "cat", "parrot", "rabbit", "tortoise", "hamster", "goldfish", "ferret"]
FEELINGS = ["thrilled", "exhausted", "nervous", "proud", "relieved", "homesick", "inspired", "grateful", "frustrated", "calm"]
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
JOBS = ["nurse", "architect", "teacher", "data analyst", "chef", "librarian", "carpenter", "translator", "pharmacist", "pilot"]
SYLLABLES = "ka lo mi ra ve nu sol tar bel den fi gor ha ju kel lin mor nal pe qui ros sen tu vin wyn zel dra ost eth".split()

TEMPLATES = [
    "I went {activity} near {place} last {day} with {friend}.",
    "Did you know {friend} moved to {place} in {month}?",
    "We had {food} at a tiny place called {name} in {place}, honestly the best I've had.",
    "I'm {feeling} about starting {activity} again, it's been years.",
    "My {pet} {name} knocked over the {thing} this morning.",
    "{friend} got a new job as a {job} in {place}.",
    "I finally finished reading {title}, the ending surprised me.",
    "Can we meet on {day} to talk about the trip to {place}?",
    "I bought a second-hand {thing} from {friend} for {number} euros.",
    "The {band} concert in {place} on {month} {date} was incredible.",
    "I'm cooking {food} for {friend}'s birthday on {day}.",
    "Since {month} I've been doing {activity} every {day} morning.",
    "My sister recommended {title}, have you read it?",
    "We're thinking of adopting a {pet} and calling it {name}.",
    "I felt {feeling} after the interview for the {job} position.",
    "{friend} and I signed up for a {activity} class at {name} studio.",
    "The flight to {place} got delayed by {number} hours, I was so {feeling}.",
    "I still remember the {food} we ate in {place} back in {year}.",
    "Honestly {activity} is the only thing that keeps me sane these days.",
    "Let's try that new {food} restaurant on {name} street on {day}.",
    "I lost my {thing} somewhere between {place} station and home.",
    "{friend} taught me how to make {food} from scratch.",
    "My grandmother used to live in {place}, I visited her every {month}.",
    "We watched {title} last night, {friend} cried at the end.",
    "I'm training for {activity} with {friend}, we go {number} times a week.",
    "Our team at work is moving to the {name} project in {month}.",
    "It rained the whole weekend in {place} so we stayed in and played board games.",
    "I think I'll take a break from {activity}, my knee hurts.",
    "{friend} says the {band} album is better than their last one.",
    "Remind me to call {friend} about the {thing} on {day}.",
]
REPLIES = [
    "That sounds amazing!", "Oh no, are you okay?", "Haha, classic {friend}.", "Wait, really? Tell me more.",
    "I'd love to join next time.", "How was {place}?", "Send me pictures!", "That's so you.",
    "I didn't know you liked {activity}.", "We should do that together sometime.", "Same here, honestly.",
    "Good luck, you'll be great.", "I've never tried {food}, is it spicy?", "Congrats!!", "Ugh, I know the feeling.",
]
QUESTION_TEMPLATES = [
    ("When did {speaker} go {activity} near {place}?", ("activity", "place")),
    ("Who moved to {place}?", ("place",)),
    ("Where did {speaker} eat {food}?", ("food",)),
    ("What is the name of {speaker}'s {pet}?", ("pet",)),
    ("What job did {friend} get?", ("friend", "job")),
    ("What did {speaker} think of {title}?", ("title",)),
    ("How much did the {thing} from {friend} cost?", ("thing", "friend")),
    ("Which concert did {speaker} see in {place}?", ("place", "band")),
    ("What did {speaker} cook for {friend}'s birthday?", ("friend",)),
    ("How often does {speaker} do {activity}?", ("activity",)),
    ("Why was the flight to {place} delayed?", ("place",)),
    ("Who taught {speaker} to make {food}?", ("food",)),
    ("What did {speaker} say about {activity} on {said_on}?", ("activity", "said_on")),
    ("Where did {speaker} eat {food} in {said_month}?", ("food", "said_month")),
]
KEYWORD_SLOTS = [("place", "activity"), ("food", "place"), ("friend", "thing"), ("name",), ("title",), ("band", "place"), ("friend", "job")]


def _vocab(rng: random.Random) -> dict[str, list[str]]:
    def word(parts: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    names = sorted({word(rng.choice((2, 3))) for _ in range(3000)})
    titles = sorted({f"The {word(2)} {rng.choice(['Tides', 'Orchard', 'Letters', 'Mountain', 'Garden', 'Winter', 'Road', 'Archive'])}" for _ in range(800)})
    bands = sorted({f"{word(2)} {rng.choice(['Collective', 'Brothers', 'Quartet', 'Machine', 'Echoes', 'Club'])}" for _ in range(500)})
    return {"name": names, "title": titles, "band": bands}


def _fill(template: str, rng: random.Random, vocab: dict[str, list[str]], slots: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
    chosen = dict(slots or {})
    pools: dict[str, Callable[[], str]] = {
        "friend": lambda: rng.choice(FRIENDS),
        "place": lambda: rng.choice(PLACES),
        "activity": lambda: rng.choice(ACTIVITIES),
        "food": lambda: rng.choice(FOODS),
        "thing": lambda: rng.choice(THINGS),
        "pet": lambda: rng.choice(PETS),
        "feeling": lambda: rng.choice(FEELINGS),
        "month": lambda: rng.choice(MONTHS),
        "day": lambda: rng.choice(DAYS),
        "job": lambda: rng.choice(JOBS),
        "name": lambda: rng.choice(vocab["name"]),
        "title": lambda: rng.choice(vocab["title"]),
        "band": lambda: rng.choice(vocab["band"]),
        "number": lambda: str(rng.randint(2, 400)),
        "date": lambda: str(rng.randint(1, 28)),
        "year": lambda: str(rng.randint(2005, 2023)),
    }
    for key, pick in pools.items():
        if "{" + key + "}" in template and key not in chosen:
            chosen[key] = pick()
    return template.format(**{k: chosen.get(k, "") for k in pools} | {"speaker": "", "said_on": "", "said_month": ""} | chosen), chosen


def generate_corpus(n: int, path: Path, seed: int = SEED) -> list[dict[str, Any]]:
    """Write `n` contract JSONL messages to `path`; return a sample of their slots (for queries)."""
    rng = random.Random(seed)
    vocab = _vocab(rng)
    start = datetime(2021, 1, 1, 9, 0)
    facts: list[dict[str, Any]] = []
    written = 0
    conv = 0
    with path.open("w", encoding="utf-8") as out:
        while written < n:
            conv += 1
            a, b = rng.sample(SPEAKERS, 2)
            when = start + timedelta(days=conv * 0.37, minutes=rng.randint(0, 600))
            length = min(n - written, rng.randint(12, 60))
            for turn in range(length):
                speaker = a if turn % 2 == 0 else b
                if turn and rng.random() < 0.3:
                    text, slots = _fill(rng.choice(REPLIES), rng, vocab)
                else:
                    template = rng.choice(TEMPLATES)
                    text, slots = _fill(template, rng, vocab)
                    if rng.random() < 0.35:  # a second sentence: longer, more varied turns
                        extra, _ = _fill(rng.choice(TEMPLATES), rng, vocab)
                        text = f"{text} {extra}"
                    if rng.random() < 0.02:
                        facts.append({"id": f"m-{written:07d}", "speaker": speaker, **slots})
                when += timedelta(minutes=rng.randint(1, 9))
                if facts and facts[-1]["id"] == f"m-{written:07d}":  # when it was said, for time-scoped questions
                    facts[-1]["said_on"] = f"{when.day} {when:%B %Y}"
                    facts[-1]["said_month"] = f"{when:%B %Y}"
                record = {
                    "conversation": f"chat-{conv:06d}",
                    "id": f"m-{written:07d}",
                    "time": when.isoformat(timespec="seconds"),
                    "speaker": speaker,
                    "role": "user" if speaker == a else "other",
                    "text": text,
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    return facts


def make_queries(facts: list[dict[str, Any]], count: int, seed: int = SEED) -> list[tuple[str, str | None]]:
    """(query, id of the message it was derived from or None): half questions, half keyword queries."""
    rng = random.Random(seed + 1)
    vocab = _vocab(random.Random(seed))
    queries: list[tuple[str, str | None]] = []
    for i in range(count):
        fact = rng.choice(facts) if facts else {}
        if i % 2 == 0:
            usable = [(t, need) for t, need in QUESTION_TEMPLATES if all(k in fact for k in need)]
            if usable:
                template, _ = rng.choice(usable)
                text, _ = _fill(template, rng, vocab, {k: v for k, v in fact.items() if k != "id"})
                queries.append((text, fact.get("id")))
                continue
            template, _ = rng.choice([(t, need) for t, need in QUESTION_TEMPLATES if not {"said_on", "said_month"} & set(need)])
            text, _ = _fill(template, rng, vocab, {"speaker": rng.choice(SPEAKERS)})
            queries.append((text, None))
        else:
            usable = [slots for slots in KEYWORD_SLOTS if all(k in fact for k in slots)]
            if usable:
                queries.append((" ".join(fact[k] for k in rng.choice(usable)), fact.get("id")))
            else:
                queries.append((f"{rng.choice(FOODS)} {rng.choice(PLACES)}", None))
    return queries
