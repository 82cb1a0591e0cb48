"""The FastAPI application: health check now; API, panel and channels mount here."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.config import Settings, get_settings
from backend import models as _all_models  # noqa: F401  (every table, so foreign keys resolve)
from backend.db import create_engine, create_session_factory

# A health check that hangs is as bad as one that fails.
HEALTH_TIMEOUT_SECONDS = 3.0


def create_app(settings: Settings | None = None) -> FastAPI:
    """Builds the application for the given settings (read from the environment if None)."""
    settings = settings or get_settings()
    engine = create_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = FastAPI(title="SLRT Intake", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = create_session_factory(engine)

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> JSONResponse:
        """Answers 200 when the database answers, 503 otherwise."""
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS):
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError, TimeoutError) as error:
            return JSONResponse(
                {"status": "unavailable", "database": type(error).__name__}, status_code=503
            )
        return JSONResponse({"status": "ok", "database": "ok"})

    return app
