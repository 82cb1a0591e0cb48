"""docs/ARCHITECTURE.md draws, tabulates and names the lifecycle that lifecycle.py runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backend.actors import ActorRole
from backend.casefiles.models import ComplaintStatus
from backend.complaints import lifecycle
from backend.complaints.lifecycle import TRANSITIONS, LifecycleEvent
from backend.staff.models import Role

ARCHITECTURE = Path(__file__).resolve().parents[3] / "docs" / "ARCHITECTURE.md"
DRAWING = Path(lifecycle.__file__).with_name("lifecycle.mmd")
SECTION = "## The complaint lifecycle"
TABLE_ROW = re.compile(r"^\| `(\w+)` \|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|$")


def _section(heading: str) -> str:
    """The text of one `## ` section of the architecture page."""
    text = ARCHITECTURE.read_text("utf-8")
    start = text.index(heading + "\n")
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def _lines_of_drawing(text: str) -> list[str]:
    return [
        line.rstrip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("%%")
    ]


def _names(cell: str) -> frozenset[str]:
    return frozenset(name.strip() for name in cell.split(",") if name.strip())


class TestTheArchitecturePageShowsTheLifecycle:
    """The drawing, the table of who may do what, and the contract names cannot drift."""

    def test_its_drawing_is_the_one_beside_the_code(self) -> None:
        # lifecycle.mmd is checked against the machine by test_lifecycle_diagram.py.
        block = re.search(r"```mermaid\n(.*?)```", _section(SECTION), re.DOTALL)
        assert block, "no mermaid drawing in the lifecycle section"
        assert _lines_of_drawing(block[1]) == _lines_of_drawing(DRAWING.read_text("utf-8"))

    def test_its_table_has_one_row_per_transition(self) -> None:
        rows = [
            match.groups()
            for line in _section(SECTION).splitlines()
            if (match := TABLE_ROW.match(line.strip()))
        ]
        documented = [
            (event, _names(sources), dest.strip(), _names(roles), _names(needs))
            for event, sources, dest, roles, needs in rows
        ]
        in_code = [
            (
                row.event.value,
                frozenset(source.value for source in row.sources),
                row.dest.value,
                frozenset(role.value for role in row.roles),
                frozenset(row.requires),
            )
            for row in TRANSITIONS
        ]
        assert documented == in_code

    @pytest.mark.parametrize(
        ("bullet", "names"),
        [
            # The staff roles, and the actors beside them that the lifecycle knows.
            ("- Staff roles", {role.value for role in Role} | {actor.value for actor in ActorRole}),
            ("- Lifecycle events", {event.value for event in LifecycleEvent}),
            ("- Complaint statuses", {status.value for status in ComplaintStatus}),
        ],
        ids=["roles", "events", "statuses"],
    )
    def test_the_contract_names_are_those_of_the_code(self, bullet: str, names: set[str]) -> None:
        contracts = _section("## Contracts")
        start = contracts.index(bullet)
        end = contracts.find("\n- ", start + 1)
        text = contracts[start : end if end != -1 else len(contracts)]
        quoted = set(re.findall(r"`(\w+)`", text)) - {"Role", "LifecycleEvent", "ComplaintStatus"}
        assert quoted == names
