"""Complete intakes with random disruptions between the steps (issue 17).

A citizen walks the intake of tests/fixtures/citizens.py; before each answer hypothesis
puts disruptions people cause: stickers, photos, voice notes, buttons of questions
already answered, labels of such buttons typed, nonsense, /bantuan, an edited message,
and the same update delivered twice; and it may type a button's label (as people write
it) instead of pressing it. Whatever comes:

- every intake ends with exactly one ticket;
- every disruption gets a reply (a repeated update none: it was answered the first time);
- no disruption is taken as an answer: the question open before it is the one open after
  it (a sticker never becomes a description, nonsense never an address);
- a typed label picks the button it names or none (the question is asked again), never
  another one.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import uuid
from dataclasses import dataclass, field, replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from backend.casefiles.models import Complaint
from backend.db import create_engine, create_session_factory
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from dialogs.events import Event, EventKind, FileRef, Reply
from dialogs.typed import normalised
from tests.fixtures.citizens import INTAKE, RECEIPT

# The steps whose question reads a file or may one day read a voice note (the attachments,
# the description): a file there can be an answer, so it is no disruption.
FILE_ANSWERS = ("foto atau dokumen", "Ceritakan masalahnya")
# Texts with neither letters nor digits: no question of the intake may take them.
NONSENSE = st.text(alphabet="🙏😀👍🏽?!.,:;()*~ \n", min_size=1, max_size=20)
_serials = itertools.count(1)


@dataclass(frozen=True)
class Disruption:
    """One thing a person does that answers nothing: `kind` and, for some, which one."""

    kind: str
    pick: int = 0
    text: str = ""


disruptions = st.one_of(
    st.builds(Disruption, st.sampled_from(("sticker", "photo", "voice", "bantuan", "redeliver"))),
    st.builds(Disruption, st.just("old_button"), st.integers(0, 500)),
    st.builds(Disruption, st.just("old_label"), st.integers(0, 500)),
    st.builds(Disruption, st.just("nonsense"), st.just(0), NONSENSE),
    st.builds(Disruption, st.just("edited"), st.integers(0, 500)),
)
# How a person types a label: as shown, lower case, upper case, without its emoji, padded,
# with one letter dropped (a typo), or the button's number.
LABEL_FORMS = ("as_shown", "lower", "upper", "no_emoji", "padded", "typo", "number")
steps = st.lists(
    st.tuples(st.lists(disruptions, max_size=3), st.sampled_from((None, *LABEL_FORMS))),
    min_size=len(INTAKE),
    max_size=len(INTAKE),
)


def typed_label(label: str, form: str, index: int) -> str:
    """The label of a button as a person might type it."""
    words = normalised(label)
    match form:
        case "lower":
            return label.lower()
        case "upper":
            return label.upper()
        case "no_emoji":
            return words
        case "padded":
            return f"  {label}  "
        case "typo" if len(words) >= 8:
            middle = len(words) // 2
            return words[:middle] + words[middle + 1 :]
        case "number":
            return str(index + 1)
    return label


def labels(reply: Reply) -> list[str]:
    return [button.label for row in reply.buttons for button in row]


@dataclass
class Intake:
    """One citizen's chat with the engine, and everything it was shown."""

    engine: DialogEngine
    chat_id: str = field(default_factory=lambda: f"dz-{uuid.uuid4().hex[:12]}")
    shown: list[Reply] = field(default_factory=list)
    history: list[Reply] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=itertools.count)

    def event(self, kind: EventKind, **fields: object) -> Event:
        event_id = f"{self.chat_id}:{next(self.ids)}"
        return Event("telegram", self.chat_id, kind, event_id, **fields)  # type: ignore[arg-type]

    async def deliver(self, event: Event) -> list[Reply]:
        replies = await self.engine.handle(event)
        self.events.append(event)
        if replies:
            self.shown = replies
            self.history.extend(replies)
        return replies

    async def send(self, text: str) -> list[Reply]:
        typed = Event.from_text("telegram", self.chat_id, text, f"{self.chat_id}:{next(self.ids)}")
        return await self.deliver(typed)

    async def press(self, payload: str) -> list[Reply]:
        return await self.deliver(self.event(EventKind.BUTTON, payload=payload))

    @property
    def question(self) -> Reply:
        return self.shown[-1]

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.shown)

    def button(self, label: str) -> tuple[int, str, str]:
        """(index, label, payload) of the shown button whose label contains `label`."""
        shown = [b for row in self.question.buttons for b in row]
        for index, button in enumerate(shown):
            if label.casefold() in button.label.casefold():
                return index, button.label, button.payload
        raise AssertionError(f"no button {label!r} among {labels(self.question)}")

    def answered_payloads(self) -> list[str]:
        """Buttons of questions answered already (another question number than the open one)."""
        open_token = {b.payload.partition(":")[0] for row in self.question.buttons for b in row}
        return [
            b.payload
            for reply in self.history
            for row in reply.buttons
            for b in row
            if b.payload.partition(":")[0] not in open_token
        ]


