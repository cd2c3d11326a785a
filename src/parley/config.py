"""Settings, read from the environment (prefix PARLEY_) once, when the app is built."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///.parley/parley.db"
    # PostgreSQL: the most connections a process keeps in each of its two pools (writes,
    # reads); SQLite ignores it.
    database_pool_size: int = 10
    data_dir: Path = Path(".parley")
    # "absolute" builds meta.next from the request's base URL; "relative" gives a path.
    page_links: str = "absolute"
    page_limit_default: int = 50
    page_limit_max: int = 10000
    max_body_bytes: int = 10 * 1024 * 1024
    auto_migrate: bool = True
    embedded_worker: bool = True
    worker_poll_seconds: float = 0.5
    # A claim is a lease the worker renews (heartbeat) while the job runs: a crashed
    # worker's jobs are taken over once it has not been renewed for this long.
    job_claim_timeout_seconds: int = 30
    # Slow clients: the request headers must arrive within this (the HTTP server cuts the
    # connection), and each part of a body within body_timeout_seconds (else 408).
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 30.0
    worker_concurrency: int = 6  # jobs one worker process runs at once
    worker_lane_concurrency: int = 2  # of them, deliveries to one webhook subscription
    attachment_max_bytes: int = 20 * 1024 * 1024
    attachment_timeout_seconds: float = 10.0
    attachments_per_message_max: int = 10
    attachments_total_max_bytes: int = 50 * 1024 * 1024
    allow_private_addresses: bool = False
    webhook_timeout_seconds: float = 10.0
    public_url: str | None = None
    log_level: str = "INFO"
    # Email (parley.mail): the SMTP listener's host:port (None: no listener), the largest
    # mail it takes, its STARTTLS certificate and key, and the relay outgoing mail goes
    # through (smtp://, smtps://, smtp://…?starttls=true; None: nothing is sent).
    smtp_listen: str | None = None
    smtp_max_bytes: int = 30 * 1024 * 1024
    smtp_tls_cert: str | None = None
    smtp_tls_key: str | None = None
    smtp_url: str | None = None
    smtp_hostname: str | None = None
    # The installation's one secret (None: a generated file in the data dir, see
    # parley.secret); a key per purpose is derived from it (page keys, stored secrets).
    secret_key: str | None = None
    # The desk: how long a sign-in lasts, and whether its cookie is Secure ("auto": when
    # the request or PARLEY_PUBLIC_URL is https).
    desk_session_seconds: int = 12 * 3600
    # ... and how long a session may go without a request before it ends.
    desk_session_idle_seconds: int = 3600
    desk_secure_cookies: str = "auto"
    # argon2id's cost for new desk password hashes: passes, and memory in KiB (OWASP's
    # recommended minimum by default; parley.desk.auth.PasswordCost).
    desk_password_passes: int = 2
    desk_password_memory_kib: int = 19 * 1024
    # Addresses of reverse proxies (comma-separated) whose X-Forwarded-For names the
    # client, for the desk's failed sign-ins per client address; empty: none trusted.
    trusted_proxies: str = ""
    # The admin API under /_parley/ (parley.admin) is served only when this is set, and
    # only to requests that carry it.
    admin_token: str | None = None
    # off | dixa (10/s, burst 4) | <N>/s or <N>/m with ,burst=<B> (parley.guard.ratelimit)
    rate_limit: str = "off"
    log_format: str = "text"  # text | json
    metrics_token: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        base = cls()
        values: dict[str, object] = {}
        mapping: dict[str, tuple[str, Callable[[str], object]]] = {
            "DATABASE_URL": ("database_url", str),
            "DATABASE_POOL_SIZE": ("database_pool_size", int),
            "DATA_DIR": ("data_dir", Path),
            "PAGE_LINKS": ("page_links", str),
            "PAGE_LIMIT_DEFAULT": ("page_limit_default", int),
            "PAGE_LIMIT_MAX": ("page_limit_max", int),
            "MAX_BODY_BYTES": ("max_body_bytes", int),
            "AUTO_MIGRATE": ("auto_migrate", _bool),
            "EMBEDDED_WORKER": ("embedded_worker", _bool),
            "WORKER_POLL_SECONDS": ("worker_poll_seconds", float),
            "JOB_CLAIM_TIMEOUT_SECONDS": ("job_claim_timeout_seconds", int),
            "WORKER_CONCURRENCY": ("worker_concurrency", int),
            "HEADER_TIMEOUT_SECONDS": ("header_timeout_seconds", float),
            "BODY_TIMEOUT_SECONDS": ("body_timeout_seconds", float),
            "WORKER_LANE_CONCURRENCY": ("worker_lane_concurrency", int),
            "ATTACHMENT_MAX_BYTES": ("attachment_max_bytes", int),
            "ATTACHMENT_TIMEOUT_SECONDS": ("attachment_timeout_seconds", float),
            "ATTACHMENTS_PER_MESSAGE_MAX": ("attachments_per_message_max", int),
            "ATTACHMENTS_TOTAL_MAX_BYTES": ("attachments_total_max_bytes", int),
            "ALLOW_PRIVATE_ADDRESSES": ("allow_private_addresses", _bool),
            "WEBHOOK_TIMEOUT_SECONDS": ("webhook_timeout_seconds", float),
            "PUBLIC_URL": ("public_url", str),
            "LOG_LEVEL": ("log_level", str),
            "SMTP_LISTEN": ("smtp_listen", str),
            "SMTP_MAX_BYTES": ("smtp_max_bytes", int),
            "SMTP_TLS_CERT": ("smtp_tls_cert", str),
            "SMTP_TLS_KEY": ("smtp_tls_key", str),
            "SMTP_URL": ("smtp_url", str),
            "SMTP_HOSTNAME": ("smtp_hostname", str),
            "SECRET_KEY": ("secret_key", str),
            "DESK_SESSION_SECONDS": ("desk_session_seconds", int),
            "DESK_SESSION_IDLE_SECONDS": ("desk_session_idle_seconds", int),
            "DESK_SECURE_COOKIES": ("desk_secure_cookies", str),
            "DESK_PASSWORD_PASSES": ("desk_password_passes", int),
            "DESK_PASSWORD_MEMORY_KIB": ("desk_password_memory_kib", int),
            "TRUSTED_PROXIES": ("trusted_proxies", str),
            "ADMIN_TOKEN": ("admin_token", str),
            "RATE_LIMIT": ("rate_limit", str),
            "LOG_FORMAT": ("log_format", str),
            "METRICS_TOKEN": ("metrics_token", str),
        }
        for key, (attr, conv) in mapping.items():
            raw = env.get("PARLEY_" + key)
            if raw is not None and raw != "":
                values[attr] = conv(raw)
        settings = replace(base, **values)  # type: ignore[arg-type]
        if overrides:
            settings = replace(settings, **overrides)  # type: ignore[arg-type]
        return settings._checked()

    def _checked(self) -> Settings:
        """These settings, or a ValueError naming the first one out of its range."""
        if self.page_links not in {"absolute", "relative"}:
            raise ValueError("PARLEY_PAGE_LINKS must be 'absolute' or 'relative'")
        if self.database_pool_size < 1:
            raise ValueError("PARLEY_DATABASE_POOL_SIZE must be 1 or more")
        if self.desk_password_passes < 1 or self.desk_password_memory_kib < 8:
            raise ValueError(
                "PARLEY_DESK_PASSWORD_PASSES must be 1 or more and "
                "PARLEY_DESK_PASSWORD_MEMORY_KIB 8 or more"
            )
        return self

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def incoming_dir(self) -> Path:
        """Where downloads are written while they arrive, beside ``blob_dir`` (the same
        file system, so a finished file is renamed into place), left out of backups."""
        return self.data_dir / "incoming"
