"""An email endpoint's IMAP mailbox: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.mail import imap_service as service
from parley.mail import schemas as wire

ENDPOINTS = Routes("Contact Endpoints")
_PATH = "/contact-endpoints/{contactEndpointId:str}/imap"


@ENDPOINTS.put(_PATH, "Set an email endpoint's IMAP mailbox", WRITE)
async def put_imap_mailbox(
    ctx: Context, contactEndpointId: FromPath[str], data: JSONBody[wire.ImapMailboxInput]
) -> Data[wire.ImapMailbox]:
    """**Parley extension.** Poll an IMAP mailbox for this email endpoint's mail, as if it
    arrived over SMTP: `{"host", "username", "password", "port"? (993 with TLS, else 143),
    "tls"? (true), "mailbox"? ("INBOX"), "pollSeconds"? (60, 10-86400)}`. The mailbox is
    read without changing it; each mail is taken once (by UID). The password is stored
    encrypted and never answered. Setting it again starts from the first mail.
    Errors: 400 for an invalid value or when `PARLEY_SECRET_KEY` is not set; 404 when the
    endpoint is not an email endpoint of the organisation."""
    return Data(await service.put(ctx, contactEndpointId, data))


@ENDPOINTS.get(_PATH, "Get an email endpoint's IMAP mailbox", READ)
async def get_imap_mailbox(
    ctx: Context, contactEndpointId: FromPath[str]
) -> Data[wire.ImapMailbox]:
    """**Parley extension.** The endpoint's IMAP mailbox and how its polling went
    (`lastUid`, `lastPolledAt`, `lastError`). Errors: 404 when the endpoint has none."""
    return Data(await service.get(ctx, contactEndpointId))


@ENDPOINTS.delete(_PATH, "Remove an email endpoint's IMAP mailbox", WRITE)
async def delete_imap_mailbox(ctx: Context, contactEndpointId: FromPath[str]) -> None:
    """**Parley extension.** Stop polling the endpoint's IMAP mailbox and forget it.
    Errors: 404 when the endpoint has none."""
    await service.delete(ctx, contactEndpointId)


ROUTES = [put_imap_mailbox, get_imap_mailbox, delete_imap_mailbox]