async def disrupt(intake: Intake, disruption: Disruption) -> None:
    """One disruption; checks it was answered and the same question is still open."""
    before = intake.question
    match disruption.kind:
        case "sticker":
            replies = await intake.deliver(intake.event(EventKind.UNSUPPORTED))
        case "photo" | "voice" if any(piece in before.text for piece in FILE_ANSWERS):
            return  # a file is an answer there
        case "photo":
            file = FileRef(f"f-{uuid.uuid4().hex}", "photo", 40_000, "image/jpeg", "kk.jpg")
            replies = await intake.deliver(intake.event(EventKind.FILE, file=file))
        case "voice":
            file = FileRef(f"v-{uuid.uuid4().hex}", "voice", 9_000, "audio/ogg", "voice.oga")
            replies = await intake.deliver(intake.event(EventKind.FILE, file=file))
        case "bantuan":
            replies = await intake.send("/bantuan")
        case "nonsense":
            replies = await intake.send(disruption.text)
        case "edited":
            # An edit of an earlier message, even of a good answer, answers nothing now.
            typed = [e for e in intake.events if e.kind == EventKind.TEXT] or [
                Event.from_text("telegram", intake.chat_id, "Siti Aminah")
            ]
            earlier = typed[disruption.pick % len(typed)]
            event_id = f"{intake.chat_id}:{next(intake.ids)}"
            replies = await intake.deliver(replace(earlier, event_id=event_id, edited=True))
        case "old_button" | "old_label":
            old = intake.answered_payloads()
            if not old or (disruption.kind == "old_label" and not before.buttons):
                return  # typed where free text is read, a label is that text
            payload = old[disruption.pick % len(old)]
            if disruption.kind == "old_button":
                replies = await intake.press(payload)
            else:
                label = next(
                    b.label
                    for reply in intake.history
                    for row in reply.buttons
                    for b in row
                    if b.payload == payload
                )
                if normalised(label) in {normalised(shown) for shown in labels(before)}:
                    return  # the open question has a button of that name: not a disruption
                replies = await intake.send(label)
        case "redeliver":
            if not intake.events:
                return
            assert await intake.engine.handle(intake.events[-1]) == [], "answered twice"
            return
        case _:
            raise AssertionError(disruption)
    assert replies, f"no reply to {disruption}"
    after = intake.question
    # The question is the message's last paragraph: an explanation may run in before it.
    asked = [(reply.text.split("\n\n")[-1], labels(reply)) for reply in (before, after)]
    assert asked[1] == asked[0], (
        f"{disruption} was taken as an answer: {before.text[:80]!r} became {after.text[:80]!r}"
    )


async def walk(intake: Intake, nik: str, script: list[tuple[list[Disruption], str | None]]) -> None:
    """The whole intake with the script's disruptions; each step must get its answer."""
    for number, ((action, argument, expect), (troubles, form)) in enumerate(
        zip(INTAKE, script, strict=True)
    ):
        # The button as first shown: after the disruptions its question has been sent again,
        # and the first copy's button must still work (it is the same question).
        first = intake.button(argument) if action == "press" else None
        if number > 0:  # before /lapor nothing is open yet
            for disruption in troubles:
                await disrupt(intake, disruption)
        if action == "say":
            await intake.send(nik if argument == "NIK" else argument)
        elif form is None or first is None:
            await intake.press(first[2] if first else intake.button(argument)[2])
        else:
            await type_label(intake, first, form, expect)
        assert expect in intake.text, (action, argument, form, intake.text[:300])


async def type_label(intake: Intake, button: tuple[int, str, str], form: str, expect: str) -> None:
    """Types the button's label instead of pressing it: understood, or at worst asked again."""
    index, label, payload = button
    takes_text = "nomor KK" in intake.question.text  # a typed number is a KK number there
    typed = typed_label(label, "as_shown" if takes_text and form == "number" else form, index)
    before = intake.question
    await intake.send(typed)
    if expect in intake.text:
        return
    # A typo may be too far to be sure; then it is asked again, never taken as another button.
    assert form == "typo", f"{typed!r} for {label!r} was not understood: {intake.text[:200]}"
    after = intake.question
    assert (after.text, labels(after)) == (before.text, labels(before)), typed
    await intake.press(payload)


async def play(database_url: str, script: list[tuple[list[Disruption], str | None]]) -> None:
    engine = create_engine(database_url)
    try:
        sessions = create_session_factory(engine)
        dialogs = DialogEngine(sessions, DialogServices(vault=Vault(os.environ["DATA_KEY"])))
        async with sessions() as session:
            filed_before = await session.scalar(select(func.count()).select_from(Complaint))
        intake = Intake(dialogs)
        nik = f"327104650190{next(_serials) % 9999 + 1:04d}"
        await walk(intake, nik, script)
        async with sessions() as session:
            filed_after = await session.scalar(select(func.count()).select_from(Complaint))
        assert (filed_after or 0) - (filed_before or 0) == 1
        assert sum(RECEIPT in reply.text for reply in intake.history) == 1
    finally:
        await engine.dispose()


class TestIntakesWithDisruptions:
    """Disruptions between the steps never cost an intake its ticket nor change an answer."""

    def test_every_intake_ends_with_one_ticket(self, database_url: str) -> None:
        @settings(
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(script=steps)
        def replay(script: list[tuple[list[Disruption], str | None]]) -> None:
            with asyncio.Runner() as runner:
                runner.run(play(database_url, script))

        replay()
