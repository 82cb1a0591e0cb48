"""The REST API under /api/v1: staff sign-in and complaints, described at /openapi.json."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from backend.api.errors import install_error_handlers

PREFIX = "/api/v1"


def install_api(app: FastAPI) -> None:
    """Mounts every API router and the JSON error answers on the application."""
    from backend.complaints.api import router as complaints_router
    from backend.staff.api import router as staff_router

    api = APIRouter(prefix=PREFIX)
    api.include_router(staff_router)
    api.include_router(complaints_router)
    app.include_router(api)
    install_error_handlers(app)
