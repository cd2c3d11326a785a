"""The public help centre: one read-only page per organisation listing its published
articles (by title, paged, with a search box) and one page per article, served by Parley
itself without a token.

Only published versions of articles that are not pre-release are shown. Article text is
shown as its plain text (the published HTML is never sent: the page carries no markup,
script or resource from article authors), escaped; the page loads nothing from elsewhere
and says so in its Content-Security-Policy (its one inline style is allowed by hash).
Unknown organisations and articles answer an HTML 404.

Images: the article images the published HTML shows (``<img>`` whose source is one of the
organisation's article attachments, ``…/v1/attachments/{id}``, uploaded through
``POST /v1/knowledge/articles/attachments``) follow the text, in their order, with their
``alt`` text, served by ``/help/{org}/images/{id}``, which answers only for an article
attachment of that organisation that a shown article refers to (else 404). Any other
image (another host, a message's attachment) is left out.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

from litestar import Response, get
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery

from parley.http.context import READ
from parley.http.paging import page_request, split_page
from parley.http.response import file_stream
from parley.kit.blobs import open_blob
from parley.kit.ids import is_uuid
from parley.knowledge import public_repository as repo
from parley.knowledge import search
from parley.knowledge.wire import LANGUAGE, pick
from parley.orgs import repository as orgs
from parley.store import Tx

PAGE_SIZE = 50
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1d1d1f}a{color:#0b57d0}li{margin:.3rem 0}small{color:#666}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
CSP = f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; img-src 'self'; form-action 'self'"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
_ATTACHMENT = re.compile(r"/v1/attachments/([0-9a-fA-F-]{36})(?:[?#]|$)")


class _Images(HTMLParser):
    """The (attachment id, alt text) of each article-attachment ``<img>``, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        values = {k: v or "" for k, v in attrs}
        match = _ATTACHMENT.search(values.get("src", ""))
        if match and is_uuid(match.group(1).lower()):
            self.found.append((match.group(1).lower(), values.get("alt", "")))


def images_of(html: str) -> list[tuple[str, str]]:
    parser = _Images()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(parser.found))


