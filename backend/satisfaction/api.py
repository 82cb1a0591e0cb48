"""GET /api/v1/reports/ikm: the period's IKM for the roles that see the dashboard."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from backend.api.deps import Session
from backend.api.errors import error_responses
from backend.complaints.stats import Period
from backend.satisfaction.ikm import ELEMENTS, IkmResult
from backend.satisfaction.report import ikm_report
from backend.signin.deps import CurrentActor

router = APIRouter(prefix="/reports", tags=["reports"])


class ElementOut(BaseModel):
    """One of the nine elements (U1-U9): how many answered it and their mean (1-4)."""

    code: str = Field(examples=["U1"])
    element: str = Field(examples=["requirements"])
    answered: int
    mean: float | None = Field(examples=[3.4])


class IkmOut(BaseModel):
    """The IKM (25-100, two decimals), its grade (A-D), the respondents and the nine elements."""

    ikm: float | None = Field(examples=[80.83])
    grade: str | None = Field(examples=["B"])
    respondents: int
    elements: list[ElementOut]


class CategoryIkmOut(IkmOut):
    """The IKM of the surveys about one category's complaints."""

    category: str = Field(examples=["pkh"])


class ChannelIkmOut(IkmOut):
    """The IKM of the surveys about complaints filed through one channel."""

    channel: str = Field(examples=["telegram"])


class IkmReportOut(IkmOut):
    """The period's IKM overall, then per category and per channel."""

    from_: date = Field(alias="from")
    to: date
    by_category: list[CategoryIkmOut]
    by_channel: list[ChannelIkmOut]


def _fields(result: IkmResult) -> dict[str, object]:
    return {
        "ikm": None if result.ikm is None else float(result.ikm),
        "grade": None if result.grade is None else result.grade.value,
        "respondents": result.respondents,
        "elements": [
            ElementOut(
                code=f"U{ELEMENTS.index(score.element) + 1}", element=score.element,
                answered=score.answered, mean=None if score.mean is None else float(score.mean),
            )
            for score in result.elements
        ],
    }  # fmt: skip


@router.get(
    "/ikm", response_model=IkmReportOut, response_model_by_alias=True,
    summary="The IKM of a period (PermenPAN-RB 14/2017)",
    responses=error_responses(401, 403, 422),
)  # fmt: skip
async def ikm(
    session: Session,
    actor: CurrentActor,
    first_day: Annotated[date, Query(alias="from", description="First WIB date, YYYY-MM-DD")],
    last_day: Annotated[date, Query(alias="to", description="Last WIB date, YYYY-MM-DD")],
) -> IkmReportOut:
    """The satisfaction surveys submitted from `from` to `to` (WIB dates, both included):
    the IKM, its grade, the respondents and each element's mean, then the same per category
    and per channel. Back office, supervisors and admins."""
    report = await ikm_report(session, actor, Period.checked(first_day, last_day))
    return IkmReportOut.model_validate(
        {
            **_fields(report.overall),
            "from": first_day,
            "to": last_day,
            "by_category": [
                CategoryIkmOut(category=row.code, **_fields(row.result))  # type: ignore[arg-type]
                for row in report.by_category
            ],
            "by_channel": [
                ChannelIkmOut(channel=row.channel.value, **_fields(row.result))  # type: ignore[arg-type]
                for row in report.by_channel
            ],
        }
    )
