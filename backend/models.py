"""Imports every model so the metadata (and Alembic) sees all tables."""

from backend.audit.models import AuditRecord
from backend.casefiles.identity_mentions import IdentityMention
from backend.casefiles.models import (
    Attachment,
    Category,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    StatusEvent,
    TicketSequence,
)
from backend.citizens.models import Channel, ChannelIdentity, Citizen
from backend.complaints.answer_gathering import AnswerGathering
from backend.complaints.lookup_failures import LookupFailureCount
from backend.conversations.models import Conversation
from backend.db import Base
from backend.digests.models import DigestDelivery
from backend.facilitators.models import (
    AssistedFiling,
    Facilitator,
    FacilitatorInvitation,
    HouseholdLink,
    Relay,
)
from backend.info.models import InfoPage
from backend.letters.models import LetterSequence, ReferralLetter
from backend.mail.models import EmailStatus, OutgoingEmail
from backend.notifications.models import DeliveryAttempt, OutboxMessage
from backend.office.models import OfficeSettings, SmtpSecurity
from backend.open311.models import Open311ApiKey, Open311Request
from backend.privacy.models import CorrectionRequest, CorrectionStatus
from backend.referrals.models import Agency, AgencyAnswer, Referral
from backend.regions.models import Kecamatan, Kelurahan
from backend.registry.models import (
    InclusionProposal,
    InclusionProposalComplaint,
    RegistryImport,
    RegistryImportProblem,
    RegistryRecord,
)
from backend.satisfaction.models import SurveyResponse
from backend.staff.models import Role, StaffArea, StaffCredential, StaffRecoveryCode, StaffUser
from backend.staff_alerts.models import AlertChannel, StaffAlertPreference, StaffTelegramLink
from backend.visits.models import HomeVisit
from backend.webchat.models import WebChatMessage

__all__ = [
    "Agency",
    "AgencyAnswer",
    "AlertChannel",
    "AnswerGathering",
    "AssistedFiling",
    "Attachment",
    "AuditRecord",
    "Base",
    "Category",
    "Channel",
    "ChannelIdentity",
    "Citizen",
    "Complaint",
    "ComplaintMessage",
    "ComplaintStatus",
    "Conversation",
    "CorrectionRequest",
    "CorrectionStatus",
    "DeliveryAttempt",
    "DigestDelivery",
    "EmailStatus",
    "Facilitator",
    "FacilitatorInvitation",
    "HomeVisit",
    "HouseholdLink",
    "IdentityMention",
    "InclusionProposal",
    "InclusionProposalComplaint",
    "InfoPage",
    "Kecamatan",
    "Kelurahan",
    "LetterSequence",
    "LookupFailureCount",
    "OfficeSettings",
    "Open311ApiKey",
    "Open311Request",
    "OutboxMessage",
    "OutgoingEmail",
    "Referral",
    "ReferralLetter",
    "RegistryImport",
    "RegistryImportProblem",
    "RegistryRecord",
    "Relay",
    "Role",
    "SmtpSecurity",
    "StaffAlertPreference",
    "StaffArea",
    "StaffCredential",
    "StaffRecoveryCode",
    "StaffTelegramLink",
    "StaffUser",
    "StatusEvent",
    "SurveyResponse",
    "TicketSequence",
    "WebChatMessage",
]
