"""The staff panel under /panel: server-rendered pages in Bahasa Indonesia (English switchable).

Pages are split by what they show (auth, queue, complaint, walk-in, admin);
deps.py gives each the signed-in staff member, role checks and CSRF, and
rendering.py the base template and the render() helper the later pages reuse.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from backend.panel.handlers import install_handlers


def panel_routers() -> list[APIRouter]:
    """The routers of the panel's pages; a new page module adds its router here."""
    from backend.panel import (
        admin,
        admin_agencies,
        admin_categories,
        admin_office,
        admin_open311,
        admin_users,
        attachments,
        auth,
        complaint,
        complaint_actions,
        corrections,
        dashboard,
        export,
        facilitator_page,
        facilitators,
        facilitators_review,
        failed_emails,
        ikm_report,
        login_code,
        outbox_health,
        outreach,
        profile,
        queue,
        referral_letters,
        registry_check,
        registry_import,
        registry_proposals,
        subject_export,
        two_factor,
        visits,
        walkin,
    )

    # In the order their routes are matched.
    modules = (auth, login_code, two_factor, queue, complaint, complaint_actions, attachments, walkin, admin,
               facilitators_review, facilitators, dashboard, export, admin_users,
               admin_categories, admin_agencies, admin_office, registry_check, registry_import,
               registry_proposals, corrections, subject_export, referral_letters, outbox_health,
               profile, failed_emails, outreach, ikm_report, admin_open311, visits,
               facilitator_page)  # fmt: skip
    return [module.router for module in modules]


def install_panel(app: FastAPI) -> None:
    """Mounts the panel's pages, its static files and its error pages; / leads to the panel."""
    from backend.panel import agency_answer

    for router in panel_routers():
        app.include_router(router)
    # An agency's answer page: public, behind its link's token, not a staff page.
    app.include_router(agency_answer.router)
    app.mount(
        "/panel/static",
        StaticFiles(directory=str(resources.files("backend.panel").joinpath("static"))),
        name="panel-static",
    )
    root = APIRouter(include_in_schema=False)

    @root.get("/")
    async def home() -> RedirectResponse:
        """Staff who open the bare address land on the panel."""
        return RedirectResponse("/panel", status_code=303)

    @root.get("/favicon.ico")
    async def favicon() -> FileResponse:
        """The site's icon, for the panel and the web chat alike (browsers ask for it here)."""
        return FileResponse(
            str(resources.files("backend.panel").joinpath("static", "favicon.ico")),
            media_type="image/x-icon",
            headers={"Cache-Control": "public, max-age=604800"},
        )

    app.include_router(root)
    install_handlers(app)