def _page(title: str, body: str, status: int = 200) -> Response[str]:
    html = (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
    return Response(html, status_code=status, media_type="text/html", headers=headers)


def _not_found() -> Response[str]:
    return _page("Not found", "<h1>Not found</h1>", 404)


def _link(org_id: str, row: repo.PublishedRow) -> str:
    href = f"/help/{org_id}/articles/{row.article_id}?{urlencode({'language': row.language})}"
    language = f"<small>{escape(row.language)}</small>"
    return f'<li><a href="{escape(href)}">{escape(row.title)}</a> {language}</li>'


async def _org_name(tx: Tx, org_id: str) -> str | None:
    if not is_uuid(org_id):
        return None
    org = await orgs.get_org(tx, org_id)
    return None if org is None else org.name


async def _listing(tx: Tx, org_id: str, key: str | None) -> tuple[list[repo.PublishedRow], str]:
    page = page_request(key, None, default=PAGE_SIZE, maximum=PAGE_SIZE)
    rows = await repo.published_page(tx, org_id, after=page.after, limit=page.limit + 1)
    items, next_key = split_page(rows, page, lambda r: [r.title, f"{r.article_id}:{r.language}"])
    more = ""
    if next_key:
        more = f'<p><a href="?{escape(urlencode({"pageKey": next_key}))}">More articles</a></p>'
    return items, more


async def _results(
    tx: Tx, org_id: str, q: str, key: str | None
) -> tuple[list[repo.PublishedRow], str]:
    """A page of the search's hits (``parley.knowledge.search``, what the help centre
    shows), with a link to the next one."""
    page = page_request(key, None, default=PAGE_SIZE, maximum=PAGE_SIZE, filters={"q": q})
    after = page.after
    if after is not None and (page.filters.get("q") != q or not search.valid_key(after)):
        # a key of another search (or of the listing): start again
        page = page_request(None, None, default=PAGE_SIZE, maximum=PAGE_SIZE, filters={"q": q})
        after = None
    hits = await search.search(tx, org_id, q, None, page.limit, after, public=True)
    items, next_key = split_page(hits, page, lambda h: h.key)
    more = ""
    if next_key:
        link = escape(urlencode({"q": q, "pageKey": next_key}))
        more = f'<p><a href="?{link}">More results</a></p>'
    rows = [repo.PublishedRow(h.article_id, h.language, h.title, h.snippet) for h in items]
    return rows, more


@get("/help/{orgId:str}", include_in_schema=False, opt=READ)
async def help_centre(
    state: State,
    orgId: FromPath[str],
    q: FromQuery[str | None] = None,
    pageKey: FromQuery[str | None] = None,
) -> Response[str]:
    async with state.db.transaction(readonly=True) as tx:
        name = await _org_name(tx, orgId.lower())
        if name is None:
            return _not_found()
        org_id = orgId.lower()
        if q and q.strip():
            rows, more = await _results(tx, org_id, q, pageKey)
            heading = f"Results for “{escape(q)}”"
        else:
            rows, more = await _listing(tx, org_id, pageKey)
            heading = "Articles"
    items = "".join(_link(org_id, r) for r in rows) or "<li>No articles.</li>"
    form = (
        f'<form method="get" action="/help/{escape(org_id)}"><input name="q" '
        f'value="{escape(q or "")}" aria-label="Search"> <button>Search</button></form>'
    )
    body = f"<h1>{escape(name)} help centre</h1>{form}<h2>{heading}</h2><ul>{items}</ul>{more}"
    return _page(f"{name} help centre", body)


@get("/help/{orgId:str}/articles/{articleId:str}", include_in_schema=False, opt=READ)
async def help_article(
    state: State,
    orgId: FromPath[str],
    articleId: FromPath[str],
    language: FromQuery[str | None] = None,
) -> Response[str]:
    if not is_uuid(articleId) or (language is not None and not LANGUAGE.match(language)):
        return _not_found()
    async with state.db.transaction(readonly=True) as tx:
        name = await _org_name(tx, orgId.lower())
        if name is None:
            return _not_found()
        versions = await repo.published_versions(tx, orgId.lower(), articleId.lower())
    chosen = pick(versions, language, "language")
    if chosen is None:
        return _not_found()
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in chosen.text.split("\n") if p.strip())
    others = "".join(
        f' <a href="?{escape(urlencode({"language": v.language}))}">{escape(v.language)}</a>'
        for v in versions
        if v.language != chosen.language
    )
    back = f'<p><a href="/help/{escape(orgId.lower())}">{escape(name)} help centre</a></p>'
    languages = f"<p><small>Also in:{others}</small></p>" if others else ""
    figures = "".join(
        f'<p><img src="/help/{escape(orgId.lower())}/images/{escape(image)}" '
        f'alt="{escape(alt)}"></p>'
        for image, alt in images_of(chosen.html)
    )
    body = f"{back}<h1>{escape(chosen.title)}</h1>{languages}{paragraphs}{figures}"
    return _page(chosen.title, body)


@get("/help/{orgId:str}/images/{attachmentId:str}", include_in_schema=False, opt=READ)
async def help_image(
    state: State, orgId: FromPath[str], attachmentId: FromPath[str]
) -> Response[Any]:
    """An image a shown article refers to (see the module docstring); 404 otherwise."""
    org_id, image_id = orgId.lower(), attachmentId.lower()
    if not is_uuid(org_id) or not is_uuid(image_id):
        return _not_found()
    async with state.db.transaction(readonly=True) as tx:
        found = await repo.public_image(tx, org_id, image_id)
    if found is None or found.content_type not in IMAGE_TYPES:
        return _not_found()
    blob = open_blob(state.settings.blob_dir, found.blob_path, found.content_type, None)
    if blob is None:
        return _not_found()
    headers = {
        "Content-Security-Policy": "default-src 'none'",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-cache",
    }
    return file_stream(blob.chunks(), size=blob.size, media_type=blob.content_type, headers=headers)


ROUTES: list[Any] = [help_centre, help_article, help_image]
