"""Customer HTML shown in the desk: rebuilt from an allow-list, never passed through.

The message is parsed and written out again: only the tags in ``ALLOWED`` survive, with
no attributes except an ``href`` on ``a`` whose scheme is http, https or mailto (the
link then opens with ``rel="noopener noreferrer nofollow"``). ``script``, ``style`` and
the like are dropped with their content; every text and attribute value is escaped. So no
event handler, ``javascript:`` URL, form, frame or style reaches the page, and the
desk's Content-Security-Policy forbids inline script besides.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED = frozenset(
    {
        "a", "b", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "u", "ul",
        "table", "thead", "tbody", "tr", "td", "th", "div", "span",
    }
)  # fmt: skip
VOID = frozenset({"br", "hr"})
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea",
     "title", "head", "svg", "math", "select"}
)  # fmt: skip
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_href(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = "".join(ch for ch in value.strip() if ch >= " " and ch != "\x7f")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return None
    return cleaned if scheme in LINK_SCHEMES else None


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skip += 1
            return
        if self.skip or tag not in ALLOWED:
            return
        if tag == "a":
            href = safe_href(dict(attrs).get("href"))
            if href is None:
                self.out.append("<a>")
            else:
                self.out.append(
                    f'<a href="{html.escape(href, quote=True)}" rel="noopener noreferrer nofollow">'
                )
        else:
            self.out.append(f"<{tag}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID and not self.skip:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(html.escape(data, quote=True))

    def result(self) -> str:
        self.close()
        self.out.extend(f"</{tag}>" for tag in reversed(self.open))
        self.open.clear()
        return "".join(self.out)


def clean_html(value: str) -> str:
    """``value`` rebuilt with the allowed tags only (safe to place in a page)."""
    cleaner = _Cleaner()
    cleaner.feed(value)
    return cleaner.result()


_OPEN, _CLOSE = '<em class="highlight">', "</em>"
_M_OPEN, _M_CLOSE = "\ue010", "\ue011"


def highlight_html(fragment: str) -> str:
    """A search highlight (escaped text with ``<em class="highlight">`` marks), escaped
    again from scratch so only the marks are markup."""
    marked = fragment.replace(_OPEN, _M_OPEN).replace(_CLOSE, _M_CLOSE)
    text = html.escape(html.unescape(marked), quote=True)
    return text.replace(_M_OPEN, "<mark>").replace(_M_CLOSE, "</mark>")
