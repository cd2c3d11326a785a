"""Search text read as text (``search/query_text.py``), directly: words and quoted phrases,
stop words, syntax characters as plain text, and the expressions each store receives."""

from __future__ import annotations

from parley.search.query_text import (
    CONFIG,
    MAX_TERMS,
    WORDS_CONFIG,
    clean,
    fts_match,
    fts_match_any,
    parse,
    pg_query,
    pg_query_any,
)


def test_bare_words_are_lower_cased_once_each_without_stop_words() -> None:
    p = parse("Refund the ORDER refund", exact=False)
    assert (p.words, p.phrases) == (["refund", "order"], [])


def test_quoted_text_is_a_phrase_that_keeps_its_stop_words() -> None:
    p = parse('where is "cancel my order" now', exact=False)
    assert p.words == []  # every bare word is a stop word
    assert p.phrases == [["cancel", "my", "order"]]
    assert p.raw_phrases == ["cancel my order"]


def test_exact_match_reads_the_whole_text_as_one_phrase() -> None:
    p = parse("cancel my order", exact=True)
    assert (p.words, p.phrases) == ([], [["cancel", "my", "order"]])


def test_an_unterminated_quote_leaves_plain_words() -> None:
    p = parse('"closed one" tail "dangling words', exact=False)
    assert p.phrases == [["closed", "one"]]
    assert p.words == ["tail", "dangling", "words"]


def test_syntax_characters_are_separators_or_ordinary_words() -> None:
    p = parse("NEAR(a* -b) OR c:d AND (e)", exact=False)
    assert p.words == ["near", "b", "c", "d", "e"]  # "a", "or", "and" are stop words
    assert "*" not in fts_match(p) and "NEAR(" not in fts_match(p)


def test_a_text_of_stop_words_or_symbols_is_empty() -> None:
    assert parse("the and of", exact=False).empty
    assert parse('*** "" -', exact=False).empty
    assert not parse("the order", exact=False).empty


def test_terms_are_capped() -> None:
    p = parse(" ".join(f"w{i}" for i in range(MAX_TERMS + 5)), exact=False)
    assert len(p.words) == MAX_TERMS


def test_clean_drops_what_the_stores_cannot_take_and_normalises() -> None:
    assert clean("a\x00b\ud800c\ue000d\ue001e") == "a b c d e"
    assert clean("Cafe\u0301") == "Caf\u00e9"


def test_fts5_gets_only_quoted_strings_of_word_characters() -> None:
    p = parse('order "late parcel"', exact=False)
    assert fts_match(p) == '("order" AND "late parcel")'
    assert fts_match(p, "subject") == '{subject} : ("order" AND "late parcel")'
    assert fts_match_any(p, "subject email") == '{subject email} : ("order" OR "late parcel")'


def test_postgresql_gets_the_text_as_parameters_never_in_the_sql() -> None:
    p = parse('order <b> "late parcel"', exact=False)
    sql, params = pg_query(p)
    assert sql == (
        f"(plainto_tsquery('{WORDS_CONFIG}', :q_words) && phraseto_tsquery('{CONFIG}', :q_p0))"
    )
    assert params == {"q_words": "order  b   ", "q_p0": "late parcel"}  # < and > as spaces
    sql, params = pg_query_any(p)
    assert sql.count(" || ") == 2 and "order" not in sql
    assert params == {"qa_w0": "order", "qa_w1": "b", "qa_p0": "late parcel"}
