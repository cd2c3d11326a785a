"""Article search past its ranked candidates: paging reaches every match, once, on both
stores (``parley.knowledge.search``: the first ``CANDIDATES`` matches in the index's order
are ranked, the rest follow in that order)."""

from __future__ import annotations

import re

from fixtures.builders import word
from fixtures.harness import Api, Harness
from fixtures.knowledge import KB, kb_article, kb_search_pages
from parley.knowledge.search import CANDIDATES

EXTRA = 30  # matches beyond the ranked candidates


def test_paging_reaches_every_match_and_ranks_the_candidates(harness: Harness, api: Api) -> None:
    term = word()
    titled: set[str] = set()
    every: list[str] = []
    for i in range(CANDIDATES + EXTRA):
        in_title = i % 11 == 0
        title = f"{term} guide {i}" if in_title else f"Guide {i}"
        every.append(kb_article(api, title, f"<p>How the {term} works, part {i}.</p>"))
        if in_title:
            titled.add(every[-1])
    unrelated = kb_article(api, "Shipping", "<p>Parcels</p>")
    pages = kb_search_pages(api, term, 60)
    hits = [h for page in pages for h in page]
    assert [len(p) for p in pages] == [60, 60, 60, 50]
    served = [h["id"] for h in hits]
    assert len(served) == len(set(served)) == CANDIDATES + EXTRA
    assert set(served) == set(every) and unrelated not in served
    assert all(term in h["snippet"] for h in hits)
    # within the ranked part, every title match comes before every text-only match
    ranked = served[:CANDIDATES]
    places = [i for i, aid in enumerate(ranked) if aid in titled]
    assert places and places == list(range(len(places)))
    # with statistics the word is known to be in every row: PostgreSQL then walks the key
    # instead of reading the GIN index; the same hits in the same order
    harness.execute("ANALYZE")
    again = [h["id"] for page in kb_search_pages(api, term, 60) for h in page]
    assert again == served


def test_a_small_result_is_ranked_whole_and_paged(api: Api) -> None:
    term = word()
    text_only = [kb_article(api, f"Note {i}", f"<p>{term} {i}</p>") for i in range(4)]
    titled = kb_article(api, f"All about {term}", "<p>everything</p>")
    pages = kb_search_pages(api, term, 2)
    served = [h["id"] for page in pages for h in page]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert served[0] == titled and sorted(served[1:]) == sorted(text_only)


def test_a_page_key_keeps_the_query_and_is_checked(api: Api) -> None:
    term = word()
    for i in range(3):
        kb_article(api, f"Topic {i}", f"<p>{term}</p>")
    r = api.get(f"{KB}/articles/search", params={"query": term, "pageLimit": 1})
    nxt = r.json()["meta"]["next"]
    key = re.search(r"pageKey=([^&]+)", nxt)
    assert key is not None
    # the key's query (and page size) win over others given with it
    other = api.get(f"{KB}/articles/search", params={"pageKey": key.group(1), "query": "zzz"})
    assert other.status_code == 200 and len(other.json()["data"]) == 1
    assert other.json()["data"][0]["id"] != r.json()["data"][0]["id"]
    bad = api.get(f"{KB}/articles/search", params={"pageKey": "x" + key.group(1)})
    assert bad.status_code == 400 and "pageKey" in bad.json()["message"]
    missing = api.get(f"{KB}/articles/search")
    assert missing.status_code == 400 and "query" in missing.json()["message"]
    too_many = api.get(f"{KB}/articles/search", params={"query": term, "pageLimit": 101})
    assert too_many.status_code == 400


def test_help_centre_search_results_are_paged(api: Api) -> None:
    term = word()
    shown = {kb_article(api, f"Answer {i}", f"<p>{term}</p>") for i in range(55)}
    hidden = kb_article(api, f"Beta {term}", f"<p>{term}</p>", pre_release=True)
    r = api.client.get(f"/help/{api.org.id}", params={"q": term})
    assert r.status_code == 200
    first = set(re.findall(r"/articles/([0-9a-f-]{36})\?", r.text))
    more = re.search(r'<a href="\?([^"]+)">More results</a>', r.text)
    assert len(first) == 50 and more is not None
    r = api.client.get(f"/help/{api.org.id}?{more.group(1).replace('&amp;', '&')}")
    second = set(re.findall(r"/articles/([0-9a-f-]{36})\?", r.text))
    assert len(second) == 5 and "More results" not in r.text
    assert first | second == shown and hidden not in first | second


def test_a_snippet_shows_the_words_around_the_match_in_a_long_text(api: Api) -> None:
    # the match far from the start of a long text (past the first few hundred characters),
    # in another form of the word than the query's; on the first page and on a later one
    term = word()
    filler = "Nothing of interest is said in this sentence at all. " * 30
    made = [
        kb_article(
            api,
            f"{term} guide {i}",
            f"<p>Opening remarks. {filler}A damaged parcel is refunded in full, "
            f"within five days of its return. {filler}</p>",
        )
        for i in range(3)
    ]
    pages = kb_search_pages(api, f"refunding {term}", 2)
    hits = [h for page in pages for h in page]
    assert sorted(h["id"] for h in hits) == sorted(made) and len(pages) == 2
    for h in hits:
        assert "refunded in full" in h["snippet"], h["snippet"]
        assert "Opening" not in h["snippet"] and len(h["snippet"].split()) <= 30
