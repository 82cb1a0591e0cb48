"""The filing service: one set of rules and rows for the chat, facilitators and the front office."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.actors import Actor, ActorRole
from backend.casefiles.models import (
    Attachment,
    Category,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    MessageDirection,
)
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.complaints.filing import (
    MAX_ADDRESS_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_FILE_NAME_LENGTH,
    MAX_NAME_LENGTH,
    NO_NIK_CATEGORY,
    AttachmentFile,
    FilingOutcome,
    FilingRequest,
    FilingResult,
    InvalidFiling,
    OnDuplicate,
    Person,
    file_complaint,
)
from backend.security.crypto import Vault
from tests.fixtures.factories import BUBULAK, made_up_nik, make_facilitator, make_staff

DESCRIPTION = "Bantuan PKH ibu saya tidak cair sejak bulan Agustus."
CHAT = "7100001"


def filing(nik: str | None = None, **changes: Any) -> FilingRequest:
    """A walk-in filing that passes every check; `changes` replace its fields or the person's."""
    person_fields = {field.name for field in dataclasses.fields(Person)}
    person = Person(
        full_name="Siti Aminah", nik=nik or made_up_nik(), kk="3271040101090001",
        phone="0812-3456-7890", kelurahan_code=BUBULAK, address="Jl. Mawar No. 5, RT 02/RW 03",
    )  # fmt: skip
    person = dataclasses.replace(person, **{k: v for k, v in changes.items() if k in person_fields})
    request = FilingRequest(
        person=person, category_code="pkh", description=DESCRIPTION, channel=Channel.WALK_IN,
        actor=Actor(ActorRole.FRONT_OFFICE), consent_method="in_person",
    )  # fmt: skip
    return dataclasses.replace(
        request, **{k: v for k, v in changes.items() if k not in person_fields}
    )


def in_chat(nik: str, chat_id: str = CHAT, **changes: Any) -> FilingRequest:
    """The same filing typed by a citizen in a Telegram chat."""
    return filing(
        nik, channel=Channel.TELEGRAM, actor=Actor(ActorRole.CITIZEN), chat_id=chat_id,
        consent_method="chat:telegram", **changes,
    )  # fmt: skip


def by_facilitator(nik: str, facilitator_id: int, **changes: Any) -> FilingRequest:
    """The same filing made by a facilitator at the household."""
    return filing(
        nik, channel=Channel.TELEGRAM, chat_id=f"fac{facilitator_id}",
        actor=Actor(ActorRole.FACILITATOR, facilitator_id=facilitator_id),
        consent_method="in_person_facilitator", **changes,
    )  # fmt: skip


async def filed(session: AsyncSession, vault: Vault, request: FilingRequest) -> Complaint:
    """Files as a new complaint whatever is open; returns it."""
    outcome = await file_complaint(session, vault, request, on_duplicate=OnDuplicate.FILE_NEW)
    assert outcome.result == FilingResult.FILED
    return outcome.complaint


async def refusal(session: AsyncSession, vault: Vault, request: FilingRequest) -> InvalidFiling:
    """The error a filing is refused with (nothing may be stored)."""
    with pytest.raises(InvalidFiling) as refused:
        await file_complaint(session, vault, request)
    assert await _count(session, Complaint) == 0 and await _count(session, Citizen) == 0
    return refused.value


async def _count(session: AsyncSession, model: type) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def _category_of(session: AsyncSession, complaint: Complaint) -> str:
    return (await session.get_one(Category, complaint.category_id)).code


