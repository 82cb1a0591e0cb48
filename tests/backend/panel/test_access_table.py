"""Every panel page and form for every role: the status each answers, checked cell by cell.

The complaint of each cell was filed by the facilitator the facilitator account
belongs to, so the facilitator's cells test the role, not the visibility.
Without a session every page sends the browser to the login page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.repository import get_by_ticket
from backend.clock import local_date, utcnow
from backend.config import Settings
from backend.db import unit_of_work
from backend.facilitators.models import Facilitator
from backend.facilitators.service import invite_facilitator
from backend.letters.models import ReferralLetter
from backend.panel import panel_routers
from backend.registry.models import InclusionProposal
from backend.security.crypto import Vault
from backend.staff.models import Role
from backend.visits.service import request_visit
from tests.backend.api.helpers import REFERRED, complaint_in, sign_in
from tests.backend.panel.conftest import SignIn
from tests.backend.panel.world import (
    admin_form,
    attach_file,
    correction_for,
    office_form,
    walk_in_form,
)
from tests.fixtures.facilitator_helpers import ADMIN
from tests.fixtures.factories import make_facilitator
from tests.fixtures.table_cells import table_cell

FO, BO, SUP, ADM, FAC = (
    Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.FACILITATOR
)  # fmt: skip
ROLES = (FO, BO, SUP, ADM, FAC)
C = "/panel/complaints/{ticket}"
# A due day a few days ahead, whatever the hour (WIB or UTC).
VISIT_DUE = (date.today() + timedelta(days=3)).isoformat()

# page: (method, path, form, events that put the complaint in the state it needs)
PAGES: dict[str, tuple[str, str, dict[str, Any] | None, tuple[Any, ...]]] = {
    "queue": ("GET", "/panel", None, ()),
    "complaint": ("GET", C, None, ()),
    "attachment": ("GET", C + "/attachments/{attachment}", None, ()),
    "show-identity": ("POST", C + "/identity", {}, ()),
    "event": ("POST", C + "/events", {"event": "start_review"}, ()),
    "message": ("POST", C + "/messages", {"text": "Mohon bawa fotokopi KK ke kantor."}, ()),
    "note": ("POST", C + "/notes", {"text": "Sudah ditelepon, tidak diangkat."}, ()),
    "assign": ("POST", C + "/assignee", {"assignee_id": "{worker}"}, ()),
    "take": ("POST", C + "/assignee", {"assignee_id": "me"}, ()),
    "referral-answer": (
        "POST", C + "/referral-answer",
        {"answer": "Sudah dicairkan tahap 4.", "outcome": "resolved", "resolution": "PKH cair."},
        REFERRED,
    ),
    "walk-in": ("GET", "/panel/walk-in", None, ()),
    "walk-in-register": ("POST", "/panel/walk-in", {"walk_in": True}, ()),
    "admin": ("GET", "/panel/admin", None, ()),
    "dashboard": ("GET", "/panel/dashboard", None, ()),
    "ikm-report": ("GET", "/panel/reports/ikm", None, ()),
    "ikm-report-xlsx": ("GET", "/panel/reports/ikm.xlsx", None, ()),
    "ikm-report-pdf": ("GET", "/panel/reports/ikm.pdf", None, ()),
    "outbox-parked": ("GET", "/panel/outbox", None, ()),
    "emails-failed": ("GET", "/panel/emails", None, ()),
    # No failed email in this world: nothing to send again (409).
    "email-send-again": ("POST", "/panel/emails/{email_id}/send-again", {}, ()),
    "export-page": ("GET", "/panel/export", None, ()),
    "export-page-searched": ("POST", "/panel/export", {"q": "Siti"}, ()),
    "export-csv": ("GET", "/panel/export.csv", None, ()),
    "export-csv-full-nik": ("POST", "/panel/export.csv", {"identity": "full"}, ()),
    "export-xlsx": ("GET", "/panel/export.xlsx", None, ()),
    "export-xlsx-form": ("POST", "/panel/export.xlsx", {"identity": "masked"}, ()),
    "admin-users": ("GET", "/panel/admin/users", None, ()),
    "admin-user-new": ("GET", "/panel/admin/users/new", None, ()),
    "admin-user-create": (
        "POST", "/panel/admin/users",
        {"full_name": "Dewi Lestari", "email": "dewi@dinsos.example", "role": "back_office",
         "password_choice": "generate"}, (),
    ),
    "admin-user": ("GET", "/panel/admin/users/{user_id}", None, ()),
    "admin-user-role": ("POST", "/panel/admin/users/{user_id}/role", {"role": "supervisor"}, ()),
    "admin-user-active": ("POST", "/panel/admin/users/{user_id}/active", {"active": "0"}, ()),
    "admin-user-two-factor-reset": (
        "POST", "/panel/admin/users/{user_id}/two-factor-reset", {}, (),
    ),
    "admin-user-password": (
        "POST", "/panel/admin/users/{user_id}/password", {"password_choice": "generate"}, (),
    ),
    "admin-user-areas": ("POST", "/panel/admin/users/{user_id}/areas", {"area": "32.71.04"}, ()),
    "admin-categories": ("GET", "/panel/admin/categories", None, ()),
    "admin-category-new": ("GET", "/panel/admin/categories/new", None, ()),
    "admin-category-create": ("POST", "/panel/admin/categories", {"category": "bansos_lain"}, ()),
    "admin-category": ("GET", "/panel/admin/categories/{code}", None, ()),
    "admin-category-save": ("POST", "/panel/admin/categories/{code}", {"category": "pkh"}, ()),
    "admin-category-active": (
        "POST", "/panel/admin/categories/{code}/active", {"active": "0"}, (),
    ),
    "admin-agencies": ("GET", "/panel/admin/agencies", None, ()),
    "admin-agency-new": ("GET", "/panel/admin/agencies/new", None, ()),
    "admin-agency-create": ("POST", "/panel/admin/agencies", {"agency": "baznas"}, ()),
    "admin-agency": ("GET", "/panel/admin/agencies/{code}", None, ()),
    "admin-agency-save": ("POST", "/panel/admin/agencies/{code}", {"agency": "pkh"}, ()),
    # Reactivating an active agency: the agency "pkh" is a category's default, so it stays on.
    "admin-agency-active": (
        "POST", "/panel/admin/agencies/{code}/active", {"active": "1"}, (),
    ),
    "facilitators": ("GET", "/panel/facilitators", None, ()),
    "facilitator-register": (
        "POST", "/panel/facilitators",
        {"full_name": "Dewi Lestari", "phone": "+6281299990001", "kelurahan": "32.71.04.1003"}, (),
    ),
    "facilitator-invite": ("POST", "/panel/facilitators/{facilitator_id}/invitations", {}, ()),
    "facilitator-revoke": (
        "POST", "/panel/facilitators/{facilitator_id}/invitations/{invitation_id}/revoke", {}, (),
    ),
    "facilitator-active": ("POST", "/panel/facilitators/{facilitator_id}/active", {"active": "0"}, ()),
    "facilitator-approvals": ("GET", "/panel/facilitators/approvals", None, ()),
    "facilitator-relays": ("GET", "/panel/facilitators/relays", None, ()),
    "registry-check": ("POST", C + "/registry-check", {}, ()),
    "registry-import": ("GET", "/panel/admin/registry", None, ()),
    "registry-import-run": ("POST", "/panel/admin/registry", {}, ()),
    "registry-import-report": ("GET", "/panel/admin/registry/imports/{import_id}", None, ()),
    "registry-import-file": ("GET", "/panel/admin/registry/imports/{import_id}/report.csv", None, ()),
    "proposals": ("GET", "/panel/proposals", None, ()),
    "proposals-export": ("POST", "/panel/proposals/export", {"format": "csv"}, ()),
    "proposal-move": ("POST", "/panel/proposals/{proposal_id}/events", {"event": "verify"}, ()),
    "corrections": ("GET", "/panel/corrections", None, ()),
    "correction": ("GET", "/panel/corrections/{correction_id}", None, ()),
    "correction-apply": ("POST", "/panel/corrections/{correction_id}/apply", {}, ()),
    "correction-refuse": (
        "POST", "/panel/corrections/{correction_id}/refuse", {"reason": "Data sudah benar."}, (),
    ),
    "subject-export-json": ("POST", C + "/subject-export.json", {}, ()),
    "subject-export-pdf": ("POST", C + "/subject-export.pdf", {}, ()),
    "referral-letter": ("POST", C + "/referral-letters/{letter_id}.pdf", {}, REFERRED),
    "admin-office": ("GET", "/panel/admin/office", None, ()),
    "admin-office-save": ("POST", "/panel/admin/office", office_form(), ()),
    "password": ("GET", "/panel/password", None, ()),
    # One's own two-factor sign-in: supervisors and admins have it on (the helpers set it up).
    "two-factor": ("GET", "/panel/two-factor", None, ()),
    "two-factor-start": ("POST", "/panel/two-factor/start", {}, ()),
    "two-factor-confirm": ("POST", "/panel/two-factor/confirm", {"code": "000000"}, ()),
    "two-factor-recovery-codes": (
        "POST", "/panel/two-factor/recovery-codes", {"code": "000000"}, (),
    ),
    "two-factor-off": ("POST", "/panel/two-factor/off", {"code": "000000"}, ()),
    # One's own alert settings and Telegram link: those who work complaints (and get digests).
    "profile": ("GET", "/panel/profile", None, ()),
    "profile-save": ("POST", "/panel/profile", {"channel": "email", "new_complaints": "on"}, ()),
    "profile-telegram-link": ("POST", "/panel/profile/telegram-link", {}, ()),
    "profile-telegram-unlink": ("POST", "/panel/profile/telegram-unlink", {}, ()),
    # Open311 API keys (issue 21): no key {key_id} exists in this world, so revoking it is 404.
    "open311-keys": ("GET", "/panel/admin/open311-keys", None, ()),
    "open311-key-issue": (
        "POST", "/panel/admin/open311-keys", {"system_name": "Aplikasi Kelurahan Bubulak"}, (),
    ),
    "open311-key-revoke": ("POST", "/panel/admin/open311-keys/{key_id}/revoke", {}, ()),
    "language": ("POST", "/panel/language", {"language": "en", "next": "/panel"}, ()),
    "logout": ("POST", "/panel/logout", {}, ()),
    # The outreach posters (no personal data): every office role.
    "outreach": ("GET", "/panel/outreach", None, ()),
    "outreach-poster": ("GET", "/panel/outreach/{kelurahan_code}.pdf", None, ()),
    # Home visits: asked for and called off on the complaint page; the office's list.
    "visit-request": ("POST", C + "/visits", {"reason": "Periksa rumah.", "due_on": VISIT_DUE}, ()),
    "visit-cancel": ("POST", C + "/visits/{visit_id}/cancel", {}, ()),
    "visits": ("GET", "/panel/visits", None, ()),
    # One facilitator's page: correct the details; an admin gives a panel sign-in.
    "facilitator-page": ("GET", "/panel/facilitators/{facilitator_id}", None, ()),
    "facilitator-save": (
        "POST", "/panel/facilitators/{facilitator_id}",
        {"full_name": "Ibu Fasilitator", "phone": "+6281234500001", "kelurahan": "32.71.04.1003"}, (),
    ),
    "facilitator-account": (
        "POST", "/panel/facilitators/{facilitator_id}/account", {"email": "fas@dinsos.example"}, (),
    ),
}  # fmt: skip

#                      FO   BO   SUP  ADM  FAC
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "queue":            (200, 200, 200, 200, 200),
    "complaint":        (200, 200, 200, 200, 200),
    "attachment":       (200, 200, 200, 200, 200),
    "show-identity":    (200, 200, 200, 200, 403),
    # Front office and facilitators may not start a review: the lifecycle says so (403).
    "event":            (403, 303, 303, 303, 403),
    "message":          (303, 303, 303, 303, 403),
    "note":             (303, 303, 303, 303, 403),
    # Assigning someone else: managers only; back office may take an unassigned one for itself.
    "assign":           (403, 403, 303, 303, 403),
    # An admin is not one who works complaints, so it cannot be given one, even by itself.
    "take":             (403, 303, 303, 422, 403),
    "referral-answer":  (403, 303, 303, 303, 403),
    "walk-in":          (200, 403, 200, 200, 403),
    "walk-in-register": (303, 403, 303, 303, 403),
    "admin":            (403, 403, 403, 200, 403),
    # Reports and exports are back-office work and up; full NIKs only for managers.
    "dashboard":             (403, 200, 200, 200, 403),
    # The IKM report and its files: the dashboard's roles.
    "ikm-report":            (403, 200, 200, 200, 403),
    "ikm-report-xlsx":       (403, 200, 200, 200, 403),
    "ikm-report-pdf":        (403, 200, 200, 200, 403),
    # The outbox's health and its parked messages: those who answer for the service.
    "outbox-parked":         (403, 403, 200, 200, 403),
    "emails-failed":         (403, 403, 200, 200, 403),
    "email-send-again":      (403, 403, 409, 409, 403),
    "export-page":           (403, 200, 200, 200, 403),
    "export-page-searched":  (403, 200, 200, 200, 403),
    "export-csv":            (403, 200, 200, 200, 403),
    "export-csv-full-nik":   (403, 403, 200, 200, 403),
    "export-xlsx":           (403, 200, 200, 200, 403),
    "export-xlsx-form":      (403, 200, 200, 200, 403),
    # The admin pages: administrators only; a new account's page shows its password once (201).
    "admin-users":           (403, 403, 403, 200, 403),
    "admin-user-new":        (403, 403, 403, 200, 403),
    "admin-user-create":     (403, 403, 403, 201, 403),
    "admin-user":            (403, 403, 403, 200, 403),
    "admin-user-role":       (403, 403, 403, 303, 403),
    "admin-user-active":     (403, 403, 403, 303, 403),
    "admin-user-two-factor-reset": (403, 403, 403, 303, 403),
    "admin-user-password":   (403, 403, 403, 200, 403),
    "admin-user-areas":      (403, 403, 403, 303, 403),
    "admin-categories":      (403, 403, 403, 200, 403),
    "admin-category-new":    (403, 403, 403, 200, 403),
    "admin-category-create": (403, 403, 403, 303, 403),
    "admin-category":        (403, 403, 403, 200, 403),
    "admin-category-save":   (403, 403, 403, 303, 403),
    "admin-category-active": (403, 403, 403, 303, 403),
    "admin-agencies":        (403, 403, 403, 200, 403),
    "admin-agency-new":      (403, 403, 403, 200, 403),
    "admin-agency-create":   (403, 403, 403, 303, 403),
    "admin-agency":          (403, 403, 403, 200, 403),
    "admin-agency-save":     (403, 403, 403, 303, 403),
    "admin-agency-active":   (403, 403, 403, 303, 403),
    # Supervisors (SLRT managers) and admins onboard facilitators and watch their work.
    "facilitators":          (403, 403, 200, 200, 403),
    "facilitator-register":  (403, 403, 200, 200, 403),
    "facilitator-invite":    (403, 403, 200, 200, 403),
    "facilitator-revoke":    (403, 403, 303, 303, 403),
    "facilitator-active":    (403, 403, 303, 303, 403),
    "facilitator-approvals": (403, 403, 200, 200, 403),
    "facilitator-relays":    (403, 403, 200, 200, 403),
    # The DTSEN check: office staff re-run it; imports are an admin task, proposals back office's.
    "registry-check":         (303, 303, 303, 303, 403),
    "registry-import":        (403, 403, 403, 200, 403),
    # No file posted (422); no import has run in this world, so its report is not found (404).
    "registry-import-run":    (403, 403, 403, 422, 403),
    "registry-import-report": (403, 403, 403, 404, 403),
    "registry-import-file":   (403, 403, 403, 404, 403),
    "proposals":              (403, 200, 200, 200, 403),
    "proposals-export":       (403, 200, 200, 200, 403),
    # The world's complaint is of an unregistered household: its proposal is the first.
    "proposal-move":          (403, 303, 303, 303, 403),
    # Correction requests are answered by those who work complaints (UU 27/2022).
    "corrections":            (403, 200, 200, 200, 403),
    "correction":             (403, 200, 200, 200, 403),
    "correction-apply":       (403, 303, 303, 303, 403),
    "correction-refuse":      (403, 303, 303, 303, 403),
    # A person's whole data, NIK and KK included: the roles that see whole identities.
    "subject-export-json":    (200, 200, 200, 200, 403),
    "subject-export-pdf":     (200, 200, 200, 200, 403),
    # A referral letter may carry a full NIK: the roles that see whole identities.
    "referral-letter":        (200, 200, 200, 200, 403),
    "admin-office":           (403, 403, 403, 200, 403),
    "admin-office-save":      (403, 403, 403, 303, 403),
    "password":         (200, 200, 200, 200, 200),
    # Everyone has the page. Starting needs no code without two factors, a current one with
    # them (422 for a wrong one); nothing was started to confirm (409); new codes and turning
    # off need two factors on (409) and a right code (422); required roles cannot turn off (403).
    "two-factor":                (200, 200, 200, 200, 200),
    "two-factor-start":          (303, 303, 422, 422, 303),
    "two-factor-confirm":        (409, 409, 409, 409, 409),
    "two-factor-recovery-codes": (409, 409, 422, 422, 409),
    "two-factor-off":            (409, 409, 403, 403, 409),
    # The morning digest and alerts are for back office and supervisors: their profile page.
    "profile":                   (403, 200, 200, 403, 403),
    "profile-save":              (403, 303, 303, 403, 403),
    "profile-telegram-link":     (403, 200, 200, 403, 403),
    "profile-telegram-unlink":   (403, 303, 303, 403, 403),
    # Open311 API keys: administrators only; a new key is shown once on the answer (201).
    "open311-keys":       (403, 403, 403, 200, 403),
    "open311-key-issue":  (403, 403, 403, 201, 403),
    "open311-key-revoke": (403, 403, 403, 404, 403),
    "language":         (303, 303, 303, 303, 303),
    "logout":           (303, 303, 303, 303, 303),
    "outreach":         (200, 200, 200, 200, 403),
    "outreach-poster":  (200, 200, 200, 200, 403),
    # Home visits are asked for and watched by those who work complaints.
    "visit-request":    (403, 303, 303, 303, 403),
    "visit-cancel":     (403, 303, 303, 303, 403),
    "visits":           (403, 200, 200, 200, 403),
    "facilitator-page":     (403, 403, 200, 200, 403),
    "facilitator-save":     (403, 403, 303, 303, 403),
    # Accounts are an administrator's work; the sign-in's password is shown on the answer.
    "facilitator-account":  (403, 403, 403, 201, 403),
}  # fmt: skip


async def _new_facilitator(db: async_sessionmaker[AsyncSession]) -> int:
    async with unit_of_work(db) as session:
        return (await make_facilitator(session)).id


async def _invitation(db: async_sessionmaker[AsyncSession], facilitator_id: int) -> int:
    async with unit_of_work(db) as session:
        facilitator = await session.get_one(Facilitator, facilitator_id)
        issued = await invite_facilitator(session, facilitator, ADMIN, valid_for=timedelta(hours=1))
        return issued.invitation.id


async def _first_proposal_id(db: async_sessionmaker[AsyncSession]) -> int:
    # Ids are not reused after a rollback on PostgreSQL: ask rather than assume 1.
    async with db() as session:
        return await session.scalar(select(func.min(InclusionProposal.id))) or 0


async def _visit_on(db: async_sessionmaker[AsyncSession], ticket: str, worker: int) -> int:
    async with unit_of_work(db) as session:
        complaint = await get_by_ticket(session, ticket)
        assert complaint is not None
        visit = await request_visit(
            session, complaint, Actor(ActorRole.BACK_OFFICE, staff_id=worker), reason="Periksa rumah.",
            due_on=local_date(utcnow()) + timedelta(days=3), now=utcnow(),
        )  # fmt: skip
        return visit.id


async def _latest_letter_id(db: async_sessionmaker[AsyncSession]) -> int:
    async with db() as session:
        return await session.scalar(select(func.max(ReferralLetter.id))) or 0


def _request(
    page: str, ticket: str, attachment: int, worker: int, **ids: int
) -> tuple[str, str, dict | None]:
    method, path, form, _ = PAGES[page]
    if form is not None and form.get("walk_in"):
        form = walk_in_form()
    elif form is not None and ("category" in form or "agency" in form) and len(form) == 1:
        form = admin_form(form)
    elif form is not None:
        form = {key: str(worker) if value == "{worker}" else value for key, value in form.items()}
    path = path.format(
        ticket=ticket, attachment=attachment, user_id=worker, code="pkh", import_id=1, email_id=0,
        kelurahan_code="32.71.04.1003", key_id=999_999, **ids,
    )  # fmt: skip
    return method, path, form


@dataclass(frozen=True)
class _Base:
    """What a cell's request names, built once per complaint state before the first cell."""

    ticket: str
    attachment: int
    worker: int
    invitation_id: int
    proposal_id: int
    correction_id: int
    letter_id: int


