"""What the demo organisation holds: people, tags and support conversations that read like
a small web shop's inbox (fixed text, so every demo looks the same)."""

from __future__ import annotations

AGENTS = [
    ("Maya Lindqvist", "maya@acme-demo.example"),
    ("Tom Okafor", "tom@acme-demo.example"),
    ("Priya Raman", "priya@acme-demo.example"),
]
# The customers' addresses lie in the reserved ``.invalid`` domain: replies seeded for them
# are stored without a send job, so no relay is ever asked to deliver them.
CUSTOMERS = [
    ("Sarah Mason", "sarah.mason@customers.invalid"),
    ("Lukas Becker", "lukas.becker@customers.invalid"),
    ("Amélie Durand", "amelie.durand@customers.invalid"),
    ("James O'Neill", "james.oneill@customers.invalid"),
    ("Yuki Tanaka", "yuki.tanaka@customers.invalid"),
    ("Carlos Ruiz", "carlos.ruiz@customers.invalid"),
    ("Fatima Zahra", "fatima.zahra@customers.invalid"),
    ("Ole Hansen", "ole.hansen@customers.invalid"),
]
QUEUES = ["Billing", "Shipping"]
TAGS = ["refund", "shipping", "damaged", "vip"]
EMAIL_ADDRESS = "support@acme-demo.example"

# (channel, subject, queue or None, tags, thread). The thread alternates customer and agent,
# starting with the customer; ``state`` is what happens after the thread. Like a morning in
# the inbox: three new questions wait unassigned, three are being worked, one waits on the
# customer and three were closed (two of them rated).
THREADS: list[dict[str, object]] = [
    {
        "channel": "Email",
        "subject": "Where is my order #10482?",
        "queue": "Shipping",
        "tags": ["shipping"],
        "thread": [
            "Hi, I ordered a rain jacket ten days ago and the tracking page has not moved "
            "since Monday. Can you check where my parcel is?",
        ],
        "state": "open",
    },
    {
        "channel": "Email",
        "subject": "Refund for a damaged blender",
        "queue": "Billing",
        "tags": ["refund", "damaged"],
        "thread": [
            "The blender arrived with a cracked jug. I would like a refund, not a replacement.",
            "I'm sorry about that. I have started a full refund to your card; it shows up in "
            "3 to 5 working days. There is no need to send the blender back.",
        ],
        "note": "Carrier damage: claim filed with the courier, reference DX-2291.",
        "state": "closed",
        "rating": 5,
    },
    {
        "channel": "Chat",
        "subject": None,
        "queue": None,
        "tags": [],
        "thread": [
            "Hi! Do you ship to Norway?",
            "Hi Ole, yes we do: 4 to 6 working days, and shipping is free above 60 EUR.",
            "Perfect, and can I pay on invoice?",
        ],
        "state": "open",
    },
    {
        "channel": "Email",
        "subject": "Cancel my order please",
        "queue": "Billing",
        "tags": ["refund"],
        "thread": [
            "Please cancel my order #10511, I ordered the wrong size by mistake.",
        ],
        "state": "open",
    },
    {
        "channel": "Email",
        "subject": "Invoice with my company's VAT number",
        "queue": "Billing",
        "tags": ["vip"],
        "thread": [
            "Could you send me an invoice for order #10377 with our VAT number DK12345678?",
        ],
        "note": "Key account: check the billing address on file before reissuing.",
        "state": "claimed",
    },
    {
        "channel": "ContactForm",
        "subject": "Question about the warranty",
        "queue": None,
        "tags": [],
        "thread": [
            "How long is the warranty on the espresso machine, and does it cover the pump?",
            "The espresso machine has a two-year warranty that covers the pump and the "
            "heating element.",
        ],
        "state": "pending",
    },
    {
        "channel": "Chat",
        "subject": None,
        "queue": "Shipping",
        "tags": ["shipping", "damaged"],
        "thread": [
            "My parcel was left outside in the rain and the box is soaked.",
            "Oh no, sorry to hear that. Is the product itself damaged?",
            "The shoes are fine, only the box got wet.",
            "Glad to hear it. I have noted it for the courier; let us know if anything "
            "else turns up.",
        ],
        "state": "closed",
        "rating": 4,
    },
    {
        "channel": "Email",
        "subject": "Change the delivery address",
        "queue": "Shipping",
        "tags": ["shipping"],
        "thread": [
            "I'm moving next week. Can you send order #10530 to my new address instead?",
        ],
        "state": "open",
    },
    {
        "channel": "Email",
        "subject": "Discount code did not work",
        "queue": "Billing",
        "tags": [],
        "thread": [
            "The code SPRING15 was rejected at checkout yesterday, but the email said it is "
            "valid until Sunday.",
            "You're right, the code expired a day early by mistake. I have refunded 15% of "
            "your order.",
            "Thank you, that was quick!",
        ],
        "state": "closed",
        "rating": 5,
    },
    {
        "channel": "Chat",
        "subject": None,
        "queue": None,
        "tags": ["vip"],
        "thread": [
            "Hello, is the green version of the linen shirt coming back in size L?",
            "It's due back in stock on the 14th; I can reserve one for you.",
        ],
        "state": "claimed",
    },
]
