"""Names that vulture (``make lint``) cannot see used: called by a framework or read
through ``dataclasses``/``msgspec`` rather than by name. Parsed by vulture, never run.
Wire structs (``schemas.py``) and the table declarations (``store/schema*.py``) are not
scanned at all (``[tool.vulture]`` in pyproject.toml)."""

# click commands, registered by their decorators
db_upgrade
orgs_create
orgs_list
tokens_create
tokens_revoke
reindex
# click commands that ``parley.cli`` imports by name when they run (``LazyCommands``)
export_command
import_command

# job handlers, registered by ``@register`` (parley.worker.registry)
run_anonymization
followup_expire
deliver

# granian's factory entry point (``parley.app:asgi_factory``)
asgi_factory
prebuilt_app

# html.parser.HTMLParser callbacks (messages/text.py)
_.handle_starttag
_.handle_endtag
_.handle_data

# sqlite3 and the OpenAPI document set these for their own readers
_.row_factory
_.required
# inspect.signature reads a handler's (http/context.with_unit)
_.__signature__

# fields read through dataclasses.asdict / fields() or encoded by msgspec
generic_channel_name
imported
closed
last_message_created
meta
pre_release  # knowledge ArticleRow, written by row_params
delivery_id  # webhooks AttemptRow, written by row_params
event_seq  # webhooks AttemptRow, written by row_params
source_url  # messages AttachmentRow, written by row_params
internal_kb_enabled  # knowledge CollectionRow, read by kit.wire.from_row

# the exception triple of __aexit__
tb

# the ASGI response protocol and Litestar's response hook (http/response.py)
receive
kwargs
_.to_asgi_response

# aiosmtpd's handler hooks (mail/listener.py) and the mail job handlers, registered by
# ``@register``
_.handle_RCPT
_.handle_DATA
session
poll
process

# msgspec wire fields set before encoding (business_hours/definition.py)
_.nextDate

# the desk: a click command, an HTMLParser callback, and row fields read by the Jinja
# templates (desk/templates)
agents_set_password
_.handle_startendtag
_.first_words
_.failed_count
_.failed_at
_.revoked_at
_.csrf
_.all_tags
_.folds
# the pytest plugin's fixtures and what tests read of it (parley.testing)
parley_admin
parley_client
parley_load_snapshot
_.signature_verified
_.sink

# operations: click commands, msgspec wire fields of /ready (ops/ready.py), body integer
# types used by the wire structs (*/schemas.py, outside vulture's paths), and the worker's
# one-batch run used by tests and the benchmarks
tokens_list
db_backup
db_restore
_.ok
_.oldestDueAgeSeconds
_.migrations
Int32
ConversationIdValue
_.run_once
_.collect  # StoreGauges.collect, called by prometheus_client's registry
_.openapi_tightened  # app.state flag of openapi_document
NonBlank  # used in string annotations (msgspec resolves them)
UuidText  # used in string annotations (msgspec resolves them)
EmailText  # used in string annotations (msgspec resolves them)
PhoneText  # used in string annotations (msgspec resolves them)
_.__call__  # desk/admin_pages.Lister, a protocol: called through the services it stands for
