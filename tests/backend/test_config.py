"""Settings refuse to start with placeholder secrets, sync database URLs, half a webhook or a weak one."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import event
from sqlalchemy.pool import QueuePool

from backend.config import MIN_SECRET_LENGTH, Settings
from backend.db import service_engine
from backend.security.passwords import FAST_HASHES_FOR_TESTS_VARIABLE

SECRET = "s" * MIN_SECRET_LENGTH
DATA = "d" * MIN_SECRET_LENGTH
SQLITE = "sqlite+aiosqlite:///./var/test.db"
POSTGRES = "postgresql+asyncpg://slrt@127.0.0.1:5432/slrt"


def make_settings(**overrides: Any) -> Settings:
    """Settings from good values and `overrides`, ignoring any .env file."""
    values: dict[str, Any] = {"secret_key": SECRET, "data_key": DATA, "database_url": SQLITE}
    values.update(overrides)
    return Settings(_env_file=None, **values)


def refusal(**overrides: Any) -> str:
    """The validation message for settings that must be refused."""
    with pytest.raises(ValidationError) as refused:
        make_settings(**overrides)
    return str(refused.value)


class TestGoodSettings:
    """Real secrets and an async URL make settings with the documented defaults."""

    def test_accepts_and_keeps_the_secrets_secret(self) -> None:
        settings = make_settings()
        assert settings.secret_key.get_secret_value() == SECRET
        assert settings.data_key.get_secret_value() == DATA
        assert SECRET not in repr(settings) and DATA not in repr(settings)

    def test_defaults(self) -> None:
        settings = make_settings()
        assert (settings.host, settings.port) == ("127.0.0.1", 8000)
        assert settings.telegram_bot_token is None
        assert settings.telegram_mode == "polling"
        assert settings.bot_framework == "ptb"
        assert settings.telegram_api_url == "https://api.telegram.org"


class TestPlaceholderSecrets:
    """SECRET_KEY and DATA_KEY must be real: no placeholder, at least 32 characters."""

    @pytest.mark.parametrize("name", ["secret_key", "data_key"])
    @pytest.mark.parametrize(
        "value",
        [
            pytest.param("", id="empty"),
            pytest.param("change-me", id="change-me"),
            pytest.param("CHANGE-ME", id="change-me in capitals"),
            pytest.param("  changeme  ", id="changeme with spaces"),
            pytest.param("secret", id="secret"),
            pytest.param("please-change-this", id="please-change-this"),
            pytest.param(" " * 40, id="only spaces"),
            pytest.param("x" * (MIN_SECRET_LENGTH - 1), id="31 characters"),
        ],
    )
    def test_refuses_naming_the_setting(self, name: str, value: str) -> None:
        assert name.upper() in refusal(**{name: value})

    @pytest.mark.parametrize("name", ["SECRET_KEY", "DATA_KEY"])
    def test_refuses_when_missing_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch, name: str
    ) -> None:
        monkeypatch.delenv(name, raising=False)
        with pytest.raises(ValidationError, match=name):
            Settings(_env_file=None, database_url=SQLITE)

    def test_reads_real_secrets_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SECRET_KEY", SECRET)
        monkeypatch.setenv("DATA_KEY", DATA)
        settings = Settings(_env_file=None, database_url=SQLITE)
        assert settings.secret_key.get_secret_value() == SECRET
        assert settings.data_key.get_secret_value() == DATA

    def test_refuses_a_placeholder_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("DATA_KEY", "change-me")
        with pytest.raises(ValidationError, match="DATA_KEY"):
            Settings(_env_file=None, database_url=SQLITE)

    def test_accepts_exactly_32_characters(self) -> None:
        assert make_settings(secret_key="k" * MIN_SECRET_LENGTH).secret_key


class TestDatabaseUrl:
    """DATABASE_URL must name an async driver: aiosqlite or asyncpg."""

    @pytest.mark.parametrize("url", [SQLITE, "sqlite+aiosqlite:///:memory:", POSTGRES])
    def test_accepts_async_urls(self, url: str) -> None:
        assert make_settings(database_url=url).database_url == url

    @pytest.mark.parametrize(
        "url",
        [
            "postgresql://slrt@127.0.0.1:5432/slrt",
            "postgresql+psycopg2://slrt@127.0.0.1:5432/slrt",
            "postgres://slrt@127.0.0.1/slrt",
            "sqlite:///./var/slrt.db",
            "mysql+aiomysql://slrt@127.0.0.1/slrt",
            "",
        ],
    )
    def test_refuses_sync_and_other_urls(self, url: str) -> None:
        message = refusal(database_url=url)
        assert "database_url" in message and "async driver" in message

    def test_refuses_a_sync_url_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DATABASE_URL", "postgresql://slrt@127.0.0.1:5432/slrt")
        with pytest.raises(ValidationError, match="DATABASE_URL"):
            Settings(_env_file=None)

    def test_the_default_is_an_async_sqlite_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
        settings = Settings(_env_file=None, secret_key=SECRET, data_key=DATA)
        assert settings.database_url.startswith("sqlite+aiosqlite:///")
        assert settings.is_sqlite

    def test_postgres_is_not_sqlite(self) -> None:
        assert not make_settings(database_url=POSTGRES).is_sqlite


class TestEmptyTelegramValues:
    """An empty TELEGRAM_BOT_TOKEN or webhook secret (as in .env.example) means none."""

    def test_empty_token_is_none(self) -> None:
        assert make_settings(telegram_bot_token="").telegram_bot_token is None

    def test_empty_token_from_the_environment_is_none(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
        monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "")
        settings = make_settings()
        assert settings.telegram_bot_token is None
        assert settings.telegram_webhook_secret is None

    def test_a_token_is_kept_secret(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABC-token")
        settings = make_settings()
        assert settings.telegram_bot_token is not None
        assert settings.telegram_bot_token.get_secret_value() == "123456:ABC-token"
        assert "ABC-token" not in repr(settings)


class TestWebhookMode:
    """Webhook mode with a bot token needs both the public URL and the secret token."""

    TOKEN = "123456:ABC-token"
    URL = "https://slrt.kotabogor.go.id/telegram/webhook"
    HOOK_SECRET = "webhook-secret-0123456789"

    @pytest.mark.parametrize(
        ("url", "secret"),
        [
            pytest.param(None, None, id="neither"),
            pytest.param(URL, None, id="no secret"),
            pytest.param(None, HOOK_SECRET, id="no url"),
            pytest.param("", "", id="both empty, as in .env.example"),
        ],
    )
    def test_refuses_a_half_configured_webhook(self, url: str | None, secret: str | None) -> None:
        message = refusal(
            telegram_mode="webhook",
            telegram_bot_token=self.TOKEN,
            telegram_webhook_url=url,
            telegram_webhook_secret=secret,
        )
        assert "TELEGRAM_WEBHOOK_URL" in message and "TELEGRAM_WEBHOOK_SECRET" in message

    def test_accepts_a_complete_webhook(self) -> None:
        settings = make_settings(
            telegram_mode="webhook",
            telegram_bot_token=self.TOKEN,
            telegram_webhook_url=self.URL,
            telegram_webhook_secret=self.HOOK_SECRET,
        )
        assert settings.telegram_mode == "webhook"

    def test_accepts_webhook_mode_without_a_bot(self) -> None:
        assert make_settings(telegram_mode="webhook").telegram_bot_token is None

    def test_refuses_a_half_configured_webhook_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("TELEGRAM_MODE", "webhook")
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", self.TOKEN)
        monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", self.URL)
        monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "")
        with pytest.raises(ValidationError, match="TELEGRAM_WEBHOOK_SECRET"):
            make_settings()

    @pytest.mark.parametrize(
        ("field", "value"), [("telegram_mode", "long-polling"), ("bot_framework", "telebot")]
    )
    def test_refuses_unknown_choices(self, field: str, value: str) -> None:
        assert field in refusal(**{field: value})


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production settings can be made in this test (fast test hashes are refused there)."""
    monkeypatch.delenv(FAST_HASHES_FOR_TESTS_VARIABLE, raising=False)


