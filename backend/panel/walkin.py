"""Walk-in registration (/panel/walk-in): front office files a complaint for a person at the desk.

The form is handed as typed to the filing service, which checks it by the same
rules as the chat (NIK, KK, phone, name, address and description lengths, no NIK →
civil documents) and names each field it refuses; consent is recorded as given
in person, and the complaint is registered on the walk-in channel.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.actors import Actor
from backend.casefiles.models import FiledFor
from backend.casefiles.repository import list_active_categories
from backend.citizens.models import Channel
from backend.complaints import filing
from backend.panel.deps import DataVault, PanelStaff, Session, form_values, require_roles
from backend.panel.i18n import texts_for
from backend.panel.nav import WALK_IN_ROLES
from backend.panel.rendering import render
from backend.regions.repository import list_all_kelurahan, list_kecamatan
from backend.staff.areas import covers

router = APIRouter(prefix="/panel/walk-in", include_in_schema=False)
WalkInStaff = Depends(require_roles(*WALK_IN_ROLES))
CONSENT_IN_PERSON = "in_person"


def walk_in_filing(form: dict[str, str], actor: Actor) -> filing.FilingRequest:
    """The filing the form describes, as typed (the filing service checks every field)."""
    person = filing.Person(
        full_name=form.get("full_name", ""), nik=form.get("nik"), kk=form.get("kk"),
        phone=form.get("phone"), kelurahan_code=form.get("kelurahan"), address=form.get("address"),
    )  # fmt: skip
    member = form.get("filed_for") == FiledFor.HOUSEHOLD_MEMBER.value
    return filing.FilingRequest(
        person=person, category_code=form.get("category"),
        description=form.get("description", ""), channel=Channel.WALK_IN, actor=actor,
        consent_method=CONSENT_IN_PERSON if form.get("consent") == "yes" else None,
        no_nik=form.get("no_nik") == "yes",
        filed_for=FiledFor.HOUSEHOLD_MEMBER if member else FiledFor.SELF,
        lapor_number=form.get("lapor_number"),
    )  # fmt: skip


async def _page(
    request: Request, session: Session, staff: PanelStaff, values: dict[str, str],
    errors: dict[str, str], *, duplicate: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    # The kelurahan of the account's areas only: a walk-in is filed where the desk works.
    kelurahan = [k for k in await list_all_kelurahan(session) if covers(staff.actor, k.code)]
    context = {
        "values": values,
        "errors": errors,
        "duplicate": duplicate,
        "categories": await list_active_categories(session),
        "kecamatan": [
            (kec, [k for k in kelurahan if k.kecamatan_code == kec.code])
            for kec in await list_kecamatan(session)
            if any(k.kecamatan_code == kec.code for k in kelurahan)
        ],
    }
    return render(request, "walkin.html", context, status_code=status_code)


@router.get("")
async def walk_in_form(
    request: Request, session: Session, staff: PanelStaff = WalkInStaff
) -> Response:
    """The registration form."""
    return await _page(request, session, staff, {}, {})


@router.post("")
async def register_walk_in(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = WalkInStaff
) -> Response:
    """Registers the complaint and opens its page, which shows the ticket to tell the person."""
    form = await form_values(request)
    # Someone at the desk may not know the household already complained: ask first.
    confirmed = form.get("confirm_duplicate") == "yes"
    try:
        outcome = await filing.file_complaint(
            session, vault, walk_in_filing(form, staff.actor),
            on_duplicate=filing.OnDuplicate.FILE_NEW if confirmed else filing.OnDuplicate.ASK,
        )  # fmt: skip
    except filing.InvalidFiling as refused:
        t = texts_for(staff.language)
        errors = {
            problem.field or "": t(problem.key or "", **problem.params)
            for problem in refused.problems
        }
        return await _page(request, session, staff, form, errors, status_code=422)
    if outcome.result == filing.FilingResult.DUPLICATE_FOUND:
        return await _page(
            request, session, staff, form, {}, duplicate=outcome.complaint.ticket, status_code=409
        )
    return RedirectResponse(
        f"/panel/complaints/{outcome.complaint.ticket}?notice=registered", status_code=303
    )
