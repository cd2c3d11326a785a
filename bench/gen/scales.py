"""Scale presets and the fixed shape of the generated data (shares and rates)."""

from __future__ import annotations

from dataclasses import dataclass

DAY_MS = 86_400_000
# Generated history ends here (2026-11-01T00:00:00Z) unless --anchor says otherwise, so
# the same seed gives the same data whenever it runs.
DEFAULT_ANCHOR_MS = 1_793_491_200_000
HISTORY_DAYS = 365


@dataclass(frozen=True)
class Scale:
    name: str
    conversations: int
    end_users: int
    agents: int
    teams: int
    queues: int  # besides the organisation's default queue
    tags: int
    batch: int  # conversations per write transaction


SCALES = {
    "tiny": Scale("tiny", 50, 40, 6, 2, 3, 12, 25),
    "small": Scale("small", 1_000, 600, 15, 3, 5, 30, 500),
    "large": Scale("large", 200_000, 60_000, 80, 8, 10, 80, 2_000),
}

# (channel, conversation _type, share). Shares sum to 1.
CHANNELS: list[tuple[str, str, float]] = [
    ("Email", "EmailConversation", 0.38),
    ("WidgetChat", "ChatConversation", 0.24),
    ("ContactForm", "ContactFormConversation", 0.08),
    ("Sms", "SmsConversation", 0.06),
    ("WhatsApp", "WhatsAppConversation", 0.05),
    ("Messenger", "MessengerConversation", 0.04),
    ("FacebookMessenger", "FacebookMessengerConversation", 0.02),
    ("PstnPhone", "PstnPhoneConversation", 0.05),
    ("Callback", "PstnPhoneConversation", 0.02),
    ("Generic", "GenericConversation", 0.06),  # imported (POST /conversations/import)
]
PHONE_CHANNELS = {"PstnPhone", "Callback"}
EMAIL_CHANNELS = {"Email", "ContactForm"}
CHAT_CHANNELS = {"WidgetChat", "Messenger", "WhatsApp", "FacebookMessenger"}

# Messages per conversation: phone conversations 1-3 (call summaries), the others 1-30
# with weights n^0.4 * q^n, q tuned so the overall mean is MEAN_MESSAGES.
MEAN_MESSAGES = 5.0
MAX_MESSAGES = 30

CLOSED_SHARE = 0.68
PENDING_SHARE = 0.06
REOPEN_SHARE = 0.04  # of closed conversations: a customer wrote again
UNASSIGNED_OPEN_SHARE = 0.4
TRANSFER_SHARE = 0.05
NOTE_SHARE = 0.15
TAGGED_SHARE = 0.6
ATTRIBUTE_SHARE = 0.5
RATING_SHARE = 0.35  # of closed, assigned conversations
RATED_SHARE = 0.6  # of offered ratings
HTML_SHARE = 0.35  # of email messages


def message_weights() -> list[float]:
    """Weights for 1..MAX_MESSAGES messages in a non-phone conversation."""
    phone = sum(s for c, _t, s in CHANNELS if c in PHONE_CHANNELS)
    target = (MEAN_MESSAGES - phone * 2.0) / (1.0 - phone)
    lo, hi = 0.01, 0.999
    for _ in range(60):
        q = (lo + hi) / 2
        w = [n**0.4 * q**n for n in range(1, MAX_MESSAGES + 1)]
        mean = sum((i + 1) * x for i, x in enumerate(w)) / sum(w)
        if mean < target:
            lo = q
        else:
            hi = q
    return w
