"""Typed settings read from the environment and `.env`."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.security.passwords import FAST_HASHES_FOR_TESTS_VARIABLE, fast_hashes_for_tests

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Values that ship in .env.example; a service started with one of them would
# encrypt citizens' NIK under a key anybody can read.
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "please-change-this"})
MIN_SECRET_LENGTH = 32
# Telegram's rule for a webhook's secret_token: 1-256 of these characters.
WEBHOOK_SECRET_PATTERN = r"^[A-Za-z0-9_-]{1,256}$"


# Connections a sending service process holds for as long as it runs, on PostgreSQL: the
# notifier's election lock, its outbox listener and the web chat's listener.
SERVICE_HELD_CONNECTIONS = 3


class Settings(BaseSettings):
    """Every setting of the service; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    environment: Literal["development", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/slrt.db"
    secret_key: SecretStr = SecretStr("")
    data_key: SecretStr = SecretStr("")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # The proxies whose X-Forwarded-For `slrt run` believes (uvicorn's meaning: addresses
    # or networks, comma-separated, or *). Anyone else's is ignored, so a client cannot
    # pick the address its rate limits and audit records are kept under.
    forwarded_allow_ips: str = "127.0.0.1"
    # Where people reach the service (https://…), for links in letters and emails.
    public_url: str | None = Field(default=None, pattern=r"^($|https?://[^\s/?#]+(/[^\s?#]*)?$)")
    # /docs, /redoc and /openapi.json: on or off; unset means on in development only.
    api_docs: bool | None = None

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    bot_framework: Literal["ptb", "aiogram"] = "ptb"
    # "typing…" is shown only for an update whose answer takes longer than this (seconds).
    telegram_typing_after: float = Field(default=1.0, ge=0, le=30)
    # The bot's @username (without @) for t.me links; asked of Telegram (getMe) when unset.
    telegram_bot_username: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$")

    # WhatsApp (Business Cloud API, webhook only): on when WHATSAPP_PHONE_NUMBER_ID is set.
    whatsapp_phone_number_id: str | None = Field(default=None, pattern=r"^$|^[0-9]{5,20}$")
    whatsapp_access_token: SecretStr | None = None
    # Meta signs every webhook with the app secret (X-Hub-Signature-256); unsigned is refused.
    whatsapp_app_secret: SecretStr | None = None
    # What Meta's webhook verification (GET hub.verify_token) must show.
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_api_url: str = "https://graph.facebook.com"
    whatsapp_api_version: str = Field(default="23.0", pattern=r"^[0-9]+\.[0-9]+$")
    # Status messages to a chat quiet for 24 hours go as approved utility templates named
    # <prefix><status> (e.g. slrt_status_in_review), or <prefix>update for other news, in
    # Indonesian (id) or English (en); their one parameter is the ticket number.
    whatsapp_template_prefix: str = Field(default="slrt_status_", pattern=r"^[a-z0-9_]{1,400}$")
    # The templates' body parameters in order ({{1}}, {{2}}, …), comma-separated, of
    # ticket, status (its name in the chat's language) and due (the expected date).
    whatsapp_template_parameters: str = Field(
        default="ticket", pattern=r"^(ticket|status|due)(,(ticket|status|due))*$"
    )

    files_dir: Path = Path("var/files")
    # Days an agency's answer link works (it also stops once the referral is answered).
    referral_link_days: int = Field(default=60, ge=1, le=365)
    appeal_window_days: int = Field(default=14, ge=1, le=90)
    # Telegram takes about 30 messages a second from a bot and one a second per chat.
    notifier_rate: float = Field(default=29.5, gt=0, le=1000)
    notifier_chat_interval: float = Field(default=1.0, ge=0, le=60)
    notifier_concurrency: int = Field(default=8, ge=1, le=100)
    notifier_max_attempts: int = Field(default=8, ge=1, le=50)
    # Facilitators: invitation links expire; household links too; relays wait this many
    # working days for the facilitator's confirmation before a reminder and the supervisor's list.
    facilitator_invitation_hours: int = Field(default=72, ge=1, le=720)
    household_link_days: int = Field(default=30, ge=1, le=60)
    relay_confirm_working_days: int = Field(default=2, ge=1, le=20)
    relay_check_interval: float = Field(default=300.0, gt=0, le=86400)
    # How often (seconds) the active notifier looks whether the morning digests are due.
    digest_check_interval: float = Field(default=300.0, gt=0, le=86400)
    # An answer to a staff question is passed on this many minutes after its last piece
    # when the person does not press "Selesai".
    answer_quiet_minutes: float = Field(default=5.0, gt=0, le=24 * 60)
    # Retention (UU 27/2022): web chat transcripts go this many days after a chat's last
    # message; a finished complaint's personal data is pseudonymised, and its attachments
    # deleted, this many years after it finished. The active notifier applies it this often.
    retention_web_chat_days: int = Field(default=180, ge=1, le=3650)
    retention_personal_data_years: int = Field(default=5, ge=1, le=30)
    retention_attachment_years: int = Field(default=2, ge=1, le=30)
    retention_check_hours: float = Field(default=24.0, gt=0, le=24 * 31)
    log_level: str = "INFO"
    # text (one readable line) or json (one object a line, for a log shipper); unset: json in
    # production, text in development.
    log_format: Literal["text", "json"] | None = None
    # GET /metrics (Prometheus): with a token, only `Authorization: Bearer <token>`; without
    # one, only clients on this machine that came through no proxy.
    metrics_token: SecretStr | None = None
    # Where the staff sign-in throttle keeps its counts (backend/staff/throttle.py):
    # memory:// for one process; redis://host:6379/0 when several processes or machines
    # serve the panel and the API, so an attacker cannot spread guesses over them.
    rate_limit_storage: str = Field(
        default="memory://", pattern=r"^($|memory://$|redis://|rediss://|redis\+unix://)"
    )
    # Redis, when several processes serve: their shared counts (rate limits, failed-update
    # counts). Unset: each process keeps its own,
    # right for the one-process default. RATE_LIMIT_STORAGE defaults to it when set.
    redis_url: str | None = Field(default=None, pattern=r"^(redis://|rediss://|redis\+unix://)")
    # Seconds a PostgreSQL connection or statement of the service may take before it is
    # given up (asyncpg's connect timeout and command_timeout): a database that hangs is
    # then answered 503 instead of holding every request (and worker) without end.
    database_timeout: float = Field(default=30.0, gt=0, le=3600)
    # Connections each service process (`slrt run` and each of its workers, `slrt bot`,
    # `slrt notifier`) keeps in its pool, and how many more it may open at a peak: together
    # they must stay under the server's max_connections (PostgreSQL's default is 100). On
    # PostgreSQL those opened at a peak stay open too (backend/db.py: service_engine), and
    # the process that sends holds three of them for good (SERVICE_HELD_CONNECTIONS).
    database_pool_size: int = Field(default=5, ge=1, le=100)
    database_max_overflow: int = Field(default=10, ge=0, le=100)

    @field_validator(
        "telegram_bot_token",
        "telegram_webhook_secret",
        "telegram_bot_username",
        "whatsapp_phone_number_id",
        "whatsapp_access_token",
        "whatsapp_app_secret",
        "whatsapp_verify_token",
        "redis_url",
        "log_format",
        "metrics_token",
        "public_url",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("api_docs", mode="before")
    @classmethod
    def _on_or_off(cls, value: object) -> object:
        if value == "":
            return None
        if isinstance(value, str) and value.strip().lower() not in ("on", "off"):
            raise ValueError("API_DOCS must be on or off")
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _addresses_or_networks(cls, value: str) -> str:
        for item in (part.strip() for part in value.split(",")):
            if item == "*" or not item:
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    f"FORWARDED_ALLOW_IPS: {item!r} is not an IP address or network; list the "
                    "proxies in front of the service, comma-separated (or * behind a proxy that "
                    "alone can reach it)"
                ) from None
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _telegram_accepts_the_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.match(WEBHOOK_SECRET_PATTERN, value.get_secret_value()):
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1 to 256 "
                "characters): Telegram refuses any other secret token"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver_only(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "DATABASE_URL must use an async driver: sqlite+aiosqlite:///path.db "
                "or postgresql+asyncpg://user@host:port/db"
            )
        return value

    @model_validator(mode="after")
    def _room_beside_the_held_connections(self) -> Settings:
        pool = self.database_pool_size + self.database_max_overflow
        if pool < SERVICE_HELD_CONNECTIONS + 2:
            raise ValueError(
                f"DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW is {pool}: the notifier holds "
                f"{SERVICE_HELD_CONNECTIONS} connections for good (its election lock and two "
                f"listeners), so at least {SERVICE_HELD_CONNECTIONS + 2} are needed"
            )
        return self

    @model_validator(mode="after")
    def _rate_limits_in_redis_when_there_is_one(self) -> Settings:
        # Empty (as in .env.example) is unset: the shared Redis when there is one.
        unset = self.rate_limit_storage == "" or "rate_limit_storage" not in self.model_fields_set
        if unset:
            self.rate_limit_storage = self.redis_url or "memory://"
        return self

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        for name in ("secret_key", "data_key"):
            value = getattr(self, name).get_secret_value()
            if value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < MIN_SECRET_LENGTH:
                raise ValueError(
                    f"{name.upper()} is missing or a placeholder: set it to a random value of at "
                    f"least {MIN_SECRET_LENGTH} characters (`slrt init-env` writes a .env with "
                    "fresh ones)"
                )
        webhook_incomplete = not self.telegram_webhook_url or not self.telegram_webhook_secret
        if self.telegram_mode == "webhook" and self.telegram_bot_token and webhook_incomplete:
            raise ValueError(
                "TELEGRAM_MODE=webhook needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET"
            )
        hook_secret = self.telegram_webhook_secret
        short = hook_secret is not None and len(hook_secret.get_secret_value()) < MIN_SECRET_LENGTH
        if self.environment == "production" and short:
            # Whoever guesses it can post updates to the bot as any citizen.
            raise ValueError(
                f"TELEGRAM_WEBHOOK_SECRET is too short: in production use at least "
                f"{MIN_SECRET_LENGTH} random characters of A-Z, a-z, 0-9, _ and - "
                '(python3 -c "import secrets; print(secrets.token_urlsafe(32))")'
            )
        metrics = self.metrics_token
        if self.environment == "production" and metrics is not None:
            value = metrics.get_secret_value()
            if value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < MIN_SECRET_LENGTH:
                # The figures hold no personal data, but they tell how the office works.
                raise ValueError(
                    f"METRICS_TOKEN is too short: in production use at least "
                    f"{MIN_SECRET_LENGTH} random characters, or leave it empty to serve "
                    "/metrics only to this machine"
                )
        missing = [
            name.upper()
            for name in ("whatsapp_access_token", "whatsapp_app_secret", "whatsapp_verify_token")
            if getattr(self, name) is None
        ]
        if self.whatsapp_phone_number_id and missing:
            # Without the app secret no webhook could be trusted; without the others no
            # message goes out or Meta cannot verify the webhook.
            raise ValueError(f"WHATSAPP_PHONE_NUMBER_ID is set: set {', '.join(missing)} too")
        if self.retention_attachment_years > self.retention_personal_data_years:
            # Photos of a KTP or a house outliving the pseudonymised case would undo it.
            raise ValueError(
                "RETENTION_ATTACHMENT_YEARS must not exceed RETENTION_PERSONAL_DATA_YEARS"
            )
        if self.environment == "production" and fast_hashes_for_tests():
            raise ValueError(
                f"{FAST_HASHES_FOR_TESTS_VARIABLE} is set: it weakens staff password hashes "
                "and is for the test suite only; unset it in production"
            )
        return self

    @property
    def whatsapp_template_parameter_names(self) -> tuple[str, ...]:
        """WHATSAPP_TEMPLATE_PARAMETERS as a tuple: ('ticket',) by default."""
        return tuple(self.whatsapp_template_parameters.split(","))

    @property
    def whatsapp_enabled(self) -> bool:
        """Whether the WhatsApp channel runs (WHATSAPP_PHONE_NUMBER_ID and its secrets set)."""
        return bool(self.whatsapp_phone_number_id)

    @property
    def serves_api_docs(self) -> bool:
        """Whether /docs, /redoc and /openapi.json are served (API_DOCS; unset: not in production)."""
        if self.api_docs is None:
            return self.environment != "production"
        return self.api_docs

    @property
    def logs_as_json(self) -> bool:
        """Whether log lines are JSON objects (LOG_FORMAT; unset: in production only)."""
        if self.log_format is None:
            return self.environment == "production"
        return self.log_format == "json"

    @property
    def public_base(self) -> str:
        """The service's public root without a trailing slash (PUBLIC_URL, or HOST:PORT)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def is_sqlite(self) -> bool:
        """Whether the configured database is an embedded SQLite file."""
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """Returns the process-wide settings, read once."""
    return Settings()
