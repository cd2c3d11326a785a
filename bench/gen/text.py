"""Message, subject and note text drawn from the vocabulary.

A message is 10-60 words of Zipf-distributed vocabulary cut into sentences, with now
and then a support phrase ('cancel my order'), an order number, a greeting and a
sign-off. Email messages can be rendered as HTML paragraphs.
"""

from __future__ import annotations

import html
import random

from gen import words
from gen.vocab import vocabulary

PHRASE_RATE = 0.35
ORDER_NUMBER_RATE = 0.1


class TextMaker:
    def __init__(self, rng: random.Random) -> None:
        vocab = vocabulary()
        self.rng = rng
        self.words = vocab.words
        self.cum = vocab.cum_weights
        self.phrase_counts: dict[str, int] = {}

    def word_count(self) -> int:
        """10-60 words, most messages short (mean about 29)."""
        return int(self.rng.triangular(10, 61, 18))

    def _sentences(self, n: int) -> list[str]:
        rng = self.rng
        ws = rng.choices(self.words, cum_weights=self.cum, k=n)
        out: list[str] = []
        i = 0
        while i < n:
            length = 4 + int(rng.random() * 10)
            chunk = ws[i : i + length]
            i += length
            if len(chunk) > 6 and rng.random() < 0.3:
                cut = 2 + int(rng.random() * (len(chunk) - 4))
                chunk[cut - 1] += ","
            sentence = " ".join(chunk)
            r = rng.random()
            end = "?" if r < 0.15 else ("!" if r < 0.2 else ".")
            out.append(sentence[0].upper() + sentence[1:] + end)
        if rng.random() < PHRASE_RATE:
            phrase = rng.choice(words.PHRASES)
            self.phrase_counts[phrase] = self.phrase_counts.get(phrase, 0) + 1
            out.insert(int(rng.random() * (len(out) + 1)), phrase[0].upper() + phrase[1:] + ".")
        if rng.random() < ORDER_NUMBER_RATE:
            out.append(f"My order number is {rng.randrange(100_000, 9_999_999)}.")
        return out

    def paragraphs(self, *, greet: str | None, sign: str | None) -> list[str]:
        """The message as paragraphs (greeting, body in one to three paragraphs, sign-off)."""
        rng = self.rng
        body = self._sentences(self.word_count())
        out: list[str] = []
        if greet is not None:
            g = rng.choice(words.GREETINGS)
            out.append(f"{g} {greet}," if greet else f"{g},")
        if len(body) > 3 and rng.random() < 0.6:
            cut = 1 + int(rng.random() * (len(body) - 1))
            out.append(" ".join(body[:cut]))
            out.append(" ".join(body[cut:]))
        else:
            out.append(" ".join(body))
        if sign is not None:
            out.append(f"{rng.choice(words.SIGNOFFS)},\n{sign}")
        return out

    def plain(self, *, greet: str | None = None, sign: str | None = None) -> str:
        return "\n\n".join(self.paragraphs(greet=greet, sign=sign))

    def chat(self) -> str:
        return " ".join(self._sentences(self.word_count()))

    def html(self, *, greet: str | None, sign: str | None) -> tuple[str, str]:
        """An HTML email body and its plain text (what the engine's HTML-to-text gives:
        paragraphs apart by a blank line, ``<br>`` a line break)."""
        paragraphs = self.paragraphs(greet=greet, sign=sign)
        parts = []
        for p in paragraphs:
            escaped = html.escape(p, quote=False).replace("\n", "<br>")
            if self.rng.random() < 0.1:
                escaped = f"<strong>{escaped}</strong>"
            parts.append(f"<p>{escaped}</p>")
        return '<div dir="ltr">' + "".join(parts) + "</div>", "\n\n".join(paragraphs)

    def subject(self) -> str:
        rng = self.rng
        subject = rng.choice(words.SUBJECTS)
        r = rng.random()
        if r < 0.2:
            subject += f" #{rng.randrange(100_000, 9_999_999)}"
        elif r < 0.35:
            subject = "Re: " + subject
        elif r < 0.5:
            subject += " " + " ".join(rng.choices(self.words[150:], k=2))
        return subject

    def note(self) -> str:
        rng = self.rng
        n = 5 + int(rng.random() * 16)
        tail = " ".join(rng.choices(self.words, cum_weights=self.cum, k=n))
        return f"{rng.choice(words.NOTE_OPENERS)} {tail}."

    def transcript(self) -> str:
        return "Call summary: " + " ".join(self._sentences(self.word_count()))
