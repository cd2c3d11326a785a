"""Plain text of a message body (stored in ``messages.text`` for search)."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Bodies up to this size have their text kept (the last ``maxsize`` of them): a body is
# reduced more than once on its way in (a received mail's content check, then its
# message's stored text), and reducing 5 KB of HTML takes milliseconds.
_KEPT_MAX = 64 * 1024


def html_to_text(value: str) -> str:
    return _kept_text(value) if len(value) <= _KEPT_MAX else _text(value)


@lru_cache(maxsize=32)
def _kept_text(value: str) -> str:
    return _text(value)


def _text(value: str) -> str:
    parser = _Text()
    parser.feed(value)
    parser.close()
    return _tidy(html.unescape("".join(parser.parts)))


_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"```[^\n]*\n?"), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE), ""),
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),
    (re.compile(r"^\s*[-*+]\s+", re.MULTILINE), ""),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]


def markdown_to_text(value: str) -> str:
    text = value
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return _tidy(text)


def plain_text(content_type: str, value: str) -> str:
    if content_type == "Html":
        return html_to_text(value)
    if content_type == "Markdown":
        return markdown_to_text(value)
    return value