class TestAnswersAreCleanedAndLimited:
    """Control characters and stray white space go; each limit names its field and its key."""

    async def test_control_characters_and_white_space_are_dropped(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await filed(session, vault, filing(
            full_name="  Siti Aminah\x00 ", address=" Jl. Mawar   No. 5,\n RT 02/RW 03 ",
            description=f"\x00 {DESCRIPTION}\x07\n",
        ))  # fmt: skip
        citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert citizen.full_name == "Siti Aminah"
        assert complaint.address == "Jl. Mawar No. 5, RT 02/RW 03"
        assert complaint.description == DESCRIPTION

    async def test_numbers_are_stored_normalised(self, session: AsyncSession, vault: Vault) -> None:
        nik = made_up_nik()
        spaced = f"{nik[:4]} {nik[4:8]}.{nik[8:12]}-{nik[12:]}"
        complaint = await filed(session, vault, filing(spaced))
        citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert citizen.nik_lookup == vault.lookup_hash(nik)
        assert citizen.phone == "+6281234567890"

    @pytest.mark.parametrize(
        ("changes", "field", "key", "params"),
        [
            ({"consent_method": None}, "consent", "consent-required", {}),
            ({"full_name": "R2-D2"}, "full_name", "invalid-name-characters", {}),
            ({"full_name": "A" * (MAX_NAME_LENGTH + 1)}, "full_name", "invalid-name-too-long", {}),
            ({"nik": "3271"}, "nik", "invalid-nik-length", {}),
            ({"nik": " "}, "nik", "nik-required", {}),
            ({"kk": "12"}, "kk", "invalid-kk-length", {}),
            ({"phone": "+1 202 555 0100"}, "phone", "invalid-phone-not-indonesian", {}),
            ({"kelurahan_code": "32.71.99.9999"}, "kelurahan", "kelurahan-required", {}),
            ({"address": "Jl"}, "address", "address-too-short", {}),
            ({"address": "Jl. " + "a" * MAX_ADDRESS_LENGTH}, "address", "address-too-long",
             {"limit": MAX_ADDRESS_LENGTH}),
            ({"category_code": "tidak_ada"}, "category", "category-required", {}),
            ({"description": "Tidak cair"}, "description", "description-too-short", {}),
            ({"description": "kata " * MAX_DESCRIPTION_LENGTH}, "description",
             "description-too-long", {"limit": MAX_DESCRIPTION_LENGTH}),
        ],
        ids=lambda value: value if isinstance(value, str) and "-" in value else None,
    )  # fmt: skip
    async def test_a_wrong_answer_is_refused_naming_its_field(
        self, session: AsyncSession, vault: Vault,
        changes: dict[str, Any], field: str, key: str, params: dict[str, int],
    ) -> None:  # fmt: skip
        problem = await refusal(session, vault, filing(**changes))
        assert [(p.field, p.key, p.params) for p in problem.problems] == [(field, key, params)]
        assert (problem.field, problem.status_code) == (field, 422)

    async def test_every_wrong_answer_is_named_at_once(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        problem = await refusal(
            session, vault, filing("12", consent_method=None, address="Jl", description="")
        )
        assert [p.field for p in problem.problems] == ["consent", "nik", "address", "description"]

    async def test_a_closed_category_is_refused(self, session: AsyncSession, vault: Vault) -> None:
        pkh = (await session.execute(select(Category).where(Category.code == "pkh"))).scalar_one()
        pkh.is_active = False
        problem = await refusal(session, vault, filing())
        assert (problem.field, problem.key) == ("category", "category-required")


class TestWithoutANik:
    """A person without a NIK is filed under civil documents, whatever category was chosen."""

    async def test_no_nik_files_a_civil_documents_complaint(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await filed(session, vault, filing(nik="", no_nik=True, category_code="pkh"))
        citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert await _category_of(session, complaint) == NO_NIK_CATEGORY
        assert citizen.nik_lookup is None and not complaint.nik_outside_city

    async def test_a_nik_typed_anyway_is_not_kept(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await filed(session, vault, filing(no_nik=True))
        assert (await session.get_one(Citizen, complaint.citizen_id)).nik_lookup is None

    async def test_a_nik_from_elsewhere_is_flagged_not_refused(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        complaint = await filed(session, vault, filing("3201014501900007"))
        assert complaint.nik_outside_city


class TestDuplicates:
    """An open complaint about the same NIK and category is found, for whoever may see it."""

    async def test_the_front_office_is_asked_about_any_open_complaint(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        first = await filed(session, vault, in_chat(nik))
        outcome = await file_complaint(session, vault, filing(nik))
        assert (outcome.result, outcome.complaint.id) == (FilingResult.DUPLICATE_FOUND, first.id)
        assert await _count(session, Complaint) == 1
        again = await file_complaint(session, vault, filing(nik), on_duplicate=OnDuplicate.FILE_NEW)
        assert again.result == FilingResult.FILED and again.complaint.id != first.id

    async def test_another_category_or_a_closed_complaint_is_no_duplicate(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        first = await filed(session, vault, filing(nik))
        other = await file_complaint(session, vault, filing(nik, category_code="bpnt"))
        assert other.result == FilingResult.FILED
        first.status = ComplaintStatus.CLOSED
        assert (await file_complaint(session, vault, filing(nik))).result == FilingResult.FILED

    async def test_a_chat_is_shown_only_its_own_complaint(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        mine = await filed(session, vault, in_chat(nik))
        found = await file_complaint(session, vault, in_chat(nik))
        assert (found.result, found.complaint.id) == (FilingResult.DUPLICATE_FOUND, mine.id)
        # Another chat typing the same NIK learns nothing: its complaint is simply filed.
        stranger = await file_complaint(session, vault, in_chat(nik, chat_id="7100999"))
        assert stranger.result == FilingResult.FILED

    async def test_a_facilitator_is_shown_only_their_own_case(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        rina, dewi = await make_facilitator(session), await make_facilitator(session)
        await filed(session, vault, in_chat(nik))
        own = await file_complaint(session, vault, by_facilitator(nik, rina.id))
        assert own.result == FilingResult.FILED  # the household's own chat's complaint stays hidden
        found = await file_complaint(session, vault, by_facilitator(nik, rina.id))
        assert (found.result, found.complaint.id) == (
            FilingResult.DUPLICATE_FOUND,
            own.complaint.id,
        )
        assert (
            await file_complaint(session, vault, by_facilitator(nik, dewi.id))
        ).result == FilingResult.FILED

    async def test_details_and_files_are_added_to_the_open_complaint(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        first = await filed(session, vault, in_chat(nik))
        more = "Sudah tiga bulan bantuan belum juga cair."
        photo = AttachmentFile(kind="photo", channel_file_id="AgAD-1", mime_type="image/jpeg")
        outcome = await file_complaint(
            session, vault, in_chat(nik, description=more, attachments=(photo,)),
            on_duplicate=OnDuplicate.ADD, offered_ticket=first.ticket,
        )  # fmt: skip
        assert (outcome.result, outcome.complaint.id) == (FilingResult.ADDED_TO_EXISTING, first.id)
        assert await _count(session, Complaint) == 1
        message = (await session.execute(select(ComplaintMessage))).scalar_one()
        assert (message.complaint_id, message.text) == (first.id, more)
        assert (message.direction, message.author_role) == (MessageDirection.INBOUND, "citizen")
        identity = await session.get_one(ChannelIdentity, message.identity_id)
        assert identity.chat_id == CHAT
        attachment = (await session.execute(select(Attachment))).scalar_one()
        assert (attachment.complaint_id, attachment.message_id) == (first.id, message.id)

    async def test_a_facilitators_details_are_added_in_their_name(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        facilitator = await make_facilitator(session)
        first = await filed(session, vault, by_facilitator(nik, facilitator.id))
        outcome = await file_complaint(
            session, vault, by_facilitator(nik, facilitator.id),
            on_duplicate=OnDuplicate.ADD, offered_ticket=first.ticket,
        )  # fmt: skip
        assert outcome.result == FilingResult.ADDED_TO_EXISTING
        assert outcome.message is not None and outcome.message.author_role == "facilitator"

    async def test_adding_to_a_complaint_closed_meanwhile_files_a_new_one(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        nik = made_up_nik()
        first = await filed(session, vault, in_chat(nik))
        first.status = ComplaintStatus.CLOSED
        outcome = await file_complaint(
            session, vault, in_chat(nik), on_duplicate=OnDuplicate.ADD, offered_ticket=first.ticket
        )
        assert outcome.result == FilingResult.FILED and outcome.complaint.id != first.id
        assert await _count(session, ComplaintMessage) == 0


class TestWhatAFilingStores:
    """The citizen with their consent, the complaint tied to the right chat, and its files."""

    async def test_a_chat_filing_answers_in_that_chat(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        outcome = await file_complaint(session, vault, in_chat(made_up_nik(), chat_language="en"))
        complaint = outcome.complaint
        assert complaint.status == ComplaintStatus.RECEIVED and complaint.due_on is not None
        identity = await session.get_one(ChannelIdentity, complaint.identity_id)
        assert (identity.chat_id, identity.citizen_id, identity.language) == (
            CHAT, complaint.citizen_id, "en",
        )  # fmt: skip
        citizen = await session.get_one(Citizen, complaint.citizen_id)
        assert citizen.consent_method == "chat:telegram" and citizen.consent_at is not None

    async def test_a_walk_in_is_filed_by_the_clerk_with_no_chat(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        clerk = await make_staff(session)
        complaint = await filed(
            session, vault, filing(actor=Actor(ActorRole.FRONT_OFFICE, staff_id=clerk.id))
        )
        assert complaint.channel == Channel.WALK_IN and complaint.identity_id is None
        assert complaint.filed_by_staff_id == clerk.id

    async def test_a_facilitators_filing_waits_and_stays_off_their_chat(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        facilitator = await make_facilitator(session)
        complaint = await filed(session, vault, by_facilitator(made_up_nik(), facilitator.id))
        assert complaint.status == ComplaintStatus.PENDING_APPROVAL
        assert complaint.facilitator_id == facilitator.id and complaint.identity_id is None

    async def test_attachments_are_stored_with_tidy_names(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        files = (
            AttachmentFile(kind="photo", channel_file_id="AgAD-1", mime_type="image/jpeg",
                           size_bytes=52_000, stored_path="files/ab/cd.jpg", sha256="ab" * 32),
            AttachmentFile(kind="document", channel_file_id="BQAD-2", mime_type="application/pdf",
                           original_name="surat\x00" + "x" * 300 + ".pdf"),
        )  # fmt: skip
        complaint = await filed(session, vault, in_chat(made_up_nik(), attachments=files))
        stored = list(await session.scalars(select(Attachment).order_by(Attachment.id)))
        assert [(a.complaint_id, a.message_id, a.kind) for a in stored] == [
            (complaint.id, None, "photo"), (complaint.id, None, "document"),
        ]  # fmt: skip
        assert (stored[0].size_bytes, stored[0].stored_path) == (52_000, "files/ab/cd.jpg")
        name = stored[1].original_name or ""
        assert len(name) == MAX_FILE_NAME_LENGTH and name.startswith("surat")
        assert name.endswith(".pdf") and "\x00" not in name

    async def test_nothing_is_committed_by_the_service(
        self, session: AsyncSession, vault: Vault
    ) -> None:
        outcome: FilingOutcome = await file_complaint(session, vault, filing())
        assert outcome.result == FilingResult.FILED
        await session.rollback()
        assert await _count(session, Complaint) == 0 and await _count(session, Citizen) == 0
