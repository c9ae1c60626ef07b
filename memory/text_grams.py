"""Extra full-text terms for scripts the SQLite tokenizer cannot split or fold.

FTS5's `unicode61` tokenizer splits words at spaces and punctuation and
folds Latin accents. Two kinds of text slip through it:

- **Scripts written without spaces** (Chinese, Japanese, Thai, ...) and
  Korean, whose particles join the noun (`서울에서`, "in Seoul"): a whole
  clause is one token, so `東京` never matches `私は東京に行った`. Such a run
  is indexed as overlapping character bigrams plus its last character (so
  every character starts some term), the classic dictionary-free way to
  search CJK. A query run becomes its bigrams, OR-ed like any other words
  (BM25 ranks texts sharing more of them first); a single character becomes
  a prefix search, which finds it anywhere in a run.
- **Marks unicode61 does not fold** outside Latin: Arabic and Hebrew vowel
  points, Greek accents, Cyrillic `ё`, full-width letters. Such a word is
  indexed a second time without its marks (NFKC, non-Latin combining marks dropped,
  lower-cased), and queries are folded the same way, so `كتب` finds `كَتَبَ`
  and `Алена` finds `Алёна`.

`index_terms` is what the store indexes beside a text (an SQL function
registered on every connection, `memory.store.fts_terms`); `query_words`
is what recall searches for. Both are pure, so the two sides cannot drift.
"""
from __future__ import annotations

import re
import unicodedata

# Scripts whose words are not separated by spaces, and Hangul (particles join the noun).
_UNSPACED_RANGES = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana (with the long vowel mark)
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # CJK extensions B-G
)
_UNSPACED_RUN = re.compile(f"[{_UNSPACED_RANGES}]+")
_HIRAGANA_ONLY = re.compile("[\u3040-\u309f]+")
_WORD = re.compile(r"\w+")
# Latin letters, whose marks unicode61 folds itself (remove_diacritics 2).
_LATIN_ONLY = re.compile(r"[\u0000-\u024f\u1e00-\u1eff]+")


def fold(text: str) -> str:
    """`text` compatibility-normalised (full-width to plain), lower-cased, without the marks unicode61 keeps.

    A mark on a Latin letter stays (`zoë`): unicode61 folds those itself, and
    recall's snippets compare the query's words with the text as written.
    Marks on other letters (Arabic vowel points, `ё`, Greek accents) go.
    """
    kept: list[str] = []
    latin_base = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            if latin_base:
                kept.append(ch)
            continue
        kept.append(ch)
        latin_base = _LATIN_ONLY.fullmatch(ch) is not None
    return unicodedata.normalize("NFC", "".join(kept)).lower()


def has_unspaced(text: str) -> bool:
    """Whether `text` holds a character of a script written without spaces (or Hangul)."""
    return _UNSPACED_RUN.search(text) is not None


def run_terms(run: str) -> list[str]:
    """The index terms of one run of unspaced characters: its bigrams and its last character."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_terms(text: str | None) -> str:
    """The extra terms to index beside `text`, space-separated; '' for text unicode61 handles alone (most text).

    Cheap for plain text: one regex scan and a comparison. Deterministic (the
    store recomputes it to delete a row's old terms from the index).
    """
    if not text or text.isascii():
        return ""
    folded = fold(text)
    if folded == text.lower() and not has_unspaced(folded):
        return ""
    terms: list[str] = []
    for run in _UNSPACED_RUN.findall(folded):
        terms.extend(run_terms(run))
    plain = set(_WORD.findall(text.lower()))
    for word in dict.fromkeys(_WORD.findall(_UNSPACED_RUN.sub(" ", folded))):
        if word not in plain:
            terms.append(word)
    return " ".join(terms)


def query_words(token: str) -> list[str]:
    """The search words of one query token (already folded): itself, or its unspaced runs as bigrams.

    `東京タワーはどこ` gives `東京 京タ タワ ワー ーは はど どこ`; a bigram of
    hiragana alone (grammar: particles, endings) is left to the caller to drop
    when other words remain. A one-character run stays one word: recall
    searches it as a prefix.
    """
    if not has_unspaced(token):
        return [token]
    words: list[str] = []
    position = 0
    for match in _UNSPACED_RUN.finditer(token):
        words.extend(w for w in _WORD.findall(token[position : match.start()]))
        run = match.group()
        words.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        position = match.end()
    words.extend(_WORD.findall(token[position:]))
    return words


def is_grammar_bigram(word: str) -> bool:
    """A bigram of hiragana alone: mostly particles and verb endings, matching almost every Japanese text."""
    return len(word) == 2 and _HIRAGANA_ONLY.fullmatch(word) is not None


def is_single_unspaced(word: str) -> bool:
    """A lone character of an unspaced script: searched as a prefix, so it is found inside longer runs."""
    return len(word) == 1 and has_unspaced(word)
