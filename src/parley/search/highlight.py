"""Highlighted fragments: the engines mark matches with two private-use characters;
the text is then HTML-escaped (it is user content shown as HTML) and the marks become
``<em class="highlight">`` … ``</em>``. Marks around neighbouring words are merged, so a
matched phrase is one highlighted span."""

from __future__ import annotations

import html
import re

START = "\ue000"
END = "\ue001"
# PostgreSQL's headline drops what its parser takes for HTML tags, so ``<`` and ``>`` are
# swapped for these before ``ts_headline`` and restored here.
LT_GT = "\ue002\ue003"
OPEN = '<em class="highlight">'
CLOSE = "</em>"

_JOIN = re.compile(END + r"([ \t]+)" + START)


def to_html(marked: str | None) -> str | None:
    """The fragment as HTML, or None when nothing in it was marked."""
    if not marked or START not in marked:
        return None
    merged = _JOIN.sub(r"\1", marked).replace(LT_GT[0], "<").replace(LT_GT[1], ">")
    escaped = html.escape(merged, quote=False)
    return " ".join(escaped.replace(START, OPEN).replace(END, CLOSE).split())
