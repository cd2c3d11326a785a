"""User search text, read as text: never as engine syntax.

The text is split into bare words and quoted phrases (``"cancel my order"``); with
``exactMatch`` the whole text is one phrase. Every syntax character (quotes, ``*``, ``-``,
``:``, parentheses, ``NEAR``, ``AND``/``OR``/``NOT``) is either a separator or an
ordinary word. A document matches when it contains every word (stemmed, case- and
accent-insensitive) and every phrase (its words adjacent, in order). English stop words
among the bare words are ignored, as PostgreSQL's english configuration does; a text
made only of stop words matches nothing.

SQLite: the FTS5 expression is built only from double-quoted strings of word characters.
PostgreSQL: the words go through ``plainto_tsquery`` (with a configuration that drops stop
words) and each phrase through ``phraseto_tsquery`` (with the index's configuration, which
keeps them, so "cancel my order" does not match "cancel the order"), as bind parameters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

MAX_LENGTH = 1000
MAX_TERMS = 32
CONFIG = "parley_search"  # indexes every word (stop words too), stemmed, unaccented
WORDS_CONFIG = "parley_search_words"  # the same, without stop words: for bare words

_WORD = re.compile(r"[^\W_]+")
_BAD_CHARS = re.compile("[\x00\ud800-\udfff\ue000\ue001]")

# PostgreSQL's english stop words (snowball), so both stores ignore the same words.
_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now
"""
STOP_WORDS = frozenset(_STOP.split())


@dataclass
class Parsed:
    words: list[str] = field(default_factory=list)  # lower-cased, stop words removed
    phrases: list[list[str]] = field(default_factory=list)  # each a list of words
    # The same text as written (PostgreSQL's parser reads emails, hyphenated words, ...)
    raw_words: str = ""
    raw_phrases: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases


def clean(text: str) -> str:
    """NFC-normalised text without characters the stores cannot take (NUL, lone
    surrogates) or that the highlighter uses as markers."""
    return _BAD_CHARS.sub(" ", unicodedata.normalize("NFC", text))


def parse(text: str, exact: bool) -> Parsed:
    text = clean(text)
    out = Parsed()
    if exact:
        segments = [(text, True)]
    else:
        parts = text.split('"')
        if len(parts) % 2 == 0:  # an unterminated quote: the rest is plain words
            tail = parts.pop()
            parts[-1] = parts[-1] + " " + tail
        segments = [(p, i % 2 == 1) for i, p in enumerate(parts)]
    bare: list[str] = []
    for segment, quoted in segments:
        tokens = [t.lower() for t in _WORD.findall(segment)]
        if quoted:
            if tokens and tokens not in out.phrases:
                out.phrases.append(tokens)
                out.raw_phrases.append(segment)
        else:
            bare.append(segment)
            for t in tokens:
                if t not in STOP_WORDS and t not in out.words:
                    out.words.append(t)
    out.words = out.words[:MAX_TERMS]
    out.phrases = out.phrases[:MAX_TERMS]
    out.raw_phrases = out.raw_phrases[:MAX_TERMS]
    out.raw_words = _pg_text(" ".join(bare))
    out.raw_phrases = [_pg_text(t) for t in out.raw_phrases]
    return out


def _pg_text(text: str) -> str:
    """As indexed on PostgreSQL: ``<`` and ``>`` read as spaces."""
    return text.replace("<", " ").replace(">", " ")


# ---- SQLite FTS5 ----------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_terms(p: Parsed) -> list[str]:
    return [_quote(w) for w in p.words] + [_quote(" ".join(ph)) for ph in p.phrases]


def fts_match(p: Parsed, columns: str | None = None) -> str:
    """Every term (in the given columns, else in any indexed column)."""
    expr = "(" + " AND ".join(fts_terms(p)) + ")"
    return expr if columns is None else "{" + columns + "} : " + expr


def fts_match_any(p: Parsed, columns: str) -> str:
    """Any term in the given columns (for highlighting the header fields)."""
    return "{" + columns + "} : (" + " OR ".join(fts_terms(p)) + ")"


# ---- PostgreSQL -----------------------------------------------------------------------


def pg_query(p: Parsed) -> tuple[str, dict[str, Any]]:
    """A tsquery expression requiring every word and phrase, and its parameters."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if p.words:
        parts.append(f"plainto_tsquery('{WORDS_CONFIG}', :q_words)")
        params["q_words"] = p.raw_words
    for i, phrase in enumerate(p.raw_phrases):
        parts.append(f"phraseto_tsquery('{CONFIG}', :q_p{i})")
        params[f"q_p{i}"] = phrase
    return "(" + " && ".join(parts) + ")", params


def pg_query_any(p: Parsed) -> tuple[str, dict[str, Any]]:
    """A tsquery expression matching any word or phrase (for highlighting headers)."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    for i, word in enumerate(p.words):
        parts.append(f"plainto_tsquery('{WORDS_CONFIG}', :qa_w{i})")
        params[f"qa_w{i}"] = word
    for i, phrase in enumerate(p.phrases):
        parts.append(f"phraseto_tsquery('{CONFIG}', :qa_p{i})")
        params[f"qa_p{i}"] = " ".join(phrase)
    return "(" + " || ".join(parts) + ")", params
