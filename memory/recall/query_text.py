"""Turning a natural-language question into a full-text query.

Function words are dropped (they match everything and cost time on large
stores); the rest are OR-ed so BM25 ranks by how many rare words a message
shares with the question.
"""
from __future__ import annotations

import re

from remembrancer.memory.text_grams import fold, is_grammar_bigram, is_single_unspaced, query_words

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between both
    but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves s t don ever did kind likely might many much
    also get got go going went thing things something anything someone else way ways tell told say said""".split()
)
_TOKEN = re.compile(r"\w+", re.UNICODE)


def keywords(query: str) -> list[str]:
    """Content words of `query`, folded (`memory.text_grams.fold`), in order, without repeats.

    A run of Chinese, Japanese, Korean, ... gives its character bigrams, as
    the index holds them; bigrams of hiragana alone (particles, endings) are
    dropped when other words remain, like English function words.
    """
    seen: dict[str, None] = {}
    for token in _TOKEN.findall(fold(query)):
        for word in query_words(token):
            if word not in STOPWORDS and (len(word) > 1 or word.isdigit() or is_single_unspaced(word)):
                seen.setdefault(word, None)
    words = list(seen)
    content = [w for w in words if not is_grammar_bigram(w)]
    return content or words


def fts_match(query: str) -> str | None:
    """An FTS5 MATCH expression, or None when nothing is worth searching for.

    A lone CJK character is a prefix search: the index holds it only as the
    first half of a bigram (or a run's last character).
    """
    words = keywords(query)
    if not words:
        return None
    return " OR ".join('"' + w.replace('"', '""') + '"' + (" *" if is_single_unspaced(w) else "") for w in words)


def estimate_tokens(text: str) -> int:
    """Rough LLM token count (words and punctuation), for context budgets."""
    return len(re.findall(r"\w+|[^\w\s]", text))