async def _bases(
    db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings,
    facilitator_id: int,
) -> dict[tuple[Any, ...], _Base]:  # fmt: skip
    """One complaint (with its file, correction and letter) per state the pages need.

    Built outside the cells: each cell's savepoint undoes what its request did, so every
    cell still sees its complaint as built, at a fraction of building one per cell.
    """
    bases = {}
    for events in dict.fromkeys(spec[3] for spec in PAGES.values()):
        ticket = await complaint_in(db, vault, *events, facilitator_id=facilitator_id)
        bases[events] = _Base(
            ticket=ticket,
            attachment=await attach_file(db, Path(settings.files_dir), ticket),
            worker=(await sign_in(db, BO)).user_id,
            invitation_id=await _invitation(db, facilitator_id),
            proposal_id=await _first_proposal_id(db),
            correction_id=await correction_for(db, vault, ticket),
            letter_id=await _latest_letter_id(db),
        )
    return bases


async def _cell_request(
    db: async_sessionmaker[AsyncSession], page: str, base: _Base, facilitator_id: int
) -> tuple[str, str, dict | None]:
    # A visit to cancel is asked for inside the cell, so no other page sees it.
    visit_id = await _visit_on(db, base.ticket, base.worker) if page == "visit-cancel" else 0
    return _request(
        page, base.ticket, base.attachment, base.worker, facilitator_id=facilitator_id,
        invitation_id=base.invitation_id, proposal_id=base.proposal_id,
        correction_id=base.correction_id, letter_id=base.letter_id, visit_id=visit_id,
    )  # fmt: skip


