"""Random event sequences from a few chats: the engine never raises, every reply fits a channel.

A script is a list of actions for three chats. Most actions behave like a citizen
who answers what was asked (press a shown button, type a plausible NIK, phone,
address or description), so scripts regularly reach the summary and a ticket; the
rest are commands, odd texts, forged and stale buttons, files, contacts, locations,
edits, stickers, redelivered events, a day passing and staff acting on a complaint.
"""

from __future__ import annotations

import asyncio
import itertools
import operator
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.actors import Actor, ActorRole
from backend.casefiles.models import Complaint
from backend.casefiles.tickets import TICKET_IN_TEXT
from backend.clock import utcnow
from backend.complaints.service import EventDetails, fire_event
from backend.db import create_engine, create_session_factory
from backend.errors import DomainError
from backend.security.crypto import Vault
from dialogs.engine import DialogEngine, DialogServices
from dialogs.events import (
    MAX_BUTTONS,
    MAX_CALLBACK_BYTES,
    MAX_TEXT_LENGTH,
    Event,
    EventKind,
    FileRef,
    Reply,
)
from dialogs.i18n import LANGUAGES, translate
from tests.fixtures.chat import ChatDriver

NIK = "3271046501900001"
KK = "3271040101200003"
PHONE = "081234567890"
ADDRESS = "Jl. Mawar No. 5, RT 02/RW 03"
DESCRIPTION = "Bantuan PKH ibu saya tidak cair sejak bulan Agustus."
EXAMPLE_TICKET = "261128-001T"
CHATS = 3

COMMANDS = (
    "/start", "/menu", "/lapor", "/status", "/info", "/bahasa", "/batal", "/kembali",
    "/bantuan", "/jawab", "/unknown", "/start somepayload", f"/status {EXAMPLE_TICKET}",
)  # fmt: skip

ODD_TEXTS = (
    "", " ", "\n\t ", "/", "//", "/ lapor", "0", "-1", "٣٢٧١٠٤٦٥٠١٩٠٠٠٠١", "３２７１０４６５０１９０００００１",
    "<script>alert('x')</script> & <b>tebal</b>", "{ $ticket }", "🙂🙏🏽👨‍👩‍👧 😀", "\x00",
    "Jl. Mawar\x00 No. 5", "\u202egnalat", "261128 001t", EXAMPLE_TICKET, "3271 0465 0190 0001",
    "+62 812-3456-7890", "'; DROP TABLE complaints; --", "null", "a" * 4000, "a" * 4001, "x" * 5000,
    "kata " * 800, "ab " * 1400,
)  # fmt: skip
PLAUSIBLE_TEXTS = (
    "Siti Aminah", NIK, "3201234501850012", KK, PHONE, ADDRESS, DESCRIPTION, "0001", "halo", "1",
)  # fmt: skip

# Questions that want typed text, and what a citizen types (the first answer is the usual one).
TEXT_ANSWERS: dict[str, tuple[str, ...]] = {
    "intake-full-name-member": ("Ujang Saepudin", "Siti Nurhaliza"),
    "intake-full-name": ("Siti Aminah", "Dewi Sartika-Putri", "O'Neil"),
    "intake-nik": (NIK, "3271045203950002", "3201234501850012", "3271 0465 0190 0001"),
    "intake-kk": (KK, "3271 0401 0120 0003"),
    "intake-address": (ADDRESS, "Gg. Kenari 3 RT 01/RW 01"),
    "intake-description": (DESCRIPTION, "Anak saya belum punya akta dan belum masuk KK."),
    "status-verify": ("0001", "1234"),
    "answer-prompt": ("Ini foto KK saya, sudah saya kirim lewat chat.",),
}
TICKET_PROMPTS = ("status-none", "status-type-ticket")
# What a citizen attaches when asked for supporting documents.
ATTACHMENT_NAMES = ("foto-kk.jpg", "surat-keterangan.pdf")
# Replies that show how deep a script got.
MILESTONES = {
    "kelurahan": "intake-kelurahan",
    "attachments": "intake-attachments",
    "summary": "intake-summary",
    "registered": "intake-registered",
    "duplicate": "intake-duplicate",
    "resume": "resume-question",
    "verify": "status-verify",
    "answered": "answer-received",
}
_PARAMETERS = (
    "limit", "phone", "page", "pages", "count", "ticket", "status", "due", "updated",
    "limit_mb", "category", "question", "resolution", "reason", "triage", "referral",
)  # fmt: skip
_HOLE = "\x1f"


