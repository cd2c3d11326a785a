"""The conversation record every domain reads: its row and the users it names
(``repository``), and the one lookup with its rule (``guard.require``: found, optionally
locked, optionally refusing an anonymized conversation).

It sits below ``conversations`` (the create, import, link and read use cases),
``messages``, ``routing`` and the per-conversation domains, so none of them imports
another to find a conversation.
"""
