"""Deterministic support-desk text: a vocabulary of ~5,000 words with Zipf-like frequencies.

The most frequent ranks are real English and support words; the long tail is made of
pronounceable synthetic words, so the vocabulary is large without shipping a word list.
"""

import random
from itertools import accumulate

_COMMON_TEXT = """
the to and a i you it of is for that in my on this we have be not with your can are
please but was me our so as do at if will thanks hi hello just they get or all would
from there an what no when has been any one out up about order help could need know
account issue problem still now time any back again some also did us like see here
been since which email support team customer update today yesterday week working
"""

_DOMAIN_TEXT = """
password login invoice refund payment shipping delivery package tracking subscription
billing charge card address cancel return exchange warranty receipt discount coupon
product item size colour color stock order number reset access locked error page
screen app mobile browser download upload attachment file report export import data
sync integration settings profile username verification code phone sms notification
manager agent ticket queue priority urgent request response reply follow escalate
complaint feedback review rating survey invoice credit debit bank transfer paypal
voucher gift loyalty points membership plan upgrade downgrade trial renewal expired
overdue late damaged broken missing wrong replacement courier warehouse dispatch
customs duty tax vat quote estimate contract agreement terms policy privacy gdpr
security breach phishing spam blocked suspended reactivate deactivate delete merge
duplicate calendar booking appointment reservation schedule slot confirm confirmation
reminder unsubscribe newsletter marketing campaign promotion sale price pricing cost
fee surcharge shipment label printer scanner laptop monitor keyboard router wifi
network outage slow timeout crash freeze bug glitch install installation license key
activation serial firmware driver version release patch compatibility windows mac
linux android iphone tablet headset battery charger cable adapter server database
backup restore migration api webhook token certificate domain dns hosting storage
"""

_FILLER_TEXT = """
sorry unfortunately already tried several times yet nothing happened seems wrong
because after before while during without around across within between against
first second third last next morning evening afternoon monday tuesday wednesday
thursday friday saturday sunday january february march april may june july august
september october november december quickly asap immediately soon possible regards
kind best cheers appreciate grateful frustrated disappointed happy pleased confused
unable cannot tried received never arrived shows says keeps getting stuck loading
message status changed updated cancelled refunded charged twice double incorrect
correct amount total balance missing item attached screenshot photo picture link
website portal dashboard checkout cart basket button form field option menu tab
"""

_ONSETS_TEXT = "b c d f g h j k l m n p r s t v w z br cr dr fr gr pl st tr sh ch th"
_VOWELS_TEXT = "a e i o u ai ea io ou"
COMMON = _COMMON_TEXT.split()
DOMAIN = _DOMAIN_TEXT.split()
FILLER = _FILLER_TEXT.split()
_ONSETS = _ONSETS_TEXT.split()
_VOWELS = _VOWELS_TEXT.split()
_CODAS = ["", "", "n", "r", "s", "t", "l", "m", "x", "nd", "st"]

VOCABULARY_SIZE = 5000
TITLE_SHAPES = (
    "{a} {b} not working",
    "Question about my {a}",
    "Problem with {a} and {b}",
    "{a} {b} issue",
    "Cannot {a} my {b}",
    "Need help with {a}",
    "Re: {a} {b}",
    "Urgent: {a} {b}",
)


def vocabulary(seed: int) -> list[str]:
    """Real words first (most frequent), then synthetic words, without duplicates."""
    words: list[str] = []
    seen: set[str] = set()
    for word in [*COMMON, *DOMAIN, *FILLER]:
        if word not in seen:
            seen.add(word)
            words.append(word)
    rng = random.Random(seed ^ 0x5EED)
    while len(words) < VOCABULARY_SIZE:
        syllables = rng.randint(2, 3)
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class TextGen:
    """Sentences and titles drawn from the vocabulary with Zipf weights (s = 1.05)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(seed)
        self.cum = list(accumulate(1.0 / (rank**1.05) for rank in range(1, len(self.words) + 1)))
        self.domain = [w for w in DOMAIN if len(w) > 3]

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def sentence(self, lo: int = 6, hi: int = 18) -> str:
        ws = self.words_(self.rng.randint(lo, hi))
        ws[0] = ws[0].capitalize()
        return " ".join(ws) + self.rng.choice((".", ".", ".", "?", "!"))

    def paragraph(self, lo: int, hi: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def title(self) -> str:
        shape = self.rng.choice(TITLE_SHAPES)
        text = shape.format(a=self.rng.choice(self.domain), b=self.rng.choice(self.domain))
        return text[0].upper() + text[1:]


def search_terms(count: int = 16) -> list[str]:
    """Support words that occur in a good share of titles and descriptions."""
    picks = ("refund", "password", "invoice", "delivery", "subscription", "warranty")
    extra = [w for w in DOMAIN if len(w) > 5 and w not in picks]
    return [*picks, *extra[: max(0, count - len(picks))]]
