"""The Mermaid drawing beside each flow is the machine the flow runs on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from transitions import MachineError

from dialogs.flows import build_flows
from dialogs.flows.base import DONE, StepFlow
from dialogs.flows.intake import INTAKE

FLOWS_DIR = Path(__file__).resolve().parents[2] / "dialogs" / "flows"
FLOWS: dict[str, StepFlow] = build_flows()  # type: ignore[assignment]
EDGE = re.compile(r"^\s*(\S+) --> (\S+)(?: : (\S+))?\s*$")


def drawing_of(name: str) -> str:
    """The .mmd file of flow `name` without its %% comment lines."""
    text = (FLOWS_DIR / f"{name}.mmd").read_text("utf-8")
    return "".join(
        line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("%%")
    )


def drawn_edges(name: str) -> list[tuple[str, str, str | None]]:
    """(source, destination, trigger) of every arrow in the drawing."""
    edges = []
    for line in drawing_of(name).splitlines()[1:]:
        match = EDGE.match(line)
        assert match, f"{name}.mmd: not an arrow: {line!r}"
        edges.append((match.group(1), match.group(2), match.group(3)))
    return edges


class TestEachDrawingMatchesItsMachine:
    """dialogs/flows/<name>.mmd says exactly what flow.mermaid() says."""

    @pytest.mark.parametrize("name", sorted(FLOWS))
    def test_drawing_equals_the_generated_diagram(self, name: str) -> None:
        assert drawing_of(name) == FLOWS[name].mermaid()

    @pytest.mark.parametrize("name", sorted(FLOWS))
    def test_every_arrow_drawn_is_a_transition_of_the_machine(self, name: str) -> None:
        flow = FLOWS[name]
        for source, dest, trigger in drawn_edges(name):
            if source == "[*]":
                assert (dest, trigger) == (flow.first, None)
            elif dest == "[*]":
                assert (source, trigger) == (DONE, None)
            else:
                assert (source, dest, trigger) in flow.edges(), (source, dest, trigger)

    @pytest.mark.parametrize("name", sorted(FLOWS))
    def test_every_transition_of_the_machine_is_drawn(self, name: str) -> None:
        drawn = {edge for edge in drawn_edges(name) if "[*]" not in edge[:2]}
        assert FLOWS[name].edges() == drawn


class TestTheIntakeMachineMovesOnlyAlongItsTable:
    """No convenience to_<state> triggers: a step can go only where its row says."""

    def test_there_are_no_automatic_transitions(self) -> None:
        automatic = [trigger for trigger in INTAKE.machine.events if trigger.startswith("to_")]
        assert automatic == []
        assert {trigger for _, _, trigger in INTAKE.edges()} == {"answer", "edit"}

    def test_a_move_the_table_does_not_name_fails_loudly(self) -> None:
        with pytest.raises(MachineError):
            INTAKE._move("consent", "summary", "answer")
        with pytest.raises(MachineError):
            INTAKE._move("summary", "consent", "edit")


class TestEveryStepLeadsToAStepThatExists:
    """A step's leads_to names only steps of its own flow, or done."""

    @pytest.mark.parametrize("name", sorted(FLOWS))
    def test_leads_to_targets_exist(self, name: str) -> None:
        flow = FLOWS[name]
        unknown = {
            (step.name, target)
            for step in flow.steps.values()
            for target in step.leads_to
            if target != DONE and target not in flow.steps
        }
        assert unknown == set()

    @pytest.mark.parametrize("name", sorted(FLOWS))
    def test_machine_states_are_the_steps_and_done(self, name: str) -> None:
        flow = FLOWS[name]
        assert set(flow.machine.states) == {*flow.steps, DONE}
