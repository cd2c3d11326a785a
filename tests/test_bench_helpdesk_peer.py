"""The django-helpdesk benchmark peer's request descriptions and text generator.

Installing and serving the peer takes a PyPI install, so that part is exercised by
`python bench/helpdesk/peer.py smoke`; these tests cover the pure parts the harness relies on.
"""

import base64
import json
from pathlib import Path
from urllib.parse import urlsplit

from fixtures.bench import load_module

ROOT = Path(__file__).resolve().parents[1]


peer = load_module("helpdesk_peer", ROOT / "bench/helpdesk/peer.py")
textgen = load_module("helpdesk_textgen", ROOT / "bench/helpdesk/project/hdload/textgen.py")

MANIFEST = {
    "ticket_id_min": 1,
    "ticket_id_max": 200_000,
    "headers": {"Authorization": "Token abc", "Accept": "application/json"},
    "session_headers": {"Cookie": "sessionid=xyz"},
    "search_terms": ["refund", "password"],
}


def test_scenarios_cover_the_four_comparisons_with_their_auth() -> None:
    found = peer.scenarios(MANIFEST)
    assert set(found) == {"ticket_get", "ticket_list", "followup_create", "search"}
    assert found["ticket_get"]["path"] == "/api/tickets/{id}/"
    assert found["ticket_get"]["headers"]["Authorization"] == "Token abc"
    assert found["search"]["headers"]["Cookie"] == "sessionid=xyz"
    assert all(s["ids"] == [1, 200_000] for s in found.values())
    assert found["followup_create"]["expect"] == 201


def test_followup_body_is_json_once_the_id_is_substituted() -> None:
    body = peer.scenarios(MANIFEST)["followup_create"]["body"]
    sent = json.loads(body.replace("{id}", "4242"))
    assert sent["ticket"] == 4242
    assert sent["public"] is False
    assert "title" not in sent  # django-helpdesk would rename the ticket after it
    assert sent["comment"]


def test_search_paths_carry_each_term_as_a_base64_query() -> None:
    search = peer.scenarios(MANIFEST)["search"]
    terms = []
    for path in search["paths"]:
        parts = urlsplit(path)
        assert parts.path.startswith("/datatables_ticket_list/")
        assert parts.query == "draw=1&start=0&length=25"
        encoded = parts.path.removeprefix("/datatables_ticket_list/")
        terms.append(json.loads(base64.b64decode(encoded))["search_string"])
    assert terms == ["refund", "password"]
    assert search["path"] == search["paths"][0]


def test_text_is_deterministic_per_seed_over_a_5000_word_vocabulary() -> None:
    words = textgen.vocabulary(7)
    assert len(words) == len(set(words)) == 5000
    first, again, other = textgen.TextGen(7), textgen.TextGen(7), textgen.TextGen(8)
    sample = [first.paragraph(2, 4) for _ in range(5)]
    assert sample == [again.paragraph(2, 4) for _ in range(5)]
    assert sample != [other.paragraph(2, 4) for _ in range(5)]
    assert all(term in words for term in textgen.search_terms())