class TestEveryRoleOnEveryPage:
    """Each role gets exactly the answer the table says, on every page and form."""

    def test_the_table_covers_every_panel_route(self) -> None:
        routes = {
            (method, route.path)
            for router in panel_routers()
            for route in router.routes
            for method in getattr(route, "methods", set()) - {"HEAD"}
        }
        covered = {
            (method, path.replace("{attachment}", "{attachment_id}"))
            for method, path, _, _ in PAGES.values()
        }
        # Signing in and the password change are checked in test_auth_pages.
        assert routes - covered == {
            ("GET", "/panel/login"),
            ("POST", "/panel/login"),
            ("GET", "/panel/login/code"),
            ("POST", "/panel/login/code"),
            ("POST", "/panel/password"),
            ("POST", "/panel"),
        }

    @pytest.mark.parametrize("role", ROLES, ids=[role.value for role in ROLES])
    async def test_the_role_gets_the_expected_status_on_every_page(
        self, panel: SignIn, db: async_sessionmaker[AsyncSession], vault: Vault, settings: Settings,
        rollback_connection: AsyncConnection, subtests: pytest.Subtests, role: Role,
    ) -> None:  # fmt: skip
        facilitator_id = await _new_facilitator(db)
        user = await panel(role, facilitator_id=facilitator_id)
        bases = await _bases(db, vault, settings, facilitator_id)
        for page, codes in EXPECTED.items():
            expected = codes[ROLES.index(role)]
            with subtests.test(page=page, role=role.value, expected=expected):
                async with table_cell(rollback_connection, user.client):
                    base = bases[PAGES[page][3]]
                    method, path, form = await _cell_request(db, page, base, facilitator_id)
                    if method == "GET":
                        response = await user.get(path)
                    else:
                        response = await user.post(path, form)
                    assert response.status_code == expected, response.text[:3000]
                    if expected == 403:
                        assert "text/html" in response.headers["content-type"]


class TestWithoutASession:
    """Every page and form sends a browser without a session to the login page."""

    async def test_redirects_to_login(
        self, client: httpx.AsyncClient, db: async_sessionmaker[AsyncSession], vault: Vault,
        settings: Settings, rollback_connection: AsyncConnection, subtests: pytest.Subtests,
    ) -> None:  # fmt: skip
        facilitator_id = await _new_facilitator(db)
        bases = await _bases(db, vault, settings, facilitator_id)
        for page in PAGES:
            with subtests.test(page=page):
                async with table_cell(rollback_connection, client):
                    base = bases[PAGES[page][3]]
                    method, path, form = await _cell_request(db, page, base, facilitator_id)
                    response = await client.request(method, path, data=form)
                    assert response.status_code == 303
