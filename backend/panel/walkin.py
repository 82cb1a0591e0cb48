"""Walk-in registration (/panel/walk-in): front office files a complaint for a person at the desk.

The values go through the chat's own validators and rules (NIK, KK, phone,
name, address and description lengths, no NIK → civil documents), consent is
recorded as given in person, and the complaint is registered like any other,
on the walk-in channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backend.citizens.models import Channel
from backend.citizens.service import save_citizen
from backend.citizens.validators import (
    InvalidValue,
    Nik,
    parse_kk,
    parse_name,
    parse_nik,
    parse_phone,
)
from backend.complaints.citizen_queries import find_open_duplicate
from backend.complaints.models import Category, FiledFor
from backend.complaints.repository import list_active_categories
from backend.complaints.service import register_complaint
from backend.panel.deps import DataVault, PanelStaff, Session, form_values, require_roles
from backend.panel.i18n import Texts, texts_for
from backend.panel.nav import WALK_IN_ROLES
from backend.panel.rendering import render
from backend.regions.repository import list_all_kelurahan, list_kecamatan
from dialogs.answers import (
    MAX_ADDRESS_LENGTH,
    MIN_ADDRESS_LENGTH,
    MIN_DESCRIPTION_LENGTH,
    MIN_DESCRIPTION_WORDS,
)
from dialogs.events import MAX_TEXT_LENGTH
from dialogs.flows.intake import NO_NIK_CATEGORY

router = APIRouter(prefix="/panel/walk-in", include_in_schema=False)
WalkInStaff = Depends(require_roles(*WALK_IN_ROLES))
# Control characters (NUL above all: PostgreSQL refuses it) are dropped, as in the chat.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class WalkIn:
    """A checked walk-in filing."""

    full_name: str
    nik: Nik | None
    kk: str | None
    phone: str | None
    kelurahan_code: str
    address: str
    category: Category
    description: str
    filed_for: FiledFor


def _clean(form: dict[str, str], name: str) -> str:
    return _CONTROL.sub("", form.get(name, "")).strip()


def _parsed(errors: dict[str, str], t: Texts, field: str, parser: Any, text: str) -> Any:
    try:
        return parser(text)
    except InvalidValue as problem:
        errors[field] = t("invalid-" + problem.code.replace(".", "-").replace("_", "-"))
        return None


def read_walk_in(
    form: dict[str, str], t: Texts, categories: dict[str, Category], kelurahan: set[str]
) -> tuple[WalkIn | None, dict[str, str]]:
    """The filing if every field is acceptable, else the message of each field that is not."""
    errors: dict[str, str] = {}
    if form.get("consent") != "yes":
        errors["consent"] = t("walkin-consent-required")
    full_name = _parsed(errors, t, "full_name", parse_name, _clean(form, "full_name"))
    no_nik = form.get("no_nik") == "yes"
    nik = None
    if not no_nik:
        if text := _clean(form, "nik"):
            nik = _parsed(errors, t, "nik", parse_nik, text)
        else:
            errors["nik"] = t("walkin-nik-required")
    kk = _parsed(errors, t, "kk", parse_kk, text) if (text := _clean(form, "kk")) else None
    phone = (
        _parsed(errors, t, "phone", parse_phone, text) if (text := _clean(form, "phone")) else None
    )
    kelurahan_code = _clean(form, "kelurahan")
    if kelurahan_code not in kelurahan:
        errors["kelurahan"] = t("walkin-kelurahan-required")
    address = " ".join(_clean(form, "address").split())
    if len(address) < MIN_ADDRESS_LENGTH:
        errors["address"] = t("address-too-short")
    elif len(address) > MAX_ADDRESS_LENGTH:
        errors["address"] = t("address-too-long", limit=MAX_ADDRESS_LENGTH)
    # Without a NIK the matter is a civil document first, as in the chat.
    category = categories.get(NO_NIK_CATEGORY if no_nik else _clean(form, "category"))
    if category is None:
        errors["category"] = t("walkin-category-required")
    description = _clean(form, "description")
    if (
        len(description) < MIN_DESCRIPTION_LENGTH
        or len(description.split()) < MIN_DESCRIPTION_WORDS
    ):
        errors["description"] = t("description-too-short")
    elif len(description) > MAX_TEXT_LENGTH:
        errors["description"] = t("description-too-long", limit=MAX_TEXT_LENGTH)
    filed_for = (
        FiledFor.HOUSEHOLD_MEMBER if form.get("filed_for") == "household_member" else FiledFor.SELF
    )
    if errors:
        return None, errors
    assert category is not None and full_name is not None
    walk_in = WalkIn(
        full_name, nik, kk, phone, kelurahan_code, address, category, description, filed_for
    )
    return walk_in, {}


async def _page(
    request: Request, session: Session, values: dict[str, str], errors: dict[str, str],
    *, duplicate: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    kelurahan = await list_all_kelurahan(session)
    context = {
        "values": values,
        "errors": errors,
        "duplicate": duplicate,
        "categories": await list_active_categories(session),
        "kecamatan": [
            (kec, [k for k in kelurahan if k.kecamatan_code == kec.code])
            for kec in await list_kecamatan(session)
        ],
    }
    return render(request, "walkin.html", context, status_code=status_code)


@router.get("")
async def walk_in_form(
    request: Request, session: Session, staff: PanelStaff = WalkInStaff
) -> Response:
    """The registration form."""
    return await _page(request, session, {}, {})


@router.post("")
async def register_walk_in(
    request: Request, session: Session, vault: DataVault, staff: PanelStaff = WalkInStaff
) -> Response:
    """Registers the complaint and opens its page, which shows the ticket to tell the person."""
    form = await form_values(request)
    t = texts_for(staff.language)
    categories = {category.code: category for category in await list_active_categories(session)}
    kelurahan = {k.code for k in await list_all_kelurahan(session)}
    walk_in, errors = read_walk_in(form, t, categories, kelurahan)
    if walk_in is None:
        return await _page(request, session, form, errors, status_code=422)
    if walk_in.nik is not None and form.get("confirm_duplicate") != "yes":
        # Someone at the desk may not know the household already complained: ask first.
        lookup = vault.lookup_hash(walk_in.nik.value)
        if (
            open_one := await find_open_duplicate(session, lookup, walk_in.category.id)
        ) is not None:
            return await _page(
                request, session, form, {}, duplicate=open_one.ticket, status_code=409
            )
    citizen = await save_citizen(
        session, vault, full_name=walk_in.full_name,
        nik=walk_in.nik.value if walk_in.nik else None, kk=walk_in.kk, phone=walk_in.phone,
        kelurahan_code=walk_in.kelurahan_code, address=walk_in.address,
        consent_method="in_person",
    )  # fmt: skip
    complaint = await register_complaint(
        session, citizen=citizen, category=walk_in.category, description=walk_in.description,
        channel=Channel.WALK_IN, actor=staff.actor, filed_for=walk_in.filed_for,
        kelurahan_code=walk_in.kelurahan_code, address=walk_in.address,
        nik_outside_city=walk_in.nik is not None and not walk_in.nik.issued_in_kota_bogor,
    )  # fmt: skip
    return RedirectResponse(
        f"/panel/complaints/{complaint.ticket}?notice=registered", status_code=303
    )
