"""The Mermaid drawing beside the lifecycle shows exactly the machine's transitions."""

from __future__ import annotations

import re
from pathlib import Path

from backend.casefiles.models import ComplaintStatus as S
from backend.complaints import lifecycle
from backend.complaints.lifecycle import MACHINE, TRANSITIONS

DIAGRAM = Path(lifecycle.__file__).with_name("lifecycle.mmd")
EDGE = re.compile(r"^\s*(\w+)\s*-->\s*(\w+)\s*:\s*(\w+)\s*$")


def _diagram_edges() -> set[tuple[str, str, str]]:
    edges = set()
    for line in DIAGRAM.read_text("utf-8").splitlines():
        if match := EDGE.match(line):
            edges.add((match[1], match[2], match[3]))
    return edges


def _machine_edges() -> set[tuple[str, str, str]]:
    edges = set()
    for trigger, event in MACHINE.events.items():
        for source, transitions in event.transitions.items():
            for transition in transitions:
                # transitions keys Enum states by member name.
                edges.add((S[source].value, S[transition.dest].value, trigger))
    return edges


class TestLifecycleDiagram:
    """lifecycle.mmd, the TRANSITIONS table and the transitions machine agree."""

    def test_diagram_matches_the_machine(self) -> None:
        assert _diagram_edges() == _machine_edges()

    def test_machine_matches_the_table(self) -> None:
        table = {
            (source.value, row.dest.value, row.event.value)
            for row in TRANSITIONS
            for source in row.sources
        }
        assert _machine_edges() == table

    def test_machine_has_no_automatic_transitions(self) -> None:
        assert not any(name.startswith("to_") for name in MACHINE.events)
