"""The admin area's root (/panel/admin): for administrators only; its pages hang below it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from backend.panel.deps import PanelStaff, require_roles
from backend.panel.nav import ADMIN_ROLES
from backend.panel.rendering import render

router = APIRouter(prefix="/panel/admin", include_in_schema=False)
AdminStaff = Annotated[PanelStaff, Depends(require_roles(*ADMIN_ROLES))]


@router.get("")
async def admin_index(request: Request, staff: AdminStaff) -> Response:
    """The admin index: staff accounts, categories and their SLA, agencies."""
    return render(request, "admin_index.html")
