"""Quoted history and signatures split off a mail's text, so a reader can fold them."""

from __future__ import annotations

import pytest

from parley.mail.quoting import split


@pytest.mark.parametrize(
    ("text", "reply", "quoted", "signature"),
    [
        ("Thanks!", "Thanks!", "", ""),
        (
            "Still broken.\n\nOn Mon, 1 Dec 2026 at 10:00, Support <s@x.test> wrote:\n> Try again\n",
            "Still broken.",
            "On Mon, 1 Dec 2026 at 10:00, Support <s@x.test> wrote:\n> Try again",
            "",
        ),
        (
            "Yes.\nOn Mon, 1 Dec 2026 at 10:00, a very long name\n<s@x.test> wrote:\n> old",
            "Yes.",
            "On Mon, 1 Dec 2026 at 10:00, a very long name\n<s@x.test> wrote:\n> old",
            "",
        ),
        (
            "Fine.\n-- \nCarla\nCustomer Inc.\n\n> earlier text\n> more",
            "Fine.",
            "> earlier text\n> more",
            "Carla\nCustomer Inc.",
        ),
        (
            "See below\n-----Original Message-----\nFrom: Support",
            "See below",
            "-----Original Message-----\nFrom: Support",
            "",
        ),
        (
            "> quoting the whole thing\n\nmy answer after it",
            "> quoting the whole thing\n\nmy answer after it",
            "",
            "",
        ),
    ],
    ids=["plain", "on-wrote", "on-wrote-two-lines", "signature-and-quote", "outlook", "inline"],
)
def test_split(text: str, reply: str, quoted: str, signature: str) -> None:
    parts = split(text)
    assert (parts.reply, parts.quoted, parts.signature) == (reply, quoted, signature)
