from __future__ import annotations

from remembrancer.memory.store.driver import sqlite

import pytest

from remembrancer.memory.recall.query_text import estimate_tokens, fts_match, keywords


def test_keywords_drop_stopwords_repeats_and_single_letters() -> None:
    assert keywords("What did Odile research about the adoption agencies?") == ["odile", "research", "adoption", "agencies"]
    assert keywords("Cat cat CAT dog") == ["cat", "dog"]
    assert keywords("a b x 7 in 2023") == ["7", "2023"]  # digits survive, lone letters do not
    assert keywords("Zoë's café") == ["zoë", "café"]


def test_fts_match_quotes_every_word() -> None:
    assert fts_match("Where did Wren go camping?") == '"wren" OR "camping"'
    # FTS5 operators and quotes in the question are taken as plain words
    assert fts_match('He said "NEAR" AND tent* OR col:umn') == '"near" OR "tent" OR "col" OR "umn"'


@pytest.mark.parametrize("query", ["", "   ", "What is it?", "did you ever tell me", "?!", "a b c"])
def test_fts_match_is_none_when_nothing_is_worth_searching(query: str) -> None:
    assert fts_match(query) is None


@pytest.mark.parametrize("query", ['quote " inside', "NEAR(one two)", "col:value", "star*", "-minus ^caret", "AND OR NOT"])
def test_fts_match_is_always_valid_fts5(query: str) -> None:
    conn = sqlite.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5 (body)")
    conn.execute("INSERT INTO t (body) VALUES ('one two value star minus caret inside quote')")
    match = fts_match(query)
    if match is not None:
        assert conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [match]).fetchone()[0] == 1


def test_estimate_tokens() -> None:
    assert estimate_tokens("Hello, world!") == 4
    assert estimate_tokens("") == 0
