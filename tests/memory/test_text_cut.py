"""cut_words: shortening for lists and the popup never cuts a word in half."""
from __future__ import annotations

import random

from remembrancer.memory.text_cut import ELLIPSIS, cut_words


def test_text_that_fits_is_whole_with_whitespace_collapsed() -> None:
    assert cut_words("Tove  planted\nthree plum trees.", 80) == "Tove planted three plum trees."


def test_cut_falls_after_a_whole_word_with_an_ellipsis() -> None:
    text = "Orrin restored a wooden sailboat with his grandfather over the long winter"
    cut = cut_words(text, 30)
    assert cut.endswith(ELLIPSIS) and len(cut) <= 30
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # the next character was a space


def test_dangling_punctuation_is_dropped_before_the_ellipsis() -> None:
    assert cut_words("Wren, the neighbour, lent us a ladder", 8) == "Wren…"


def test_never_a_word_cut_in_half_for_any_limit() -> None:
    rng = random.Random(3)
    vocabulary = "quilting marmalade Saoirse harbour 12km léa naïve café fjord bicycle, pottery. 🎉 rescue".split()
    for _ in range(300):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 14)))
        limit = rng.randint(2, 70)
        cut = cut_words(text, limit)
        assert len(cut) <= limit
        words = text.split()
        if cut == text:
            continue
        kept = cut[:-1].split()
        if len(words[0]) + 1 > limit:
            continue  # one word longer than the room: the only place a cut inside a word is allowed
        assert kept, (text, limit, cut)
        assert kept[:-1] == words[: len(kept) - 1]
        assert words[len(kept) - 1].startswith(kept[-1]) and words[len(kept) - 1].rstrip(",.;:") == kept[-1].rstrip(",.;:")


def test_a_single_overlong_token_is_cut_inside() -> None:
    assert cut_words("https://example.org/a/very/long/path", 12) == "https://exa" + ELLIPSIS
