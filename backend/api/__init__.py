"""The REST API under /api/v1, described at /openapi.json: what its endpoints share.

Each domain keeps its endpoints (backend/staff/api.py, backend/complaints/api.py);
the composition root (backend/app.py) hands their routers to install_api.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, FastAPI

from backend.api.errors import install_error_handlers

PREFIX = "/api/v1"


def install_api(app: FastAPI, routers: Iterable[APIRouter]) -> None:
    """Mounts the API's routers under /api/v1 and the JSON error answers on the application."""
    api = APIRouter(prefix=PREFIX)
    for router in routers:
        api.include_router(router)
    app.include_router(api)
    install_error_handlers(app)
