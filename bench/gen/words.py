"""Fixed word lists: English function words, support vocabulary, phrases and names.

The generated vocabulary (see ``vocab.py``) puts these in front of pronounceable
syllable words, so that searches for ordinary support language ('refund', 'cancel my
order') find realistic numbers of hits.
"""

from __future__ import annotations


def split_words(text: str) -> list[str]:
    return text.split()


# The most frequent words of written English, roughly in frequency order.
FUNCTION = split_words("""
the to and i a you my of it is for in that on have this with be not can we your
me but are was at so if do as please would from or will just an all there any
they what get has been out about up when no our could like also one know how
now did had then still which some here more by should thank thanks them see were
their only need want very us back because time why other same again into after
over new same well let where make other too yet most much even before two first
week day days today yesterday tomorrow hi hello dear best regards kind sorry
""")

# Support vocabulary: frequent in help-desk conversations.
CORE = split_words("""
order refund cancel delivery package account password invoice payment help
customer support email phone number address shipping return item product price
problem issue question update status tracking received sent charged card
subscription plan login app website link code discount voucher receipt
""")

SUPPORT = split_words("""
available arrive arrived asap attached attachment balance bank billing blocked
booking broken bug button call called cancellation cancelled change changed charge
checkout chat click colour complaint confirm confirmation contact contract courier
credit damaged date deadline delay delayed delete deleted deliver delivered
department description details device discount download duplicate error exchange
expired expiry explain failed faulty feedback fee form free gift guarantee
happened history immediately information install installed instructions
invoiced issue issues late licence limit location locked lost manager message
missing mistake mobile money month monthly name notification offer online
options original paid parcel partial payment payments paypal pending personal
photo picture policy portal postcode premium priority profile purchase purchased
quantity quick quote reason receive refunded refunds register registered reminder
renew renewal repair replace replacement reply request requested reset resolve
resolved response return returned review screen screenshot security select seller
send service settings ship shipped signed size skip slow software solution
soon store stuck subscription supplier support switch system team technical
temporary terms ticket tomorrow transfer transaction trial unable unfortunately
unsubscribe upgrade urgent user username verify verification voucher wait waiting
warehouse warranty weekend wrong yearly account accounts activate activation
address addresses agent agreement amount apology apologise appointment approve
approved assistance authorise automatic available basket batch battery blue
calendar camera cancelled card cards cart case catalogue certificate charger
cheaper checkbox claim colleague compensation connection consent correct cost
costs coupon create credentials currency customs deposit digital direct discounts
dispatch dispatched document documents domain draft edit eligible enquiry estimate
europe exact expected express extra feature fix fixed follow forward forwarded
frame fraud gateway guest hardware headphones holiday identity inbox incorrect
integration internet inventory keyboard label laptop laptops lead lens letter
licence lifetime manual membership merge migration model modem monitor network
newsletter notice ongoing operator outage overcharged password passwords payout
permission phone plug postage postal printer process processed proof promo
promotion provider range rate rebate recurring region reimbursement reorder
resend reservation restock router sale scanner schedule serial server shipment
shoes signature sim sizes slot speaker stock storage subscription summary
surcharge tablet tax television threshold timeline token tracking trainers
transfer typo unpaid unread upload vat vendor version video voicemail wallet
watch website weight wifi window wireless withdraw
""")

# Phrases that customers and agents write; each is inserted verbatim now and then.
PHRASES = [
    "cancel my order",
    "I would like a refund",
    "where is my package",
    "my package has not arrived",
    "the tracking number does not work",
    "reset my password",
    "I was charged twice",
    "please cancel my subscription",
    "the item arrived damaged",
    "can I change my delivery address",
    "I cannot log in to my account",
    "the discount code is not working",
    "when will my order be shipped",
    "I want to return the item",
    "please send me an invoice",
    "my card was declined",
    "the app keeps crashing",
    "how do I update my payment details",
    "I received the wrong size",
    "thank you for your patience",
    "we have issued a full refund",
    "your order has been dispatched",
    "let me check that for you",
    "I have escalated this to our billing team",
    "is there anything else I can help you with",
    "the replacement is on its way",
    "we are sorry for the inconvenience",
    "please reply with your order number",
]

