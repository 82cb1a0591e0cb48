"""Step flows: a table of steps, each with its prompt, its reader and where it may lead.

The table is turned into a `transitions` machine, so a step that tries to lead
anywhere its row does not name is a bug that fails loudly, and the drawing of a
flow (its .mmd file) can be checked against the machine.

Intakes (the citizen's and the facilitator's) end alike: IntakeStepFlow adds the
summary, changing an answer from it, the required answers and the duplicate
question, configured by each audience's Audience table.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from transitions import Machine, MachineError

from backend.casefiles.repository import get_category_by_code
from backend.complaints.filing import FilingOutcome, FilingResult, OnDuplicate
from backend.errors import InvalidInput
from dialogs import answers
from dialogs.context import Context, Reask
from dialogs.i18n import has_message
from dialogs.regions import regions

SUMMARY = "summary"
DUPLICATE = "duplicate"
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
            if transition.dest is not None  # an internal transition stays where it is
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


# --- intakes: the summary, the answers it needs, and sending ---------------------------------
ShowAnswer = Callable[[Context], Awaitable[str]]


def pair_rows(items: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """Buttons two to a row."""
    return [items[index : index + 2] for index in range(0, len(items), 2)]


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of an intake's summary: the label's key and how the answer reads."""

    label: str
    show: ShowAnswer


@dataclass(frozen=True, slots=True)
class Audience:
    """What differs between the intakes of one audience and another: words and answers."""

    heading: str
    confirm: str
    submit_button: str
    summary_help: str
    duplicate_help: str
    lines: tuple[SummaryLine, ...]
    # The steps whose answer the summary offers to change, in the order of their buttons.
    editable: tuple[str, ...]
    # (answer, the step that asks it): the summary is shown only once all are given.
    required: tuple[tuple[str, str], ...]


class IntakeStepFlow(StepFlow):
    """A filing: its own questions, then the summary and duplicate steps all intakes share."""

    def __init__(self, steps: tuple[Step, ...], audience: Audience) -> None:
        self.audience = audience
        super().__init__((
            *steps,
            Step(SUMMARY, self.ask_summary, self.read_summary, (DONE, DUPLICATE),
                 audience.summary_help),
            Step(DUPLICATE, self.ask_duplicate, self.read_duplicate, (DONE,),
                 audience.duplicate_help),
        ))  # fmt: skip

    async def send(
        self, ctx: Context, on_duplicate: OnDuplicate, offered_ticket: str | None
    ) -> FilingOutcome:
        """Files the answers through the filing service and says what came of it."""
        raise NotImplementedError

    def missing_step(self, ctx: Context) -> str | None:
        """The step that asks the first required answer not given yet, or None."""
        data = ctx.data
        missing = next((step for key, step in self.audience.required if not data.get(key)), None)
        if missing is None and not (data.get("nik") or data.get("no_nik")):
            missing = "nik"
        return missing

    async def summary_text(self, ctx: Context) -> str:
        """Every answer under its label, in the conversation's language."""
        lines = [ctx.t(self.audience.heading)]
        lines += [f"{ctx.t(line.label)}: {await line.show(ctx)}" for line in self.audience.lines]
        return "\n".join([*lines, "", ctx.t(self.audience.confirm)])

    async def ask_summary(self, ctx: Context) -> None:
        """Shows every answer with a button to change each, or asks a missing one first."""
        # An edit left half done (another kecamatan, then /kembali) leaves a gap: fill it first.
        if (missing := self.missing_step(ctx)) is not None:
            ctx.data["_editing"] = True
            ctx.step = missing
            await self.steps[missing].ask(ctx)
            return
        ctx.say_text(ctx.t("intake-summary-description") + "\n\n" + ctx.data.get("description", ""))
        edit_buttons = [
            ("✏️ " + ctx.t(self.steps[name].summary_label or ""), "edit", name)
            for name in self.audience.editable
            # Without a NIK the category is civil documents, not a choice.
            if not (name == "category" and ctx.data.get("no_nik"))
        ]
        ctx.ask(
            await self.summary_text(ctx),
            buttons=[[(ctx.t(self.audience.submit_button), "submit", "")],
                     *pair_rows(edit_buttons), [(ctx.t("button-cancel"), "cancel", "")]],
        )  # fmt: skip

    async def read_summary(self, ctx: Context) -> str:
        """Sends, cancels, or goes to the step of the answer to change."""
        pressed = ctx.pressed()
        if pressed is None:
            raise Reask("choose-a-button")
        action, argument = pressed
        if action == "edit":
            await self.edit(ctx, argument)
            return ctx.step or SUMMARY
        if action == "cancel":
            ctx.say("cancelled")
            ctx.finish()
            return DONE
        if action != "submit":
            raise Reask("choose-a-button")
        return await self._send(ctx, OnDuplicate.ASK)

    async def ask_duplicate(self, ctx: Context) -> None:
        """Offers to add to the open complaint about the same NIK and category instead."""
        ctx.ask(
            ctx.t("intake-duplicate", ticket=ctx.data.get("duplicate_ticket", "")),
            buttons=[[(ctx.t("button-add-to-existing"), "dup", "add")],
                     [(ctx.t("button-file-new"), "dup", "new")],
                     [(ctx.t("button-cancel"), "dup", "cancel")]],
        )  # fmt: skip

    async def read_duplicate(self, ctx: Context) -> str:
        """Adds to the open complaint, files a new one, or cancels."""
        pressed = ctx.pressed()
        if pressed is None:
            raise Reask("choose-a-button")
        if pressed[1] == "add":
            return await self._send(ctx, OnDuplicate.ADD, ctx.data.get("duplicate_ticket"))
        if pressed[1] == "new":
            return await self._send(ctx, OnDuplicate.FILE_NEW)
        ctx.say("cancelled")
        ctx.finish()
        return DONE

    async def _send(
        self, ctx: Context, on_duplicate: OnDuplicate, offered_ticket: str | None = None
    ) -> str:
        try:
            outcome = await self.send(ctx, on_duplicate, offered_ticket)
        except InvalidInput as problem:
            # An answer no longer acceptable (its category closed meanwhile): ask it again.
            step = self.steps.get(problem.field or "")
            if step is None or not step.summary_label:
                raise
            if problem.key and has_message(ctx.language, problem.key):
                ctx.say(problem.key, **problem.params)
            await self.edit(ctx, step.name)
            return step.name
        if outcome.result == FilingResult.DUPLICATE_FOUND:
            ctx.data["duplicate_ticket"] = outcome.complaint.ticket
            return DUPLICATE
        ctx.finish()
        return DONE


