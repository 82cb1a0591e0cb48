"""What one referral letter prints, chosen and reduced; drawn by backend/letters/pdf.py.

Apart from the drawing so that issuing and reading letters does not import fpdf (about
0.2 s at every process start): only a download draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class LetterContent:
    """Everything printed on one letter, already chosen and reduced (backend/letters/service.py)."""

    number: str
    issued_on: date
    letterhead_government: str
    office_name: str
    office_address: str | None
    agency_name: str
    agency_contact: str | None
    ticket: str
    category_name: str
    description: str
    referral_note: str | None
    due_on: date
    # (field, value) pairs, fields as in household.HouseholdField, in the order printed.
    household_fields: tuple[tuple[str, str], ...]
    answer_url: str
    link_expires_on: date
    signatory_name: str | None
    signatory_title: str | None
    signatory_nip: str | None