class TestWebhookSecret:
    """Telegram's rule for the secret token always; in production at least 32 characters."""

    LONG = "A-z_0" * 6 + "9x"  # 32 characters Telegram accepts

    @pytest.mark.usefixtures("production")
    def test_production_needs_32_characters(self) -> None:
        message = refusal(environment="production", telegram_webhook_secret=self.LONG[:-1])
        assert "TELEGRAM_WEBHOOK_SECRET is too short" in message
        assert str(MIN_SECRET_LENGTH) in message
        settings = make_settings(environment="production", telegram_webhook_secret=self.LONG)
        assert settings.telegram_webhook_secret is not None
        # A developer's short one is fine.
        assert make_settings(telegram_webhook_secret=self.LONG[:-1]).telegram_webhook_secret

    @pytest.mark.usefixtures("production")
    def test_production_refuses_a_short_secret_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("ENVIRONMENT", "production")
        monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "webhook-secret-0123456789")
        with pytest.raises(ValidationError, match="TELEGRAM_WEBHOOK_SECRET is too short"):
            make_settings()

    @pytest.mark.parametrize(
        "secret",
        [
            pytest.param("with space" + "x" * 32, id="space"),
            pytest.param("x" * 32 + "/", id="slash"),
            pytest.param("rahasia-ñ" + "x" * 32, id="not ASCII"),
        ],
    )
    def test_refuses_what_telegram_refuses(self, secret: str) -> None:
        message = refusal(telegram_webhook_secret=secret)
        assert "TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -" in message

    def test_at_most_256_characters(self) -> None:
        assert make_settings(telegram_webhook_secret="x" * 256).telegram_webhook_secret
        assert "TELEGRAM_WEBHOOK_SECRET" in refusal(telegram_webhook_secret="x" * 257)


