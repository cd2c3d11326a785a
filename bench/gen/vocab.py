"""The generated vocabulary: English support words in front of pronounceable syllable
words, with Zipf-like frequencies (weight ``1 / (rank + 2.7)``).

The vocabulary is the same for every seed (its own fixed seed), so corpora generated
with different seeds speak the same language and search terms stay comparable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from gen import words

VOCAB_SEED = 1_000_003
SYLLABLE_WORDS = 5_600
ZIPF_SHIFT = 2.7

_ONSETS = words.split_words(
    "b br c ch cl d dr f fl fr g gl gr h j k l m n p pl pr qu r s sh sk sl sm sn sp st "
    "t th tr v w z"
)
_VOWELS = words.split_words("a e i o u a e i o u ai ea ou oo ie")
_CODAS = [""] * 10 + ["n", "r", "l", "s", "m", "nd", "st", "rk", "x", "ng", "t"]


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _syllable_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    seen = set(taken)
    while len(out) < count:
        word = "".join(_syllable(rng) for _ in range(rng.choice((2, 2, 2, 3, 3))))
        if not 4 <= len(word) <= 11 or word in seen:
            continue
        seen.add(word)
        out.append(word)
    return out


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]  # by rank, most frequent first
    cum_weights: list[float]
    english: frozenset[str]

    def __len__(self) -> int:
        return len(self.words)


def _unique(seq: list[str]) -> list[str]:
    return list(dict.fromkeys(seq))


def build() -> Vocabulary:
    rng = random.Random(VOCAB_SEED)
    function = _unique(["I" if w == "i" else w for w in words.FUNCTION])
    core = [w for w in _unique(words.CORE) if w not in function]
    support = [w for w in _unique(words.SUPPORT) if w not in function and w not in core]
    english = set(function) | set(core) | set(support) | {w.lower() for w in function}
    english |= {p.lower() for phrase in words.PHRASES for p in phrase.split()}
    syllables = _syllable_words(rng, SYLLABLE_WORDS, english | words.RESERVED)
    rng.shuffle(core)
    middle = support + syllables[:1_200]
    rng.shuffle(middle)
    ranked = function + core + middle + syllables[1_200:]
    weights = [1.0 / (rank + ZIPF_SHIFT) for rank in range(len(ranked))]
    return Vocabulary(ranked, list(accumulate(weights)), frozenset(english))


_VOCAB: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = build()
    return _VOCAB
