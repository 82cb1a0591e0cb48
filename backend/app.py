"""The FastAPI application: health check now; API, panel and channels mount here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp

from backend import models as _all_models  # noqa: F401  (every table, so foreign keys resolve)
from backend.api import install_api
from backend.api.docs import OPENAPI_URL, install_api_docs
from backend.complaints.api import router as complaints_api
from backend.config import Settings, get_settings
from backend.db import READ_ONLY_OPTION, service_engine
from backend.observability.endpoint import metrics_router
from backend.observability.http import ObserveRequests
from backend.open311.api import router as open311_api
from backend.outage import AnswerDatabaseOutages
from backend.panel import install_panel
from backend.satisfaction.api import router as reports_api
from backend.security.address_guard import RefuseIdentityNumbersInAddress
from backend.security.headers import SecurityHeaders
from backend.security.log_guard import install_log_guard
from backend.sessions import service_sessions
from backend.signin.api import router as staff_api

log = logging.getLogger(__name__)

# A health check that hangs is as bad as one that fails.
HEALTH_TIMEOUT_SECONDS = 3.0
# How long a stopping service waits for the notifier to finish its batch.
NOTIFIER_STOP_SECONDS = 5.0
# How long a stopping server lets open requests finish: web chat long polls wait up to
# half a minute, and the page simply polls again after the cut.
SHUTDOWN_GRACE_SECONDS = 5


class ServiceApp(FastAPI):
    """The service's FastAPI, with SecurityHeaders and ObserveRequests as its outermost layers.

    Middleware added with add_middleware sits inside Starlette's error handler, so
    the 500 of a crash would leave without the security headers, its request id and
    its count; these layers wrap it.
    """

    def build_middleware_stack(self) -> ASGIApp:
        production = self.state.settings.environment == "production"
        return ObserveRequests(
            SecurityHeaders(super().build_middleware_stack(), production=production)
        )


def create_app(
    settings: Settings | None = None, sessions: async_sessionmaker[AsyncSession] | None = None
) -> FastAPI:
    """Builds the application for the given settings (read from the environment if None).

    `sessions` replaces the session factory on the settings' database: tests pass one
    bound to a connection whose transaction they roll back.
    """
    settings = settings or get_settings()
    install_log_guard()
    engine = service_engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        bot_task = None
        if settings.telegram_bot_token is not None:
            from bot.telegram.runtime import log_if_failed

            bot_task = asyncio.create_task(_keep_bot_running(app, settings), name="telegram-bot")
            bot_task.add_done_callback(log_if_failed)  # a bug that ends it is logged at once
        # Long polls here wake on what any process writes to a web chat (LISTEN/NOTIFY).
        await app.state.webchat_hub.start()
        # The notifier runs in every service process; an election lets only one send.
        from bot.notifier.runtime import run_notifier

        notifier_stop = asyncio.Event()
        notifier_task = asyncio.create_task(
            run_notifier(
                settings,
                engine,
                app.state.sessions,
                notifier_stop,
                web_hub=app.state.webchat_hub,
                bell=app.state.outbox_bell,
            ),
            name="notifier",
        )
        # A bug that ends it is logged at once, not only when the service stops.
        from bot.telegram.runtime import log_if_failed

        notifier_task.add_done_callback(log_if_failed)
        yield
        # The bot first: an answer it hands to the notifier after its commit still finds it.
        if bot_task is not None:
            bot_task.cancel()
            await asyncio.gather(bot_task, return_exceptions=True)
        notifier_stop.set()
        # A notifier stuck on a database that does not answer must not hold the stop up;
        # what it had not marked sent is sent again by the next notifier.
        await asyncio.gather(
            asyncio.wait_for(notifier_task, NOTIFIER_STOP_SECONDS), return_exceptions=True
        )
        await app.state.webchat_hub.close()
        if app.state.whatsapp is not None:
            await app.state.whatsapp.client.close()
            await app.state.whatsapp.failures.close()
        await engine.dispose()

    # API docs from installed files, or nothing at all (API_DOCS): never FastAPI's CDN pages.
    app = ServiceApp(
        title="SLRT Intake",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=OPENAPI_URL if settings.serves_api_docs else None,
    )
    app.add_middleware(RefuseIdentityNumbersInAddress)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions or service_sessions(engine, settings)
    app.state.telegram = None
    # The bot's answers go out through the notifier: handed to it after their commit when
    # it is the active one, else queued with a ring (bot/notifier/bell.py).
    from bot.notifier.bell import OutboxBell

    app.state.outbox_bell = OutboxBell()
    # The panel's invitation links need the bot's username; only the bot can ask Telegram.
    from bot.telegram.username import bot_username

    app.state.bot_username = bot_username
    # The chat webhooks first: routes are tried in order, and the panel's and the API's
    # many routes cost a webhook update half a millisecond of matching when tried before.
    if settings.telegram_bot_token is not None and settings.telegram_mode == "webhook":
        from bot.telegram.webhook import webhook_router

        assert settings.telegram_webhook_secret is not None  # checked by Settings
        app.include_router(webhook_router(settings.telegram_webhook_secret.get_secret_value()))
    _mount_whatsapp(app, settings)
    _mount_web_chat(app, settings)
    install_api(app, [staff_api, complaints_api, reports_api])
    install_panel(app)
    # Open311 GeoReport v2 for other systems (docs/open311.md).
    app.include_router(open311_api)
    app.include_router(metrics_router(settings.metrics_token))
    if settings.serves_api_docs:
        install_api_docs(app)

    # Added last, so it is the outermost of our layers: an outage raised in any route,
    # dependency, commit or middleware inside it is answered 503 (backend/outage.py).
    app.add_middleware(AnswerDatabaseOutages)

    @app.get(
        "/healthz", tags=["operations"],
        responses={503: {"description": "The database does not answer (within a few seconds)"}},
    )  # fmt: skip
    async def healthz() -> JSONResponse:
        """Answers 200 when the database answers, 503 otherwise."""
        try:
            # Through the sessions every route uses, so it answers for the same connections.
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                async with app.state.sessions() as session:
                    await session.connection(execution_options={READ_ONLY_OPTION: True})
                    await session.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError, TimeoutError) as error:
            return JSONResponse(
                {"status": "unavailable", "database": type(error).__name__}, status_code=503
            )
        return JSONResponse({"status": "ok", "database": "ok"})

    return app


async def _keep_bot_running(app: FastAPI, settings: Settings) -> None:
    """Starts the Telegram bot, retrying while Telegram cannot be reached; the panel runs anyway."""
    from bot.telegram.runtime import InvalidBotToken, start_bot

    delay = 1.0
    while True:
        try:
            running = await start_bot(settings, app.state.sessions, bell=app.state.outbox_bell)
            break
        except InvalidBotToken as error:  # no retry can fix a token: say so once, plainly
            log.error("Telegram bot not started: %s", error)
            return
        except Exception as error:  # noqa: BLE001  (Telegram down, a bug: keep serving)
            log.warning("Telegram bot not started (%r); trying again in %.0f s", error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)
    app.state.telegram = running.channel
    try:
        await asyncio.Event().wait()  # until the service stops
    finally:
        app.state.telegram = None
        await running.shutdown()


def _mount_whatsapp(app: FastAPI, settings: Settings) -> None:
    """The WhatsApp webhook at /whatsapp/webhook, when WHATSAPP_PHONE_NUMBER_ID is set."""
    app.state.whatsapp = None
    if not settings.whatsapp_enabled:
        return
    from bot.whatsapp.runtime import create_whatsapp_channel
    from bot.whatsapp.webhook import whatsapp_webhook_router

    assert settings.whatsapp_verify_token and settings.whatsapp_app_secret  # checked by Settings
    app.state.whatsapp = create_whatsapp_channel(
        settings, app.state.sessions, app.state.outbox_bell
    )
    app.include_router(
        whatsapp_webhook_router(
            settings.whatsapp_verify_token.get_secret_value(),
            settings.whatsapp_app_secret.get_secret_value(),
        )
    )


def _mount_web_chat(app: FastAPI, settings: Settings) -> None:
    """The web chat at /chat: the same dialogs as Telegram, in a browser."""
    from bot.web.channel import WebChat
    from bot.web.routes import webchat_router
    from bot.web.wakeups import webchat_hub_for
    from dialogs.engine import DialogEngine, dialog_services

    hub = webchat_hub_for(app.state.engine)
    app.state.webchat_hub = hub
    dialogs = DialogEngine(app.state.sessions, dialog_services(settings))
    chat = WebChat(dialogs, app.state.sessions, hub, files_dir=settings.files_dir)
    app.include_router(webchat_router(settings, chat))
