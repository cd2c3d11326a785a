"""GET /v1/search/conversations: what is searched, how it matches, highlights and inner
hits, freshness, hostile text and tenant isolation, on both stores."""

from __future__ import annotations

import pytest

from fixtures.builders import add_message, conversation_about, create_end_user, word
from fixtures.harness import Api
from fixtures.reads import hit_ids, search

EM = '<em class="highlight">'


def test_word_in_subject_and_message_is_highlighted(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(
        api, f"Cancel my {w} order", f"I want to cancel my {w} as soon as possible"
    )
    body = search(api, w)
    assert hit_ids(body) == [cid]
    hit = body["data"][0]
    assert hit["_type"] == "ConversationSearchHit"
    assert hit["highlights"]["subject"] == [f"Cancel my {EM}{w}</em> order"]
    assert len(hit["innerHits"]) == 1
    inner = hit["innerHits"][0]
    assert inner["highlight"]["text"] == f"I want to cancel my {EM}{w}</em> as soon as possible"
    messages = api.get(f"/v1/conversations/{cid}/messages").json()["data"]
    assert inner["id"] == messages[0]["id"]


def test_phrase_is_one_highlighted_span_and_must_be_adjacent(api: Api) -> None:
    w = word("zq")
    adjacent = conversation_about(api, "Order", f"Please cancel {w} order now, thanks")
    apart = conversation_about(api, "Order", f"Please cancel the order {w} today")
    both = hit_ids(search(api, f"cancel {w}"))
    assert set(both) == {adjacent, apart}
    body = search(api, f'"cancel {w}"')
    assert hit_ids(body) == [adjacent]
    text = body["data"][0]["innerHits"][0]["highlight"]["text"]
    assert f"{EM}cancel {w}</em>" in text
    exact = search(api, f"cancel {w}", exactMatch="true")
    assert hit_ids(exact) == [adjacent]
    assert hit_ids(search(api, f"{w} cancel", exactMatch="true")) == []
    assert set(hit_ids(search(api, f"{w} cancel", exactMatch="false"))) == {adjacent, apart}


def test_phrase_with_stop_words_matches_them_as_written(api: Api) -> None:
    """A stop word inside a phrase is part of the phrase: "cancel my order" is not "cancel
    the order" (PostgreSQL's english configuration would skip it), and the phrase is one
    highlighted span."""
    w = word("zq")
    mine = conversation_about(api, "Order", f"I want to cancel my {w} order today")
    conversation_about(api, "Order", f"I want to cancel the {w} order today")
    conversation_about(api, "Order", f"I want to cancel {w} order today")
    for body in (
        search(api, f"cancel my {w} order", exactMatch="true"),
        search(api, f'"cancel my {w} order"'),
    ):
        assert hit_ids(body) == [mine]
        text = body["data"][0]["innerHits"][0]["highlight"]["text"]
        assert f"{EM}cancel my {w} order</em>" in text
    # As bare words, stop words are ignored: all three match.
    assert len(hit_ids(search(api, f"cancel my {w} order"))) == 3


def test_every_word_must_match_in_one_document(api: Api) -> None:
    w1, w2 = word("zq"), word("zq")
    one = conversation_about(api, "Hello", f"{w1} and {w2} together")
    conversation_about(api, "Hello", f"only {w1} here")
    assert hit_ids(search(api, f"{w1} {w2}")) == [one]


def test_stemming_case_and_accents(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(api, "Dessert", f"The {w} crème brûlée orders were cancelled")
    for query in (
        f"{w} cancel order",
        f"{w.upper()} CANCELLING ORDERED",
        f"{w} creme brulee",
        f"{w} CRÈME BRÛLÉE",
        f"{w} crême brùlee",
    ):
        assert hit_ids(search(api, query)) == [cid], query
    inner = search(api, "creme " + w)["data"][0]["innerHits"][0]["highlight"]["text"]
    assert inner.startswith("The ") and "crème</em> brûlée" in inner


def test_requester_name_and_email_are_searched(api: Api) -> None:
    w = word("zq")
    user = create_end_user(api, f"Jöhanna {w.capitalize()}", f"{w}.mail@example.org")
    cid = conversation_about(api, "Question", "Where is it?", requester=user)
    body = search(api, f"johanna {w}")
    assert hit_ids(body) == [cid]
    assert body["data"][0]["highlights"]["requesterName"] == [f"{EM}Jöhanna {w.capitalize()}</em>"]
    assert hit_ids(search(api, f"{w}.mail@example.org")) == [cid]
    assert body["data"][0]["innerHits"] == []


def test_requester_update_reindexes_their_conversations(api: Api) -> None:
    old, new = word("zq"), word("zq")
    user = create_end_user(api, f"Old {old}")
    first = conversation_about(api, "One", "first", requester=user)
    second = conversation_about(api, "Two", "second", requester=user)
    assert set(hit_ids(search(api, old))) == {first, second}
    r = api.patch(f"/v1/endusers/{user}", json={"displayName": f"New {new}"})
    assert r.status_code == 200, r.text
    assert hit_ids(search(api, old)) == []
    assert set(hit_ids(search(api, new))) == {first, second}


def test_notes_are_not_searched(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(api, "Notes", f"a message about {w}x")
    r = api.post(f"/v1/conversations/{cid}/notes", json={"message": f"secret {w}"})
    assert r.status_code in (200, 201), r.text
    assert hit_ids(search(api, w)) == []
    assert hit_ids(search(api, f"{w}x")) == [cid]


def test_html_is_searched_as_text_and_escaped_in_highlights(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(
        api, "Html", f"<p>Hello <b>{w}</b> &amp; <i>co</i> &lt;script&gt;</p>", content_type="Html"
    )
    body = search(api, w)
    assert hit_ids(body) == [cid]
    text = body["data"][0]["innerHits"][0]["highlight"]["text"]
    assert text == f"Hello {EM}{w}</em> &amp; co &lt;script&gt;"
    assert hit_ids(search(api, f"{w} strong")) == []
    assert hit_ids(search(api, f"{w} script")) == [cid]


def test_markdown_is_searched_as_text(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(
        api, "Md", f"**{w}** and [a link](https://example.com/x)", content_type="Markdown"
    )
    body = search(api, f"{w} link")
    assert hit_ids(body) == [cid]
    assert "**" not in body["data"][0]["innerHits"][0]["highlight"]["text"]


def test_inner_hits_are_the_matching_messages_best_few(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(api, "Many", f"first {w}")
    add_message(api, cid, "nothing to see")
    for i in range(4):
        add_message(api, cid, f"again {w} number {i}")
    body = search(api, w)
    assert hit_ids(body) == [cid]
    inner = body["data"][0]["innerHits"]
    assert len(inner) == 3
    assert all(f"{EM}{w}</em>" in i["highlight"]["text"] for i in inner)
    assert len({i["id"] for i in inner}) == 3


def test_each_hit_has_its_own_highlights_and_inner_hits(api: Api) -> None:
    """A page's highlights are read for all its hits at once: each hit still gets its own
    conversation's subject and its first matching messages, up to three, in order; a hit
    that matches in its subject only has none."""
    w = word("zq")
    expected: dict[int, tuple[str, list[str]]] = {}
    for n, tag in ((0, "zero"), (1, "alpha"), (2, "bravo"), (4, "charlie")):
        cid = conversation_about(api, f"{w} about {tag}", f"nothing from {tag}")
        matching = [add_message(api, cid, f"again {w} from {tag} {i}") for i in range(n)]
        add_message(api, cid, f"nothing more from {tag}")
        expected[cid] = (tag, matching[:3])
    body = search(api, w)
    assert sorted(hit_ids(body)) == sorted(expected)
    for hit in body["data"]:
        tag, first = expected[hit["id"]]
        assert hit["highlights"]["subject"] == [f"{EM}{w}</em> about {tag}"]
        assert [i["id"] for i in hit["innerHits"]] == first
        assert all(f" from {tag}" in i["highlight"]["text"] for i in hit["innerHits"])


def test_a_message_is_searchable_in_the_next_request(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(api, "Fresh", "nothing yet")
    assert hit_ids(search(api, w)) == []
    mid = add_message(api, cid, f"now {w}")
    body = search(api, w)
    assert hit_ids(body) == [cid]
    assert body["data"][0]["innerHits"][0]["id"] == mid


def test_relevance_first_then_newest(api: Api) -> None:
    w = word("zq")
    strong = conversation_about(api, f"{w} {w}", f"{w} is the topic: {w}")
    weak = conversation_about(
        api, "Other", "A long message about many other things " * 8 + f"and once {w}"
    )
    assert hit_ids(search(api, w)) == [strong, weak]
    t1 = conversation_about(api, "Same", f"twin {w}x")
    t2 = conversation_about(api, "Same", f"twin {w}x")
    assert hit_ids(search(api, f"{w}x")) == [t2, t1]


HOSTILE = [
    '"',
    '""',
    '"unterminated phrase',
    "a\"b'c",
    "*",
    "order*",
    "-order",
    "--",
    "NEAR(order refund, 2)",
    "order NEAR refund",
    "(order",
    "order)",
    "((()))",
    "subject: order",
    "{subject}: order",
    "text:order",
    "^order",
    "order AND refund",
    "order OR refund",
    "NOT order",
    "AND",
    "OR NOT AND",
    "!@#$%^&*()_+=[]{}|;':,./<>?~`",
    "order & refund | !cancel",
    "'quoted' \"double\"",
    "\\",
    '\\"',
    "%",
    "_",
    "order%' OR 1=1 --",
    "'); DROP TABLE conversations; --",
    "\u0000",
    "a\u0000b",
    "\ue000highlight\ue001",
    "émoji 😀 ünïcödé",
    "中文 搜索",
    "ﷺ",
    "a" * 1000,
    "word " * 199,
    "the",
    "to be or not to be",
    "<em>x</em>",
    "order:*",
    "$1",
    ":q",
    "::text",
]


@pytest.mark.parametrize("exact", ["false", "true"])
def test_hostile_text_is_just_text(api: Api, exact: str) -> None:
    conversation_about(api, "Order (refund)", "order refund: cancel NEAR the * star - dash")
    for text in HOSTILE:
        r = api.get("/v1/search/conversations", params={"query": text, "exactMatch": exact})
        if "\x00" in text:  # NUL is refused everywhere, on both stores (README: Limits)
            assert r.status_code == 400, (text, r.text)
            continue
        assert r.status_code == 200, (text, r.text)
        assert isinstance(r.json()["data"], list)
        r = api.post(
            "/v1/search/conversations",
            json={"query": {"value": text, "exactMatch": exact == "true"}},
        )
        assert r.status_code == 200, (text, r.text)


def test_syntax_characters_are_separators(api: Api) -> None:
    w = word("zq")
    cid = conversation_about(api, "Syntax", f"the {w} star")
    near = conversation_about(api, "Syntax", f"the {w} star is near")
    for text in (f"{w}*", f"-{w}", f"({w})", f":{w}:", f"{w} AND star", f"^{w} OR star"):
        assert set(hit_ids(search(api, text))) == {cid, near}, text
    # Words that are operators elsewhere are words here.
    for text in (f"NEAR({w} star)", f"{w} NEAR star", f"{w}:near"):
        assert hit_ids(search(api, text)) == [near], text
    # "not" is a stop word, so this is just the word: no exclusion.
    assert set(hit_ids(search(api, f"NOT {w}"))) == {cid, near}


def test_no_hit_from_another_organisation(api: Api, other_api: Api) -> None:
    w = word("zq")
    mine = conversation_about(api, f"{w} subject", f"{w} text")
    theirs = conversation_about(other_api, f"{w} subject", f"{w} text")
    assert hit_ids(search(api, w)) == [mine]
    assert hit_ids(search(other_api, w)) == [theirs]
    user = create_end_user(other_api, f"{w} Person")
    conversation_about(other_api, "x", "y", requester=user)
    assert hit_ids(search(api, f"{w} person")) == []
    r = api.post("/v1/search/conversations", json={"query": {"value": w}})
    assert hit_ids(r.json()) == [mine]
    # A page key from the other organisation's search gives nothing of theirs either.
    for i in range(3):
        conversation_about(other_api, "more", f"{w} more {i}")
    page = search(other_api, w, pageLimit=1)
    r = api.get(page["meta"]["next"])
    assert r.status_code == 200
    assert set(hit_ids(r.json())) <= {mine}


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({}, "query"),
        ({"query": ""}, "query"),
        ({"query": "   "}, "query"),
        ({"query": "x" * 1001}, "query"),
        ({"query": "order", "pageLimit": "0"}, "pageLimit"),
        ({"query": "order", "pageLimit": "51"}, "pageLimit"),
        ({"query": "order", "pageLimit": "-1"}, "pageLimit"),
        ({"query": "order", "pageLimit": "ten"}, "pageLimit"),
        ({"query": "order", "exactMatch": "maybe"}, "exactMatch"),
        ({"query": "order", "pageKey": "not-a-key"}, "pageKey"),
        ({"query": "order", "pageKey": "eyJhIjpbInoiXX0"}, "pageKey"),
    ],
)
def test_bad_requests_are_400_naming_the_parameter(
    api: Api, params: dict[str, str], name: str
) -> None:
    r = api.get("/v1/search/conversations", params=params)
    assert r.status_code == 400, r.text
    assert r.json()["message"].startswith(f"Invalid value for: query parameter {name}")


def test_page_limit_bounds_are_accepted(api: Api) -> None:
    w = word("zq")
    conversation_about(api, "Bounds", w)
    assert len(search(api, w, pageLimit=1)["data"]) == 1
    assert len(search(api, w, pageLimit=50)["data"]) == 1


def test_stop_words_only_find_nothing(api: Api) -> None:
    conversation_about(api, "The", "to be or not to be")
    assert search(api, "the")["data"] == []
    assert search(api, "to be or not")["data"] == []


def test_requires_a_token(api: Api) -> None:
    r = api.client.get("/v1/search/conversations", params={"query": "x"})
    assert r.status_code == 401
