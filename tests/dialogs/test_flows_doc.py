"""docs/flows.md lists every flow with its drawing, and every file it points at exists."""

from __future__ import annotations

import re
from pathlib import Path

from dialogs.flows import build_flows

DOC = Path(__file__).resolve().parents[2] / "docs" / "flows.md"
FLOW_ROW = re.compile(r"^\| `(\w+)` \|.*\[(\w+\.mmd)\]\(\.\./dialogs/flows/(\w+\.mmd)\) \|$")
LINK = re.compile(r"\]\(([^)#]+)\)")


class TestTheFlowsPage:
    """A new flow, or a renamed drawing, shows up as a failure until the page says so."""

    def test_it_has_one_row_per_flow_pointing_at_its_drawing(self) -> None:
        rows = [
            match.groups()
            for line in DOC.read_text("utf-8").splitlines()
            if (match := FLOW_ROW.match(line))
        ]
        assert sorted(name for name, _, _ in rows) == sorted(build_flows())
        assert all(shown == target == f"{name}.mmd" for name, shown, target in rows)

    def test_every_link_points_at_a_file_in_the_repository(self) -> None:
        links = LINK.findall(DOC.read_text("utf-8"))
        assert links
        missing = [link for link in links if not (DOC.parent / link).resolve().is_file()]
        assert missing == []