class TestApiDocs:
    """API_DOCS=on|off; unset, the docs are served in development and not in production."""

    def test_on_in_development(self) -> None:
        assert make_settings().serves_api_docs

    @pytest.mark.usefixtures("production")
    def test_off_in_production(self) -> None:
        assert not make_settings(environment="production").serves_api_docs

    @pytest.mark.usefixtures("production")
    @pytest.mark.parametrize(
        ("environment", "value", "served"),
        [
            ("production", "on", True),
            ("production", "off", False),
            ("development", "off", False),
            ("development", "ON", True),
            ("production", "", False),
        ],
    )
    def test_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch, environment: str, value: str, served: bool
    ) -> None:
        monkeypatch.setenv("ENVIRONMENT", environment)
        monkeypatch.setenv("API_DOCS", value)
        assert make_settings().serves_api_docs is served

    def test_refuses_anything_else(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("API_DOCS", "maybe")
        with pytest.raises(ValidationError, match="API_DOCS must be on or off"):
            make_settings()


class TestForwardedAllowIps:
    """FORWARDED_ALLOW_IPS: the proxies trusted to name the client; uvicorn's default."""

    def test_only_the_local_machine_by_default(self) -> None:
        assert make_settings().forwarded_allow_ips == "127.0.0.1"

    @pytest.mark.parametrize(
        "value", ["10.0.0.5", "10.0.0.5, 10.0.1.0/24", "::1,fd00::/8", "*", ""]
    )
    def test_accepts_addresses_and_networks(self, value: str) -> None:
        assert make_settings(forwarded_allow_ips=value).forwarded_allow_ips == value

    @pytest.mark.parametrize("value", ["proxy.local", "10.0.0.300", "10.0.0.5; 10.0.0.6"])
    def test_refuses_what_is_not_an_address(self, value: str) -> None:
        assert "FORWARDED_ALLOW_IPS" in refusal(forwarded_allow_ips=value)


def test_rate_limits_follow_redis_url_unless_told_otherwise() -> None:
    shared = make_settings(redis_url="redis://127.0.0.1:6379/3")
    assert shared.rate_limit_storage == "redis://127.0.0.1:6379/3"
    own = make_settings(redis_url="redis://127.0.0.1:6379/3", rate_limit_storage="memory://")
    assert own.rate_limit_storage == "memory://"
    assert make_settings(redis_url="").redis_url is None
    assert make_settings().rate_limit_storage == "memory://"
    # Empty, as .env.example has it, is unset.
    assert make_settings(rate_limit_storage="").rate_limit_storage == "memory://"
    from_example = make_settings(redis_url="redis://127.0.0.1:6379/3", rate_limit_storage="")
    assert from_example.rate_limit_storage == "redis://127.0.0.1:6379/3"


@pytest.mark.usefixtures("production")
class TestMetricsToken:
    """METRICS_TOKEN: empty means none; in production a real secret or nothing."""

    def test_empty_means_none(self) -> None:
        assert make_settings(metrics_token="").metrics_token is None

    def test_a_short_token_is_refused_in_production(self) -> None:
        assert "METRICS_TOKEN" in refusal(environment="production", metrics_token="short")

    def test_a_long_token_is_taken_and_kept_secret(self) -> None:
        settings = make_settings(environment="production", metrics_token="t" * MIN_SECRET_LENGTH)
        assert settings.metrics_token is not None
        assert "t" * MIN_SECRET_LENGTH not in repr(settings)


@pytest.mark.usefixtures("production")
class TestLogFormat:
    """LOG_FORMAT: text or json; unset, json in production only."""

    def test_defaults(self) -> None:
        assert not make_settings().logs_as_json
        assert make_settings(environment="production").logs_as_json
        assert not make_settings(environment="production", log_format="text").logs_as_json

    def test_refuses_anything_else(self) -> None:
        assert "log_format" in refusal(log_format="yaml")


class TestConnectionPool:
    """DATABASE_POOL_SIZE and DATABASE_MAX_OVERFLOW size each service process's pool."""

    @pytest.fixture
    def url(self, backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
        if backend == "postgresql":
            return str(request.getfixturevalue("shared_postgresql_url"))
        return f"sqlite+aiosqlite:///{tmp_path / 'pool.db'}"

    async def test_postgresql_keeps_the_pool_it_is_told(self, backend: str, url: str) -> None:
        settings = make_settings(database_url=url, database_pool_size=4, database_max_overflow=1)
        engine = service_engine(settings)
        try:
            async with AsyncExitStack() as stack:
                for _ in range(5):
                    await stack.enter_async_context(engine.connect())
                pool = engine.sync_engine.pool
                assert isinstance(pool, QueuePool)
                # PostgreSQL: one pool of the two together, no overflow past it. SQLite
                # keeps SQLAlchemy's own pool of 5 (no server counts its connections).
                assert (pool.size(), pool.checkedout(), pool.overflow()) == (5, 5, 0)
        finally:
            await engine.dispose()

    async def test_connections_opened_at_a_peak_are_kept(self, backend: str, url: str) -> None:
        # SQLAlchemy's overflow closed the fifth as it came back, and the next peak connected
        # again: under a burst of chats, a new connection for many an update.
        settings = make_settings(database_url=url, database_pool_size=4, database_max_overflow=1)
        engine = service_engine(settings)
        connects: list[object] = []
        event.listen(engine.sync_engine, "connect", lambda *_: connects.append(None))
        try:
            for _peak in range(2):
                async with AsyncExitStack() as stack:
                    for _ in range(5):
                        await stack.enter_async_context(engine.connect())
            assert len(connects) == 5
            assert engine.sync_engine.pool.checkedin() == 5
        finally:
            await engine.dispose()

    @pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # SQLite: SQLAlchemy's
    async def test_a_quiet_hour_reuses_the_last_connection(self, backend: str, url: str) -> None:
        # The most recent goes out first: the others idle rather than each waiting its turn
        # (and each then tried after its idle, three round trips).
        engine = service_engine(make_settings(database_url=url, database_pool_size=3))
        try:
            async with AsyncExitStack() as stack:
                for _ in range(3):
                    await stack.enter_async_context(engine.connect())
            seen = set()
            for _ in range(3):
                async with engine.connect() as connection:
                    seen.add(id((await connection.get_raw_connection()).driver_connection))
            assert len(seen) == 1
        finally:
            await engine.dispose()

    def test_the_default_is_sqlalchemys_five_and_ten(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # The suite's own environment sets small pools (tests/conftest.py).
        monkeypatch.delenv("DATABASE_POOL_SIZE", raising=False)
        monkeypatch.delenv("DATABASE_MAX_OVERFLOW", raising=False)
        settings = make_settings()
        assert (settings.database_pool_size, settings.database_max_overflow) == (5, 10)

    @pytest.mark.parametrize(
        "overrides", [{"database_pool_size": 0}, {"database_max_overflow": -1}]
    )
    def test_an_empty_or_negative_pool_is_refused(self, overrides: dict[str, int]) -> None:
        with pytest.raises(ValidationError):
            make_settings(**overrides)

    def test_a_pool_with_no_room_beside_the_notifiers_connections_is_refused(self) -> None:
        message = refusal(database_pool_size=2, database_max_overflow=2)
        assert "DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW is 4" in message
        assert "at least 5" in message

    async def test_an_in_memory_database_works(self) -> None:
        engine = service_engine(make_settings(database_url="sqlite+aiosqlite:///:memory:"))
        try:
            async with engine.connect() as connection:
                assert (await connection.exec_driver_sql("SELECT 1")).scalar() == 1
        finally:
            await engine.dispose()
