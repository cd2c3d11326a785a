"""The outcome of an outgoing mail: its delivery row and Dixa's delivery events
(``ConversationMessageDeliverySent`` / ``ConversationMessageDeliveryFailed``)."""

from __future__ import annotations

from parley.journal.service import emit
from parley.mail_records import repository as repo
from parley.store import Tx

SENT = "ConversationMessageDeliverySent"
FAILED = "ConversationMessageDeliveryFailed"


async def settle(
    tx: Tx, org_id: str, delivery: repo.DeliveryRow, *, sent: bool, error: str | None, at: int
) -> None:
    """Record the delivery as sent or failed and emit its event."""
    status = "sent" if sent else "failed"
    await repo.set_delivery(tx, org_id, delivery.message_id, status=status, error=error, at=at)
    data: dict[str, object] = {
        "conversation_id": delivery.conversation_id,
        "message_id": delivery.message_id,
        "channel": "EMAIL",
        "email_message_id": delivery.header_id,
    }
    if error:
        data["error"] = error
    await emit(
        tx, org_id, SENT if sent else FAILED, data, at=at, conversation_id=delivery.conversation_id
    )