SUBJECTS = [
    "Question about my order",
    "Refund request",
    "Order not delivered",
    "Cancel my order",
    "Problem with payment",
    "Wrong item received",
    "Damaged package",
    "Password reset not working",
    "Invoice request",
    "Subscription cancellation",
    "Change of delivery address",
    "Discount code not working",
    "Missing item in parcel",
    "Return label needed",
    "Account locked",
    "Double charge on my card",
    "Warranty claim",
    "Where is my refund",
    "Feedback on your service",
    "Upgrade my plan",
]

GREETINGS = ["Hi", "Hello", "Dear", "Hey", "Good morning"]
SIGNOFFS = ["Best regards", "Kind regards", "Thanks", "Thank you", "Cheers", "Best"]

NOTE_OPENERS = [
    "Customer called about",
    "Checked the order history:",
    "Escalated to billing:",
    "Waiting for the warehouse about",
    "Refund approved by team lead for",
    "Possible fraud, verify",
    "Follow up next week on",
    "Duplicate of an earlier ticket about",
]

RATING_COMMENTS = [
    "Quick and helpful, thank you",
    "Took too long to get an answer",
    "Great service",
    "The agent was very friendly",
    "Problem still not solved",
    "Fast refund, thanks",
    "Okay",
    "Very good support",
]

FIRST_NAMES = split_words("""
Anna Emma Olivia Sofia Ida Freja Clara Alma Ella Laura Maja Nora Karla Agnes Lea
Mathilde Liva Astrid Ellen Josefine Caroline Sarah Julie Marie Louise Victoria
Amelia Isla Ava Mia Grace Lily Chloe Ruby Evie Zoe Hannah Lucy Sophie Alice Eva
Noah William Oscar Lucas Carl Emil Oliver Aksel Alfred Arthur Valdemar Malthe
Elias Felix August Magnus Victor Frederik Liam Jack Harry George Leo Charlie
Thomas James Henry Jacob Daniel Samuel Joseph David Benjamin Adam Jonas Mikkel
Rasmus Kasper Anders Peter Lars Henrik Jens Niels Søren Morten Martin Michael
Nicolai Sebastian Christian Mads Tobias Simon Andreas Alexander Mathias Filip
Priya Aisha Fatima Yusuf Omar Ali Mohammed Hassan Leila Amira Chen Wei Li Yuki
Hiro Kenji Mei Ana Lucía Mateo Diego Camila Valentina Sofía Pablo Javier Marta
Giulia Marco Luca Francesca Pierre Camille Louis Chloé Hugo Manon Léa Jakub
Zofia Piotr Katarzyna Ingrid Sven Erik Astrid Björn Linnea Elin Johan Karin
""")

LAST_NAMES = split_words("""
Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen
Jørgensen Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen
Møller Mortensen Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas
Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall
Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris
Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson
Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson
Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson
Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason
Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd
Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Müller Schmidt
Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Rossi Russo Ferrari
Esposito Bianchi Romano Colombo García Martínez López González Rodríguez
Fernández Sánchez Pérez Dubois Durand Lefebvre Moreau Laurent Simon Michel
Nowak Kowalski Wiśniewski Andersson Johansson Karlsson Nilsson Eriksson Larsson
Berg Lindberg Virtanen Korhonen Nieminen Tanaka Suzuki Sato Wang Zhang Liu Kim
""")

DOMAINS = [
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "proton.me",
    "mail.dk",
    "example.org",
    "web.de",
    "live.co.uk",
]

# Words a search engine treats as operators; the syllable generator must not make them.
RESERVED = {"and", "or", "not", "near", "to", "the"}


def not_terms() -> set[str]:
    """Words that make poor search terms: function words (stop words for most engines),
    greetings and sign-offs, people's names."""
    out = {w.lower() for w in FUNCTION}
    for group in (GREETINGS, SIGNOFFS, FIRST_NAMES, LAST_NAMES):
        out |= {part.lower() for item in group for part in item.split()}
    return out | {"call", "summary", "number"}
