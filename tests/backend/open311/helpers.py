"""Helpers of the Open311 tests: a key, a correct POST, XML read back safely."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import defusedxml.ElementTree as SafeET
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.db import unit_of_work
from backend.open311.keys import issue_key
from backend.staff.models import Role
from tests.backend.api.helpers import make_account
from tests.fixtures.factories import BUBULAK

BASE = "/open311/v2"
# A made-up NIK of Kota Bogor (a woman born 25 January 1990).
NIK = "3271046501900001"
DESCRIPTION = "Bantuan PKH tahap empat belum cair padahal nama ada di daftar penerima."


@dataclass(frozen=True)
class IssuedForTest:
    """A key as its system holds it, its row id, and the admin who issued it."""

    key: str
    key_id: int
    admin_id: int


async def issue_test_key(
    db: async_sessionmaker[AsyncSession], system: str = "Aplikasi Kelurahan Bubulak"
) -> IssuedForTest:
    """Issues a key as a new admin would."""
    async with unit_of_work(db) as session:
        admin, _ = await make_account(session, Role.ADMIN)
        issued = await issue_key(session, Actor(ActorRole.ADMIN, staff_id=admin.id), system)
        return IssuedForTest(issued.key, issued.row.id, admin.id)


def filing_form(api_key: str | None, **changes: str | None) -> dict[str, str]:
    """A POST requests body the filing service takes (as the specification's example, ours)."""
    form: dict[str, str | None] = {
        "api_key": api_key, "jurisdiction_id": "kotabogor.go.id", "service_code": "pkh",
        "address_string": "Jl. Bubulak No. 12, RT 02/RW 05", "lat": "-6.5651", "long": "106.7619",
        "email": "siti.rahayu@contoh.example", "device_id": "tt222111", "account_id": "123456",
        "first_name": "Siti", "last_name": "Rahayu", "phone": "0812 3456 7890",
        "description": DESCRIPTION, "attribute[consent]": "yes", "attribute[kelurahan]": BUBULAK,
        "attribute[nik]": NIK,
    }  # fmt: skip
    form.update(changes)
    return {name: value for name, value in form.items() if value is not None}


def queue_tickets(html: str) -> list[str]:
    """The tickets of the panel queue's rows, in order."""
    return re.findall(r'<tr class="row[^"]*" data-ticket="([^"]+)"', html)


def xml_of(body: bytes) -> Any:
    """The root element of an XML answer, parsed without entity expansion."""
    return SafeET.fromstring(body)


def children(element: Any) -> list[str]:
    """The names of an element's children, in order."""
    return [child.tag for child in element]