def fragment(key: str) -> tuple[str, ...]:
    """The longest fixed piece of a message in each language, to recognise it in a reply."""
    pieces = []
    for language in LANGUAGES:
        text = translate(language, key, **dict.fromkeys(_PARAMETERS, _HOLE))
        pieces.append(max(text.split(_HOLE), key=len).strip())
    return tuple(pieces)


def shows(reply: Reply, key: str) -> bool:
    """Whether `reply` is message `key` (in either language)."""
    return any(piece in reply.text for piece in fragment(key))


# --- actions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Replace:
    """An answer replaced by any text."""

    text: str

    def apply(self, answer: str) -> str:
        return self.text


@dataclass(frozen=True)
class Insert:
    """An answer with a stray character in it (a NUL, a zero-width space, an escape)."""

    stray: str
    at: int

    def apply(self, answer: str) -> str:
        return answer[: self.at] + self.stray + answer[self.at :]


@dataclass(frozen=True)
class Pad:
    """An answer made longer by `extra` characters of more words."""

    extra: int

    def apply(self, answer: str) -> str:
        return (answer + " " + "RT 02/RW 03 " * (self.extra // 12 + 1))[: len(answer) + self.extra]


Mutation = Replace | Insert | Pad


@dataclass(frozen=True)
class Advance:
    """Answers what was asked: variant 0-5 the usual answer, 6-7 another plausible one, 8-9
    an odd one (the answer changed by `odd`, or a shown button pressed with `argument`)."""

    chat: int
    variant: int = 0
    odd: Mutation = Replace("")
    argument: str = ""


@dataclass(frozen=True)
class Press:
    """Presses any button of the latest replies."""

    chat: int
    index: int


@dataclass(frozen=True)
class Forge:
    """Presses a button never shown: the current question's token with any action."""

    chat: int
    action: str
    argument: str


@dataclass(frozen=True)
class Tamper:
    """Presses a shown button with its argument replaced (a modified client, a web page)."""

    chat: int
    index: int
    argument: str


@dataclass(frozen=True)
class Stale:
    """Presses a button shown earlier to any of the chats."""

    chat: int
    index: int


@dataclass(frozen=True)
class Garbage:
    """A button payload that no button ever had."""

    chat: int
    payload: str | None


@dataclass(frozen=True)
class Command:
    chat: int
    text: str


@dataclass(frozen=True)
class Type:
    chat: int
    text: str
    edited: bool = False


@dataclass(frozen=True)
class Contact:
    chat: int
    phone: str | None


@dataclass(frozen=True)
class SendFile:
    chat: int
    kind: str
    size: int | None
    mime_type: str | None
    file_name: str | None


@dataclass(frozen=True)
class Locate:
    chat: int
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Sticker:
    chat: int


@dataclass(frozen=True)
class Redeliver:
    """The channel delivers an event of this chat a second time."""

    chat: int
    index: int


@dataclass(frozen=True)
class DayPasses:
    hours: int


@dataclass(frozen=True)
class StaffActs:
    """Staff move a complaint filed in this script: review it, ask a question, resolve, reject."""

    index: int
    move: str


# Lifecycle events staff fire for each move, in order; one that does not apply is skipped.
STAFF_MOVES = {
    "review": ("start_review",),
    "ask": ("start_review", "request_info"),
    "resolve": ("start_review", "resolve"),
    "reject": ("reject",),
}


# Most actions are the first chat's, so it gets far; the others interleave.
chat_index = st.sampled_from((0, 0, 0, 0, 0, 0, 1, 2))
small_text = st.text(max_size=30)
payload_parts = st.sampled_from((
    "menu", "consent", "for", "no_nik", "skip", "kec", "kel", "page", "other_kec", "cat",
    "files_done", "edit", "submit", "cancel", "dup", "resume", "show", "ticket", "topic",
    "close", "lang", "",
))  # fmt: skip
arguments = st.one_of(
    st.sampled_from((
        "", "yes", "no", "self", "household_member", "intake", "status", "answer", "summary",
        "category", "kelurahan", "kecamatan", "nik", "32.71.04", "32.71.04.1003", "32.71.01.1001",
        "pkh", "civil_documents", "deadlines", "add", "new", "continue", "restart", "id", "en",
        "0", "1", "99999", "-1", "²", "١", "𝟙", EXAMPLE_TICKET,
    )),
    small_text,
)  # fmt: skip
garbage_payloads = st.one_of(
    st.none(),
    st.sampled_from((
        "", ":", "::", "g:", "g:status:", f"g:status:{EXAMPLE_TICKET}", "g:answer:",
        f"g:answer:{EXAMPLE_TICKET}", "g:menu:intake", "g:unknown:x", "0:menu:intake",
        "999999:submit:", "x" * 64, "ü" * 40,
    )),
    st.text(max_size=80),
)  # fmt: skip
file_sizes = st.one_of(
    st.none(),
    st.sampled_from((0, 1, 10 * 1024 * 1024, 10 * 1024 * 1024 + 1)),
    st.integers(0, 30 * 1024 * 1024),
)
mime_types = st.one_of(
    st.none(),
    st.sampled_from((
        "image/jpeg", "image/png", "image/webp", "application/pdf", "image/gif", "audio/ogg",
        "application/x-msdownload", "IMAGE/PNG", "",
    )),
)  # fmt: skip
file_names = st.one_of(
    st.none(),
    st.sampled_from(
        (
            "kk.jpg",
            "surat keterangan.pdf",
            "",
            "../../etc/passwd",
            "a" * 251 + ".pdf",
            "a" * 300 + ".pdf",
            "surat\x00.pdf",
        )
    ),
    st.text(max_size=40),
)
long_texts = st.builds(
    operator.mul, st.sampled_from(("a", "é", "😀", "1", " ", "\u200b", "ab ")), st.integers(0, 5000)
)
texts = st.one_of(
    st.sampled_from(PLAUSIBLE_TEXTS),
    st.sampled_from(ODD_TEXTS),
    st.text(max_size=40),
    st.text(alphabet="0123456789 .-+", max_size=24),
    long_texts,
)
# Odd answers: any text, or the expected answer with a stray character or made very long.
mutations = st.one_of(
    st.builds(Replace, texts),
    st.builds(Insert, st.sampled_from(("\x00", "\u200b", "\x1b[31m", "🙂")), st.integers(0, 60)),
    st.builds(Pad, st.one_of(st.sampled_from((50, 500, 3800, 3990, 4100)), st.integers(0, 4100))),
)
phones = st.one_of(
    st.none(),
    st.sampled_from(("+6281234567890", "6281234567890", "+14155552671", "", "abc")),
    small_text,
)
coordinates = st.one_of(st.none(), st.floats(-90, 90))

# (weight, kind of action): answering what was asked dominates, so filings get far.
WEIGHTED_ACTIONS = (
    (14, st.builds(Advance, chat_index, st.integers(0, 9), mutations, arguments)),
    (2, st.builds(Press, chat_index, st.integers(0, 200))),
    (1, st.builds(Tamper, chat_index, st.integers(0, 200), arguments)),
    (1, st.builds(Forge, chat_index, payload_parts, arguments)),
    (1, st.builds(Stale, chat_index, st.integers(0, 500))),
    (1, st.builds(Garbage, chat_index, garbage_payloads)),
    (1, st.builds(Command, chat_index, st.sampled_from(COMMANDS))),
    (2, st.builds(Type, chat_index, texts, st.sampled_from((False, False, False, True)))),
    (1, st.builds(Contact, chat_index, phones)),
    (2, st.builds(SendFile, chat_index, st.sampled_from(("photo", "document", "voice", "video")),
                  file_sizes, mime_types, file_names)),
    (1, st.builds(Locate, chat_index, coordinates, coordinates)),
    (1, st.builds(Sticker, chat_index)),
    (1, st.builds(Redeliver, chat_index, st.integers(0, 100))),
    (1, st.builds(DayPasses, st.sampled_from((1, 25, 49)))),
    (1, st.builds(StaffActs, st.integers(0, 10), st.sampled_from(tuple(STAFF_MOVES)))),
)  # fmt: skip
# one_of would count a repeated strategy once; sampling a weighted list does not.
actions = st.sampled_from(
    [strategy for weight, strategy in WEIGHTED_ACTIONS for _ in range(weight)]
).flatmap(lambda strategy: strategy)
chat_setups = st.lists(
    st.tuples(st.sampled_from(("telegram", "web", "cli")),
              st.sampled_from((None, "id", "en", "en-US", "xx", ""))),
    min_size=CHATS, max_size=CHATS,
)  # fmt: skip
# How many usual answers the first chat gives before the random part begins; most often
# it starts at the kelurahan (9), at the summary (14) or just after its ticket (15).
head_starts = st.one_of(st.sampled_from((9, 14, 15)), st.integers(0, 15))
scripts = st.tuples(
    chat_setups,
    head_starts,
    st.integers(0, 30).flatmap(lambda length: st.lists(actions, min_size=length, max_size=length)),
)


# --- what every reply must be ---------------------------------------------------------
def check_reply(reply: Reply) -> None:
    """Telegram's limits, which every channel is held to."""
    assert 0 < len(reply.text) <= MAX_TEXT_LENGTH, (len(reply.text), reply.text[:200])
    assert reply.text.strip(), repr(reply.text)
    assert reply.button_count() <= MAX_BUTTONS, reply.button_count()
    for row in reply.buttons:
        for button in row:
            assert button.label.strip(), reply
            assert 0 < len(button.payload.encode("utf-8")) <= MAX_CALLBACK_BYTES, button.payload
    for row in reply.keyboard:
        assert all(label.strip() for label in row), reply
    if reply.buttons:
        assert not reply.keyboard and reply.request_contact is None, "two keyboards in one reply"


# --- playing a script ------------------------------------------------------------------
@dataclass
class Clock:
    """The engine's clock; a script can let a day pass."""

    now: datetime = field(default_factory=utcnow)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class ChatState:
    """One chat of the script and what it has seen."""

    channel: str
    chat_id: str
    hint: str | None
    shown: list[Reply] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


class Player:
    """Plays a script against the engine, checking each reply as it comes."""

    def __init__(self, engine: DialogEngine, sessions: async_sessionmaker[AsyncSession],
                 clock: Clock, chats: list[ChatState], reached: Counter[str]) -> None:  # fmt: skip
        self.engine = engine
        self.sessions = sessions
        self.clock = clock
        self.chats = chats
        self.reached = reached
        self.payloads: list[str] = []
        self.tickets: list[str] = []
        self.ids = itertools.count(1)

    # --- delivering --------------------------------------------------------------------
    def event(self, chat: ChatState, kind: EventKind, **fields: object) -> Event:
        return Event(chat.channel, chat.chat_id, kind, f"{chat.chat_id}:{next(self.ids)}",
                     language_hint=chat.hint, **fields)  # type: ignore[arg-type]  # fmt: skip

    async def deliver(self, chat: ChatState, event: Event) -> None:
        replies = await self.engine.handle(event)
        assert replies, f"no reply at all to {event}"
        chat.events.append(event)
        chat.shown = replies
        for reply in replies:
            check_reply(reply)
            self.payloads += [button.payload for row in reply.buttons for button in row]
            self.tickets += [t for t in TICKET_IN_TEXT.findall(reply.text) if t not in self.tickets]
            for milestone, key in MILESTONES.items():
                if shows(reply, key):
                    self.reached[milestone] += 1

    async def type(self, chat: ChatState, text: str, *, edited: bool = False) -> None:
        typed = Event.from_text(
            chat.channel, chat.chat_id, text, f"{chat.chat_id}:{next(self.ids)}"
        )
        fields = {name: getattr(typed, name) for name in typed.__slots__}
        await self.deliver(chat, Event(**{**fields, "language_hint": chat.hint, "edited": edited}))

    async def press(self, chat: ChatState, payload: str | None) -> None:
        await self.deliver(chat, self.event(chat, EventKind.BUTTON, payload=payload))

    async def share(self, chat: ChatState, phone: str | None) -> None:
        await self.deliver(chat, self.event(chat, EventKind.CONTACT, phone=phone))

    # --- actions -----------------------------------------------------------------------
    async def play(self, action: object) -> None:
        match action:
            case Advance():
                await self.advance(self.chats[action.chat], action)
            case Press(chat, index):
                state = self.chats[chat]
                # Inline buttons, and the contact button (None) of a reply keyboard.
                choices: list[str | None] = [
                    b.payload for r in state.shown for row in r.buttons for b in row
                ] + [None for reply in state.shown if reply.request_contact]
                if not choices:
                    await self.type(state, "/menu")
                elif (payload := choices[index % len(choices)]) is None:
                    await self.share(state, "+6281234567890")
                else:
                    await self.press(state, payload)
            case Forge(chat, verb, argument):
                state = self.chats[chat]
                await self.press(state, f"{self.question_token(state)}:{verb}:{argument}")
            case Tamper(chat, index, argument):
                state = self.chats[chat]
                shown = [b.payload for r in state.shown for row in r.buttons for b in row]
                token, _, rest = (shown[index % len(shown)] if shown else "1:menu:").partition(":")
                await self.press(state, f"{token}:{rest.partition(':')[0]}:{argument}")
            case Stale(chat, index):
                payload = (
                    self.payloads[index % len(self.payloads)] if self.payloads else "1:menu:intake"
                )
                await self.press(self.chats[chat], payload)
            case Garbage(chat, payload):
                await self.press(self.chats[chat], payload)
            case Command(chat, text):
                await self.type(self.chats[chat], text)
            case Type(chat, text, edited):
                await self.type(self.chats[chat], text, edited=edited)
            case Contact(chat, phone):
                await self.share(self.chats[chat], phone)
            case SendFile(chat, kind, size, mime_type, file_name):
                state = self.chats[chat]
                file = FileRef(f"file-{uuid.uuid4().hex}", kind, size, mime_type, file_name)
                await self.deliver(state, self.event(state, EventKind.FILE, file=file))
            case Locate(chat, latitude, longitude):
                state = self.chats[chat]
                await self.deliver(state, self.event(state, EventKind.LOCATION,
                                                     latitude=latitude, longitude=longitude))  # fmt: skip
            case Sticker(chat):
                state = self.chats[chat]
                await self.deliver(state, self.event(state, EventKind.UNSUPPORTED))
            case Redeliver(chat, index):
                state = self.chats[chat]
                if state.events:
                    again = state.events[index % len(state.events)]
                    assert await self.engine.handle(again) == [], f"{again} was handled twice"
            case DayPasses(hours):
                self.clock.now += timedelta(hours=hours)
            case StaffActs(index, move):
                if self.tickets:
                    for name in STAFF_MOVES[move]:
                        await self.staff_event(self.tickets[index % len(self.tickets)], name)
            case _:
                raise AssertionError(f"unknown action {action!r}")

    @staticmethod
    def question_token(chat: ChatState) -> str:
        for reply in reversed(chat.shown):
            for row in reply.buttons:
                for button in row:
                    token = button.payload.partition(":")[0]
                    if token.isdigit():
                        return token
        return "1"

    async def advance(self, chat: ChatState, action: Advance) -> None:
        """What a citizen does with the question on the screen, usually the expected thing."""
        if not chat.shown:
            await self.type(chat, "/start")
            return
        usual, odd = action.variant < 6, action.variant >= 8

        def pick(answers: tuple[str, ...] | list[str]) -> str:
            answer = answers[0] if usual else answers[action.variant % len(answers)]
            return action.odd.apply(answer) if odd else answer

        question = chat.shown[-1]
        for key, answers in TEXT_ANSWERS.items():
            if shows(question, key):
                await self.type(chat, pick(answers))
                return
        if any(shows(question, key) for key in TICKET_PROMPTS):
            await self.type(chat, pick([*self.tickets, EXAMPLE_TICKET]))
            return
        if shows(question, "intake-attachments") and not usual:
            name = pick(ATTACHMENT_NAMES)  # an odd variant gets an odd name
            mime_type = "application/pdf" if ".pdf" in name else "image/jpeg"
            file = FileRef(f"file-{uuid.uuid4().hex}", "document", 48_000, mime_type, name)
            await self.deliver(chat, self.event(chat, EventKind.FILE, file=file))
            return
        if question.request_contact:
            if usual:
                await self.share(chat, "+6281234567890")
            else:
                await self.type(chat, pick((PHONE, "+62 812 3456 7890")))
            return
        payloads = [button.payload for row in question.buttons for button in row]
        if not payloads:
            await self.type(chat, "/lapor")
        elif odd:
            token, _, rest = payloads[action.variant % len(payloads)].partition(":")
            await self.press(chat, f"{token}:{rest.partition(':')[0]}:{action.argument}")
        else:
            await self.press(chat, payloads[0 if usual else action.variant % len(payloads)])

    async def staff_event(self, ticket: str, name: str) -> None:
        details = EventDetails(
            note="Mohon kirim foto KK terbaru.", resolution="Bantuan sudah dicairkan.",
            reason="Bukan kewenangan Dinas Sosial.",
        )  # fmt: skip
        async with self.sessions() as session:
            complaint = await session.scalar(select(Complaint).where(Complaint.ticket == ticket))
            if complaint is None:
                return
            try:
                await fire_event(session, complaint, name, Actor(ActorRole.BACK_OFFICE), details,
                                 now=self.clock())  # fmt: skip
            except DomainError:
                await session.rollback()
                return
            await session.commit()


async def play_script(
    database_url: str,
    setups: list[tuple[str, str | None]],
    head_start: int,
    script: list[object],
    reached: Counter[str],
) -> None:
    """Plays one script on its own chats (fresh ids) of the test's database."""
    engine = create_engine(database_url)
    try:
        sessions = create_session_factory(engine)
        clock = Clock()
        dialogs = DialogEngine(
            sessions, DialogServices(vault=Vault(os.environ["DATA_KEY"])), clock=clock
        )
        run = uuid.uuid4().hex[:10]
        chats = [
            ChatState(channel, f"fz-{run}-{i}", hint) for i, (channel, hint) in enumerate(setups)
        ]
        player = Player(dialogs, sessions, clock, chats, reached)
        for action in [Advance(0)] * head_start + script:
            await player.play(action)
    finally:
        await engine.dispose()


class TestRandomEventSequences:
    """Whatever arrives, in whatever order, the engine answers with replies every channel can send."""

    def test_no_sequence_breaks_the_engine_or_a_reply(self, database_url: str) -> None:
        reached: Counter[str] = Counter()

        # Sixty scripts reach deep enough for the check below; the thorough profile plays more.
        @settings(
            max_examples=max(60, settings.default.max_examples),
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(script=scripts)
        def replay(script: tuple[list[tuple[str, str | None]], int, list[object]]) -> None:
            with asyncio.Runner() as runner:
                runner.run(play_script(database_url, *script, reached))

        replay()
        # The scripts are meant to go deep; if they stop doing so, this test stops meaning much.
        assert reached["summary"] >= 3 and reached["registered"] >= 1, reached


class TestAForgedPageButtonIsAskedAgain:
    """A kelurahan 'page' button whose number is not an ASCII number is refused, not a crash."""

    async def test_superscript_page_number(self, chat: ChatDriver) -> None:
        await _to_kelurahan(chat)
        token = chat.replies[-1].buttons[0][0].payload.partition(":")[0]
        await chat.press_payload(f"{token}:page:²")
        assert "pilih salah satu tombol" in chat.text and "Pilih kelurahan" in chat.text


class TestTheSummaryFitsInOneMessage:
    """However long the address typed, no reply of the filing outgrows a Telegram message."""

    async def test_address_of_3990_characters(self, chat: ChatDriver) -> None:
        await _to_kelurahan(chat)
        await chat.press("Bubulak")
        await chat.send("Jl. Mawar No. 5 " + "RT 02/RW 03 " * 331)
        if shows(chat.replies[-1], "intake-address"):  # refused as too long: a usual one then
            await chat.send(ADDRESS)
        await chat.press("Keluarga Harapan")
        await chat.send(DESCRIPTION)
        await chat.press("Lewati")
        assert any(shows(reply, "intake-summary") for reply in chat.replies)
        for reply in chat.history:
            check_reply(reply)


class TestControlCharactersDoNotStopAFiling:
    """A NUL typed into the description (web chat, odd keyboards) still ends in a ticket."""

    async def test_nul_in_the_description(self, chat: ChatDriver) -> None:
        await _to_description(chat)
        await chat.send("Bantuan PKH tidak\x00 cair sejak bulan Agustus.")
        await chat.press("Lewati")
        await chat.press("Kirim pengaduan")
        assert "Nomor tiket" in chat.text


class TestAnOddFileNameDoesNotStopAFiling:
    """Whatever name the channel gives an accepted file, the complaint is still registered."""

    @pytest.mark.parametrize(
        "file_name", ["surat\x00.pdf", "a" * 300 + ".pdf"], ids=["nul", "300-characters"]
    )
    async def test_attachment_with_an_odd_name(self, chat: ChatDriver, file_name: str) -> None:
        await _to_description(chat)
        await chat.send(DESCRIPTION)
        file = FileRef("file-odd-name", "document", 2048, "application/pdf", file_name)
        await chat.deliver(
            Event("telegram", chat.chat_id, EventKind.FILE, chat.next_id(), file=file)
        )
        # Kept (its name tidied) or refused with a reason: either way the filing goes on.
        await chat.press_payload(chat.replies[-1].buttons[0][0].payload)  # Selesai / Lewati
        await chat.press("Kirim pengaduan")
        assert "Nomor tiket" in chat.text


async def _to_description(chat: ChatDriver) -> None:
    await _to_kelurahan(chat)
    await chat.press("Bubulak")
    await chat.send(ADDRESS)
    await chat.press("Keluarga Harapan")


async def _to_kelurahan(chat: ChatDriver) -> None:
    await chat.send("/lapor")
    await chat.press("Setuju")
    await chat.press("diri sendiri")
    await chat.send("Siti Aminah")
    await chat.send(NIK)
    await chat.press("Lewati")
    await chat.send(PHONE)
    await chat.press("Bogor Barat")
    assert "Pilih kelurahan" in chat.text
