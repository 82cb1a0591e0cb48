"""The REST API under /api/v1, described at /openapi.json: what its endpoints share.

Each domain keeps its endpoints (backend/staff/api.py, backend/complaints/api.py);
the composition root (backend/app.py) hands their routers to install_api.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, FastAPI

from backend.api.errors import ErrorOut, install_error_handlers

PREFIX = "/api/v1"
# Any operation may answer 400 before its handler runs: a NIK or KK in its address
# (backend/security/address_guard.py), or a body that is not text FastAPI can read.
BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "A NIK or KK in the address (send it in a POST body), or an unreadable body",
    }
}


def install_api(app: FastAPI, routers: Iterable[APIRouter]) -> None:
    """Mounts the API's routers under /api/v1 and the JSON error answers on the application."""
    api = APIRouter(prefix=PREFIX)
    for router in routers:
        api.include_router(router, responses=BAD_REQUEST)
    app.include_router(api)
    install_error_handlers(app)
