"""Extra full-text terms for unspaced scripts and unfolded marks (`memory.text_grams`)."""
from __future__ import annotations

from remembrancer.memory.recall.query_text import fts_match, keywords
from remembrancer.memory.text_grams import fold, index_terms, query_words


def test_plain_text_has_no_extra_terms() -> None:
    assert index_terms("Shall we plan the summer trip?") == ""
    assert index_terms("Zoë's café in Straße 5") == ""  # unicode61 folds Latin marks itself
    assert index_terms("") == "" and index_terms(None) == ""


def test_unspaced_runs_become_bigrams_and_their_last_character() -> None:
    assert index_terms("東京タワー") == "東京 京タ タワ ワー ー"
    assert index_terms("猫 cat") == "猫"
    assert index_terms("서울에서 만났다").split() == ["서울", "울에", "에서", "서", "만났", "났다", "다"]


def test_marks_unicode61_keeps_are_folded_into_a_second_copy() -> None:
    assert index_terms("كَتَبَ سامي") == "كتب"  # Arabic vowel points
    assert index_terms("Алёна") == "алена"
    assert index_terms("Αθήνα") == "αθηνα"
    assert index_terms("ＡＢＣ") == "abc"  # full-width letters
    assert index_terms("ｶﾀｶﾅ") == "カタ タカ カナ ナ"  # half-width katakana


def test_fold_keeps_latin_marks_and_drops_the_others() -> None:
    assert fold("Zoë") == "zoë"
    assert fold("Алёна") == "алена"
    assert fold("서울") == "서울"  # Hangul decomposes under NFKD and composes back


def test_query_runs_split_like_the_index() -> None:
    assert query_words("東京タワー") == ["東京", "京タ", "タワ", "ワー"]
    assert query_words("iphoneを買った") == ["iphone", "を買", "買っ", "った"]
    assert query_words("猫") == ["猫"]


def test_keywords_drop_hiragana_grammar_when_other_words_remain() -> None:
    words = keywords("東京タワーはどこですか")
    assert "東京" in words and "です" not in words and "すか" not in words
    assert keywords("ねこ") == ["ねこ"]  # nothing else: kept


def test_a_lone_cjk_character_is_a_prefix_search() -> None:
    assert fts_match("猫") == '"猫" *'
    assert fts_match("Алёна") == '"алена"'
