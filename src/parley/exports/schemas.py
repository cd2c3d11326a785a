"""Wire shapes of the Exports API: snake_case rows, times in epoch milliseconds, enum
values in lower case (Dixa's ``email``, ``inbound``, ``closed``). Every field is sent, as
``null`` when Parley has no value for it (fields Dixa has and Parley does not track, such
as Facebook pages or transfers, are always ``null``)."""

from __future__ import annotations

import msgspec


class TagInfo(msgspec.Struct):
    id: str
    name: str
    is_deactivated: bool


class CustomField(msgspec.Struct):
    """A conversation custom attribute value; a multi-valued one is joined with ``,``."""

    attribute_id: str
    identifier: str
    data_type: str | None  # text | select
    archived: bool
    value: str | None


class RatingExport(msgspec.Struct, kw_only=True):
    rating_score: int | None
    rating_message: str | None
    rating_type: str  # csat | thumbsupordown
    rating_status: str  # offered | rated
    rating_language: str | None
    rating_created_timestamp: int
    rating_offered_timestamp: int | None
    rating_modified_timestamp: int | None
    rating_rated_timestamp: int | None
    rating_scheduled_timestamp: int | None = None
    rating_scheduled_for_timestamp: int | None = None
    rating_unscheduled_timestamp: int | None = None
    rating_cancelled_timestamp: int | None = None


class ConversationExport(msgspec.Struct, kw_only=True):
    """One conversation of ``GET /v1/conversation_export``."""

    id: int
    created_at: int
    initial_channel: str
    requester_id: str
    requester_name: str | None = None
    requester_email: str | None = None
    requester_phone_number: str | None = None
    requester_additional_emails: list[str] = []
    requester_additional_phone_numbers: list[str] = []
    queued_at: int | None = None
    queue_id: str | None = None
    queue_name: str | None = None
    closed_at: int | None = None
    rating_score: int | None = None
    rating_message: str | None = None
    ratings: list[RatingExport] = []
    direction: str | None = None
    assigned_at: int | None = None
    assignee_id: str | None = None
    assignee_name: str | None = None
    assignee_email: str | None = None
    assignee_phone_number: str | None = None
    to_provisioned_phone_number_id: str | None = None
    to_provisioned_phone_number_name: str | None = None
    from_provisioned_phone_number_id: str | None = None
    from_provisioned_phone_number_name: str | None = None
    total_duration: int | None = None  # seconds, created to closed
    handling_duration: int | None = None  # seconds, assigned to closed
    dixa_email_integration_id: str | None = None
    dixa_email_integration_sender_name: str | None = None
    forwarding_email: str | None = None
    facebook_page_id: str | None = None
    facebook_page_name: str | None = None
    widget_id: str | None = None
    widget_name: str | None = None
    conversation_wrapup_notes: list[str] = []
    transferee_name: str | None = None
    transferee_number: str | None = None
    transfer_time: int | None = None
    originating_country: str | None = None
    updated_at: int | None = None
    last_message_created_at: int | None = None
    status: str | None = None
    subject: str | None = None
    anonymized_at: int | None = None
    tags: list[str] = []
    tags_info: list[TagInfo] = []
    custom_fields: list[CustomField] = []


class MessageExport(msgspec.Struct, kw_only=True):
    """One message of ``GET /v1/message_export`` (internal notes are not messages: they
    are the conversation's ``conversation_wrapup_notes``)."""

    id: str
    csid: int
    created_at: int
    initial_channel: str
    author_name: str | None = None
    author_email: str | None = None
    direction: str | None = None
    text: str | None = None
    from_: str | None = msgspec.field(default=None, name="from")
    to: list[str] = []
    cc: list[str] = []
    bcc: list[str] = []
    from_phone_number: str | None = None
    to_phone_number: str | None = None
    duration: int | None = None
    attached_files: list[str] = []
    is_automated_message: bool = False
    voicemail_url: str | None = None
    recording_url: str | None = None
    chat_input_question: str | None = None
    chat_input_answer: str | None = None
    chat_menu_text: str | None = None
