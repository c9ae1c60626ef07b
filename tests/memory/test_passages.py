"""Passages for the models and word-boundary cuts for display (`memory.passages`)."""
from __future__ import annotations

import re

from remembrancer.memory.passages import CHARS_PER_TOKEN, ELLIPSIS, PASSAGE_CHARS, clip_tokens, count_tokens, first_passage, split_passages

WORDS = re.compile(r"\S+")


def test_passages_are_bounded_cover_the_text_and_end_at_boundaries() -> None:
    text = " ".join(f"Ingrid planted {n} tulips near the shed." for n in range(3000)) + "\n\n" + "Short last paragraph."
    passages = list(split_passages(text))
    assert len(passages) > 10 and all(0 < len(p) <= PASSAGE_CHARS for p in passages)
    assert WORDS.findall(" ".join(passages)) == WORDS.findall(text)  # nothing lost, no word split
    assert all(p.endswith((".", "shed.")) for p in passages[:-1])


def test_an_unbroken_word_is_cut_only_because_it_must_be() -> None:
    assert [len(p) for p in split_passages("x" * 5000)] == [2000, 2000, 1000]


def test_a_short_text_is_its_own_first_passage() -> None:
    assert first_passage("Tomas fixed the gate.") == "Tomas fixed the gate."
    assert first_passage("  ") == "  "
    assert len(first_passage("word " * 10_000)) <= PASSAGE_CHARS


def test_clip_keeps_a_text_within_the_budget_whole() -> None:
    text = "Marguerite moved to Tromsø in 2019."
    assert clip_tokens(text, count_tokens(text, 100)) == text


def test_clip_cuts_on_a_word_boundary_with_an_ellipsis() -> None:
    text = "I don't think Oskar's bicycle, the blue one, survived the winter at all."
    cut = clip_tokens(text, 6)
    assert cut.endswith(" " + ELLIPSIS) and count_tokens(cut, 100) <= 6
    kept = cut[: -len(ELLIPSIS) - 1]
    assert text.startswith(kept) and text[len(kept)] == " "  # ends where a word ends
    assert kept.split()[-1] in text.split()


def test_clip_of_a_megabyte_is_bounded_in_tokens_and_characters() -> None:
    assert len(clip_tokens("lorem ipsum " * 100_000, 50)) < 400
    blob = clip_tokens("x" * 1_000_000, 50)  # one "word": cut, or nothing would show
    assert blob.endswith(ELLIPSIS) and len(blob) <= 50 * CHARS_PER_TOKEN


def test_count_tokens_stops_at_the_cap() -> None:
    assert count_tokens("a b c d e", 3) == 3 and count_tokens("a b", 10) == 2 and count_tokens("", 5) == 0
