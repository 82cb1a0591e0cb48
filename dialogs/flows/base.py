"""Step flows: a table of steps, each with its prompt, its reader and where it may lead.

The table is turned into a `transitions` machine, so a step that tries to lead
anywhere its row does not name is a bug that fails loudly, and the drawing of a
flow (its .mmd file) can be checked against the machine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from transitions import Machine, MachineError

from dialogs.context import Context, Reask

SUMMARY = "summary"
DONE = "done"

Asker = Callable[[Context], Awaitable[None]]
# A reader takes the event, stores what it needs and returns the next step.
Reader = Callable[[Context], Awaitable[str]]


@dataclass(frozen=True, slots=True)
class Step:
    """One question of a flow."""

    name: str
    ask: Asker
    read: Reader
    leads_to: tuple[str, ...]
    help_key: str
    # Label key under which the answer is shown, and changeable, in the summary.
    summary_label: str | None = None
    # False where changing this answer needs the next step too (kecamatan → kelurahan).
    edit_returns_to_summary: bool = True


class _Position:
    """The machine's model: where the conversation is in the flow."""

    state: str


class StepFlow:
    """Runs a table of steps; state lives in the Context (so in the database)."""

    name: str = ""

    def __init__(self, steps: tuple[Step, ...]) -> None:
        self.steps = {step.name: step for step in steps}
        self.first = steps[0].name
        self.machine = self._build_machine(steps)

    @staticmethod
    def _build_machine(steps: tuple[Step, ...]) -> Machine:
        names = [step.name for step in steps]
        machine = Machine(
            model=None, states=[*names, DONE], initial=names[0],
            auto_transitions=False, send_event=True,
        )  # fmt: skip
        for step in steps:
            targets = list(step.leads_to)
            if step.summary_label and step.edit_returns_to_summary and SUMMARY in names:
                targets.append(SUMMARY)
            for target in dict.fromkeys(targets):
                machine.add_transition(
                    "answer", step.name, target,
                    conditions=[lambda event, target=target: event.kwargs["dest"] == target],
                )  # fmt: skip
            if step.summary_label and SUMMARY in names:
                machine.add_transition("edit", SUMMARY, step.name,
                    conditions=[lambda event, name=step.name: event.kwargs["dest"] == name])  # fmt: skip
        return machine

    def edges(self) -> set[tuple[str, str, str]]:
        """(source, destination, trigger) of every transition of the machine."""
        return {
            (source, transition.dest, trigger)
            for trigger, event in self.machine.events.items()
            for source, transitions in event.transitions.items()
            for transition in transitions
        }

    def _move(self, source: str, dest: str, trigger: str) -> None:
        position = _Position()
        self.machine.add_model(position, initial=source)
        try:
            if not position.trigger(trigger, dest=dest):  # type: ignore[attr-defined]
                raise MachineError(f"{self.name}: no '{trigger}' from {source} to {dest}")
        finally:
            self.machine.remove_model(position)

    # --- the Flow protocol -----------------------------------------------------
    async def start(self, ctx: Context, argument: str | None) -> None:
        """Begins at the first step."""
        ctx.enter(self.name, self.first)
        ctx.data["_history"] = []
        await self.steps[self.first].ask(ctx)

    async def handle(self, ctx: Context) -> None:
        """Reads the answer to the current step and moves on, or explains and asks again."""
        step = self.steps[ctx.step or self.first]
        try:
            dest = await step.read(ctx)
        except Reask as problem:
            ctx.say(problem.key, **problem.params)
            await step.ask(ctx)
            return
        await self.go(ctx, step, dest)

    async def go(self, ctx: Context, step: Step, dest: str) -> None:
        """Moves from `step` to `dest` through the machine and asks the next question."""
        if ctx.flow != self.name or ctx.step != step.name:
            return  # the reader ended the flow or moved it itself (an edit from the summary)
        if (
            ctx.data.get("_editing")
            and step.edit_returns_to_summary
            and self._is_forward(step, dest)
        ):
            dest = SUMMARY
        self._move(step.name, dest, "answer")
        if dest == SUMMARY:
            ctx.data["_editing"] = False
        if dest != step.name:
            ctx.data.setdefault("_history", []).append(step.name)
        ctx.step = dest
        if dest == DONE:
            ctx.finish()
            return
        await self.steps[dest].ask(ctx)

    def _is_forward(self, step: Step, dest: str) -> bool:
        # After changing one answer, moving on returns to the summary; moving
        # back (kelurahan → another kecamatan) is still allowed.
        order = list(self.steps)
        return dest != DONE and dest in self.steps and order.index(dest) > order.index(step.name)

    async def edit(self, ctx: Context, field: str) -> None:
        """From the summary, goes to one step to change its answer, then back."""
        if field not in self.steps or not self.steps[field].summary_label:
            raise Reask("old-button")
        self._move(SUMMARY, field, "edit")
        ctx.data["_editing"] = True
        ctx.step = field
        await self.steps[field].ask(ctx)

    async def reask(self, ctx: Context) -> None:
        """Asks the current question again."""
        await self.steps[ctx.step or self.first].ask(ctx)

    async def back(self, ctx: Context) -> None:
        """Goes back one step (from an edit: back to the summary)."""
        history: list[str] = ctx.data.setdefault("_history", [])
        if ctx.data.get("_editing") and SUMMARY in self.steps:
            ctx.data["_editing"] = False
            ctx.step = SUMMARY
        elif history:
            ctx.step = history.pop()
        else:
            ctx.say("back-at-first-step")
        await self.reask(ctx)

    async def help(self, ctx: Context) -> None:
        """Explains the current step, then asks it again."""
        ctx.say(self.steps[ctx.step or self.first].help_key)
        await self.reask(ctx)

    def mermaid(self) -> str:
        """The flow as a Mermaid state diagram (what its .mmd file must say)."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.first}"]
        for source, dest, trigger in sorted(self.edges()):
            lines.append(f"    {source} --> {dest} : {trigger}")
        lines.append(f"    {DONE} --> [*]")
        return "\n".join(lines) + "\n"
