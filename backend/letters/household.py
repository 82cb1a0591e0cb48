"""What a referral letter says about the household, per program: the one rule of data minimisation.

An agency gets only what it needs to find the household in its own program's data
(UU 27/2022, Pasal 16: processing limited to its purpose). A program that looks
beneficiaries up by NIK (PKH, Sembako/BPNT, PIP, PBI-JK, the social registry) gets
the NIK, and the KK where it keys on the family; Disdukcapil is asked for the very
documents the person lacks, and other services need a name and where to visit.
The phone number is never printed: the agency answers through its link, and the
office stays the household's contact.
"""

from __future__ import annotations

from enum import StrEnum


class HouseholdField(StrEnum):
    """A piece of the household's data a letter may carry."""

    NAME = "name"
    NIK = "nik"
    KK = "kk"
    ADDRESS = "address"
    KELURAHAN = "kelurahan"
    REGISTRY = "registry"


F = HouseholdField
_WHERE = frozenset({F.NAME, F.ADDRESS, F.KELURAHAN})
_FAMILY_PROGRAM = _WHERE | {F.NIK, F.KK, F.REGISTRY}

# By complaint category code (backend/reference/catalog.py); a category not listed
# (one an administrator added) gets the least: a name and where to find the household.
FIELDS_BY_CATEGORY: dict[str, frozenset[HouseholdField]] = {
    "pkh": _FAMILY_PROGRAM,
    "bpnt": _FAMILY_PROGRAM,
    "rastra": _FAMILY_PROGRAM,
    # PIP and PBI-JK are per person: the NIK finds the pupil or the insured member.
    "pip": _WHERE | {F.NIK, F.REGISTRY},
    "pbi_jk": _WHERE | {F.NIK, F.REGISTRY},
    "registry_inclusion": _FAMILY_PROGRAM,
    "registry_correction": _FAMILY_PROGRAM,
    # The person has no (valid) NIK or KK: that is what Disdukcapil is asked to issue.
    "civil_documents": _WHERE,
    "other_social": _WHERE,
}
DEFAULT_FIELDS = frozenset({F.NAME, F.ADDRESS, F.KELURAHAN})


def fields_for(category_code: str) -> frozenset[HouseholdField]:
    """The household data a letter about a complaint of this category carries."""
    return FIELDS_BY_CATEGORY.get(category_code, DEFAULT_FIELDS)
