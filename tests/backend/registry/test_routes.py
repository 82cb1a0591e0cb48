"""The route a complaint is suggested: program agency, inclusion proposal, or its category's."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import RegistryStatus
from backend.registry.routes import RouteKind, suggested_route
from backend.security.crypto import Vault
from tests.fixtures.factories import category, make_complaint

R, K = RegistryStatus, RouteKind
# (registry result, programs received, category) -> (kind, agency, program, receives)
ROUTES = [
    (R.REGISTERED, ["pkh"], "pkh", (K.REFER_TO_PROGRAM, "pkh", "pkh", True)),
    (R.REGISTERED, ["pip"], "pkh", (K.REFER_TO_PROGRAM, "pkh", "pkh", False)),
    (R.REGISTERED, [], "bpnt", (K.REFER_TO_PROGRAM, "sembako", "bpnt", False)),
    (R.REGISTERED, ["bpnt"], "rastra", (K.REFER_TO_PROGRAM, "sembako", "bpnt", True)),
    (R.REGISTERED, ["pip"], "pip", (K.REFER_TO_PROGRAM, "disdik", "pip", True)),
    (R.REGISTERED, ["pbi_jk"], "pbi_jk", (K.REFER_TO_PROGRAM, "bpjs_kesehatan", "pbi_jk", True)),
    (R.REGISTERED, ["pkh"], "registry_correction", (K.CATEGORY_AGENCY, "dinsos_city", None, None)),
    (R.REGISTERED, ["pkh"], "other_social", (K.CATEGORY_AGENCY, "dinsos_city", None, None)),
    (R.NOT_REGISTERED, None, "pkh", (K.INCLUSION_PROPOSAL, None, None, None)),
    (R.NOT_REGISTERED, None, "registry_inclusion", (K.INCLUSION_PROPOSAL, None, None, None)),
    (R.NOT_REGISTERED, None, "other_social", (K.INCLUSION_PROPOSAL, None, None, None)),
    (R.UNCHECKED, None, "civil_documents", (K.CATEGORY_AGENCY, "disdukcapil", None, None)),
    (R.UNCHECKED, None, "pkh", (K.CATEGORY_AGENCY, "pkh", None, None)),
]


@pytest.mark.parametrize(("result", "programs", "category_code", "expected"), ROUTES)
async def test_suggested_route(
    result: R, programs: list[str] | None, category_code: str,
    expected: tuple[K, str | None, str | None, bool | None],
    session: AsyncSession, vault: Vault,
) -> None:  # fmt: skip
    complaint = await make_complaint(session, vault)
    # Set-up: the complaint as a check with this result would have left it.
    complaint.category_id = (await category(session, category_code)).id
    complaint.registry_status = result
    complaint.registry_programs = programs
    await session.flush()
    route = await suggested_route(session, complaint)
    assert (route.kind, route.agency_code, route.program, route.receives_program) == expected
    assert route.explanation
