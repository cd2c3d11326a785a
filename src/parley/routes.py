"""The /v1 route handlers of every domain, in one list (one import line per domain)."""

from __future__ import annotations

from typing import Any

from parley.activity.routes import ROUTES as ACTIVITY_ROUTES
from parley.agents.routes import ROUTES as AGENT_ROUTES
from parley.analytics.routes import ROUTES as ANALYTICS_ROUTES
from parley.anonymization.routes import ROUTES as ANONYMIZATION_ROUTES
from parley.anonymization_entity.routes import ROUTES as ANONYMIZE_ENTITY_ROUTES
from parley.attributes.routes import ROUTES as ATTRIBUTE_ROUTES
from parley.business_hours.routes import ROUTES as BUSINESS_HOURS_ROUTES
from parley.conversation_attributes.routes import ROUTES as CONVERSATION_ATTRIBUTE_ROUTES
from parley.conversation_tags.routes import ROUTES as CONVERSATION_TAG_ROUTES
from parley.conversations.routes import ROUTES as CONVERSATION_ROUTES
from parley.endpoints.routes import ROUTES as ENDPOINT_ROUTES
from parley.endusers.routes import ROUTES as END_USER_ROUTES
from parley.exports.routes import ROUTES as EXPORT_ROUTES
from parley.flows.routes import ROUTES as FLOW_ROUTES
from parley.knowledge.routes import ROUTES as KNOWLEDGE_ROUTES
from parley.mail.routes import ROUTES as MAIL_ROUTES
from parley.messages.routes import ROUTES as MESSAGE_ROUTES
from parley.notes.routes import ROUTES as NOTE_ROUTES
from parley.organization.routes import ROUTES as ORGANIZATION_ROUTES
from parley.queue_status.routes import ROUTES as QUEUE_STATUS_ROUTES
from parley.queues.routes import ROUTES as QUEUE_ROUTES
from parley.ratings.routes import ROUTES as RATING_ROUTES
from parley.routing.routes import ROUTES as ROUTING_ROUTES
from parley.search.routes import ROUTES as SEARCH_ROUTES
from parley.tags.routes import ROUTES as TAG_ROUTES
from parley.teams.routes import ROUTES as TEAM_ROUTES
from parley.templates.routes import ROUTES as TEMPLATE_ROUTES
from parley.webhooks.routes import ROUTES as WEBHOOK_ROUTES

ROUTE_HANDLERS: list[Any] = [
    *TAG_ROUTES,
    *ACTIVITY_ROUTES,
    *ROUTING_ROUTES,
    *CONVERSATION_ROUTES,
    *MESSAGE_ROUTES,
    *NOTE_ROUTES,
    *CONVERSATION_TAG_ROUTES,
    *CONVERSATION_ATTRIBUTE_ROUTES,
    *RATING_ROUTES,
    *ATTRIBUTE_ROUTES,
    *END_USER_ROUTES,
    *ENDPOINT_ROUTES,
    *FLOW_ROUTES,
    *QUEUE_ROUTES,
    *TEAM_ROUTES,
    *AGENT_ROUTES,
    *SEARCH_ROUTES,
    *ANONYMIZATION_ROUTES,
    *EXPORT_ROUTES,
    *WEBHOOK_ROUTES,
    *MAIL_ROUTES,
    *ORGANIZATION_ROUTES,
    *TEMPLATE_ROUTES,
    *BUSINESS_HOURS_ROUTES,
    *QUEUE_STATUS_ROUTES,
    *ANALYTICS_ROUTES,
    *KNOWLEDGE_ROUTES,
    *ANONYMIZE_ENTITY_ROUTES,
]
