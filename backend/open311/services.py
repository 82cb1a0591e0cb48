"""The services (GET services, GET services/{code}): the active categories, and what filing needs.

Every category asks the same extra fields of a filing, the ones the walk-in form
asks beyond Open311's own (name, phone, address, description): the citizen's
consent, their kelurahan, their NIK (or that they have none), their KK, and the
language of their status news. Each is an Open311 attribute, sent as
attribute[code]=value.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.casefiles.models import Category
from backend.casefiles.repository import get_category_by_code, list_active_categories
from backend.open311.formats import Document
from backend.open311.texts import LANGUAGES, say
from backend.regions.repository import list_all_kelurahan, list_kecamatan

GROUP = "layanan_sosial"
YES = "yes"
# The attribute codes a filing reads (backend/open311/filing.py).
CONSENT, KELURAHAN, NIK, NO_NIK, KK, LANGUAGE = (
    "consent", "kelurahan", "nik", "no_nik", "kk", "language"
)  # fmt: skip


def category_name(category: Category, language: str) -> str:
    """The category's name in the language asked."""
    return category.name_en if language == "en" else category.name_id


def _service(category: Category, language: str) -> dict[str, Any]:
    name = category_name(category, language)
    return {
        "service_code": category.code,
        "service_name": name,
        "description": say(language, "open311-service-description", name=name),
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join((category.code, category.name_id, category.name_en)),
        "group": GROUP,
    }


async def service_list(session: AsyncSession, language: str) -> Document:
    """Every active category as an Open311 service."""
    categories = await list_active_categories(session)
    return Document("services", [_service(category, language) for category in categories])


async def active_category(session: AsyncSession, code: str) -> Category | None:
    """The active category with this service code, or None."""
    category = await get_category_by_code(session, code)
    return category if category is not None and category.is_active else None


def _attribute(
    order: int, code: str, datatype: str, required: bool, description: str,
    datatype_description: str | None = None, values: list[dict[str, str]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    attribute: dict[str, Any] = {
        "variable": True, "code": code, "datatype": datatype, "required": required,
        "datatype_description": datatype_description, "order": order, "description": description,
    }  # fmt: skip
    if values is not None:
        attribute["values"] = values
    return attribute


async def service_definition(session: AsyncSession, category: Category, language: str) -> Document:
    """The attributes a filing of this service needs, with the kelurahan to choose from."""
    t = lambda key: say(language, key)  # noqa: E731  (a short alias keeps the table readable)
    kecamatan = {kec.code: kec.name for kec in await list_kecamatan(session)}
    places = [
        {"key": kel.code, "name": f"{kel.name} ({kecamatan.get(kel.kecamatan_code, '')})"}
        for kel in await list_all_kelurahan(session)
    ]
    languages = [{"key": code, "name": t(f"open311-language-{code}")} for code in LANGUAGES]
    attributes = [
        _attribute(1, CONSENT, "singlevaluelist", True, t("open311-attr-consent"),
                   values=[{"key": YES, "name": t("open311-attr-consent-yes")}]),
        _attribute(2, KELURAHAN, "singlevaluelist", True, t("open311-attr-kelurahan"),
                   values=places),
        _attribute(3, NIK, "string", False, t("open311-attr-nik"), t("open311-attr-nik-type")),
        _attribute(4, NO_NIK, "singlevaluelist", False, t("open311-attr-no-nik"),
                   values=[{"key": YES, "name": t("open311-attr-no-nik-yes")}]),
        _attribute(5, KK, "string", False, t("open311-attr-kk"), t("open311-attr-kk-type")),
        _attribute(6, LANGUAGE, "singlevaluelist", False, t("open311-attr-language"),
                   values=languages),
    ]  # fmt: skip
    return Document("service_definition", {"service_code": category.code, "attributes": attributes})
