"""The route a complaint should take, suggested from its registry result and category.

A registered household's complaint about a program goes to that program's
agency; an unregistered household is proposed for inclusion (usulan); anything
else goes to the category's default agency. Staff decide; this only suggests.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Category, Complaint, RegistryStatus
from backend.referrals.models import Agency

# Categories about a program, and the program (registry flag) each is about.
# Rastra was replaced by BPNT / Program Sembako, which the same agency runs.
CATEGORY_PROGRAM = {
    "pkh": "pkh",
    "bpnt": "bpnt",
    "rastra": "bpnt",
    "pip": "pip",
    "pbi_jk": "pbi_jk",
}
# The agency (seeded code) that manages each program in Kota Bogor.
PROGRAM_AGENCY = {"pkh": "pkh", "bpnt": "sembako", "pip": "disdik", "pbi_jk": "bpjs_kesehatan"}
PROGRAM_NAMES = {"pkh": "PKH", "bpnt": "BPNT / Sembako", "pip": "PIP", "pbi_jk": "PBI-JK / KIS"}


class RouteKind(StrEnum):
    """What the suggestion is."""

    REFER_TO_PROGRAM = "refer_to_program"
    INCLUSION_PROPOSAL = "inclusion_proposal"
    CATEGORY_AGENCY = "category_agency"


@dataclass(frozen=True, slots=True)
class SuggestedRoute:
    """A suggested route: its kind, the agency to refer to (if any) and why."""

    kind: RouteKind
    agency_code: str | None
    explanation: str
    program: str | None = None
    # Whether the registry lists the household as receiving that program.
    receives_program: bool | None = None


async def suggested_route(session: AsyncSession, complaint: Complaint) -> SuggestedRoute:
    """The route the registry result and the category suggest for a complaint."""
    category = await session.get_one(Category, complaint.category_id)
    if complaint.registry_status == RegistryStatus.NOT_REGISTERED:
        return SuggestedRoute(
            RouteKind.INCLUSION_PROPOSAL, None,
            "Rumah tangga belum terdaftar di DTSEN: usulkan masuk (usulan) setelah verifikasi / "
            "household not in DTSEN: propose it for inclusion after verification",
        )  # fmt: skip
    program = CATEGORY_PROGRAM.get(category.code)
    if complaint.registry_status == RegistryStatus.REGISTERED and program is not None:
        receives = program in (complaint.registry_programs or ())
        name = PROGRAM_NAMES[program]
        standing = (
            f"tercatat penerima {name} / listed as a {name} recipient"
            if receives
            else f"tidak tercatat penerima {name} / not listed as a {name} recipient"
        )
        return SuggestedRoute(
            RouteKind.REFER_TO_PROGRAM, PROGRAM_AGENCY[program],
            f"Terdaftar di DTSEN, {standing}: rujuk ke pengelola {name} / "
            f"registered in DTSEN: refer to the {name} manager",
            program=program, receives_program=receives,
        )  # fmt: skip
    agency = (
        await session.get(Agency, category.default_agency_id)
        if category.default_agency_id is not None
        else None
    )
    return SuggestedRoute(
        RouteKind.CATEGORY_AGENCY, agency.code if agency else None,
        f"Ditangani menurut kategori {category.name_id} / handled by category {category.name_en}",
    )  # fmt: skip