# How the answers both intakes ask read in a summary.
async def _full_name(ctx: Context) -> str:
    return ctx.data.get("full_name") or "-"


async def _nik(ctx: Context) -> str:
    return answers.unseal(ctx, ctx.data.get("nik")) or ctx.t("value-no-nik")


async def _kk(ctx: Context) -> str:
    return answers.unseal(ctx, ctx.data.get("kk")) or ctx.t("value-none")


async def _phone(ctx: Context) -> str:
    return ctx.data.get("phone") or ctx.t("value-none")


async def _kecamatan(ctx: Context) -> str:
    kecamatan = (await regions(ctx.session)).get_kecamatan(ctx.data.get("kecamatan") or "")
    return kecamatan.name if kecamatan else "-"


async def _kelurahan(ctx: Context) -> str:
    kelurahan = (await regions(ctx.session)).get_kelurahan(ctx.data.get("kelurahan") or "")
    return kelurahan.name if kelurahan else "-"


async def _address(ctx: Context) -> str:
    return ctx.data.get("address") or "-"


async def _category(ctx: Context) -> str:
    category = await get_category_by_code(ctx.session, ctx.data.get("category") or "")
    if category is None:
        return "-"
    return category.name_en if ctx.language == "en" else category.name_id


async def _attachments(ctx: Context) -> str:
    return str(len(ctx.data.get("files", [])))


# The person, the place and the matter, as every intake's summary shows them.
ANSWER_LINES = (
    SummaryLine("label-full-name", _full_name),
    SummaryLine("label-nik", _nik),
    SummaryLine("label-kk", _kk),
    SummaryLine("label-phone", _phone),
    SummaryLine("label-kecamatan", _kecamatan),
    SummaryLine("label-kelurahan", _kelurahan),
    SummaryLine("label-address", _address),
    SummaryLine("label-category", _category),
    SummaryLine("label-attachments", _attachments),
)
