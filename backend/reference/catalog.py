"""Reference data every deployment starts with: agencies and complaint categories.

Defaults are those of docs/ARCHITECTURE.md, Deadlines: triage and verification 3
working days and first disposition 5 (LAPOR!-SP4N practice); resolution 5 for a
simple case, 14 when another agency must act, 60 when the case needs
investigation (capped by Perpres 76/2013).
An admin edits them later; seeding never overwrites an edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.referrals.models import AgencyLevel


@dataclass(frozen=True, slots=True)
class AgencySeed:
    """An agency to refer to."""

    code: str
    name_id: str
    name_en: str
    level: AgencyLevel


@dataclass(frozen=True, slots=True)
class CategorySeed:
    """A complaint category with its default agency and SLA (working days)."""

    code: str
    name_id: str
    name_en: str
    agency: str
    resolution_days: int
    referral_days: int = 14
    triage_days: int = 3
    disposition_days: int = 5


AGENCIES: tuple[AgencySeed, ...] = (
    AgencySeed("pkh", "Koordinator PKH Kota Bogor", "PKH coordinator, Kota Bogor", AgencyLevel.CITY),
    AgencySeed(
        "sembako", "Pengelola Program Sembako/BPNT Kota Bogor",
        "Program Sembako/BPNT manager, Kota Bogor", AgencyLevel.CITY,
    ),
    AgencySeed(
        "disdik", "Dinas Pendidikan Kota Bogor (PIP)",
        "Education Office of Kota Bogor (PIP)", AgencyLevel.CITY,
    ),
    AgencySeed(
        "bpjs_kesehatan", "BPJS Kesehatan Cabang Bogor (PBI-JK)",
        "BPJS Kesehatan, Bogor branch (PBI-JK)", AgencyLevel.CENTRAL,
    ),
    AgencySeed(
        "disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kota Bogor",
        "Population and Civil Registration Office of Kota Bogor", AgencyLevel.CITY,
    ),
    AgencySeed(
        "dinsos_city", "Dinas Sosial Kota Bogor", "Social Affairs Office of Kota Bogor",
        AgencyLevel.CITY,
    ),
    AgencySeed(
        "dinsos_province", "Dinas Sosial Provinsi Jawa Barat",
        "Social Affairs Office of West Java Province", AgencyLevel.PROVINCE,
    ),
    AgencySeed(
        "kemensos", "Kementerian Sosial Republik Indonesia", "Ministry of Social Affairs",
        AgencyLevel.CENTRAL,
    ),
    AgencySeed("other", "Lembaga lain", "Other agency", AgencyLevel.NON_GOVERNMENT),
)  # fmt: skip

CATEGORIES: tuple[CategorySeed, ...] = (
    CategorySeed("pkh", "Program Keluarga Harapan (PKH)", "Family Hope Program (PKH)", "pkh", 14),
    CategorySeed(
        "bpnt", "Program Sembako / BPNT", "Food assistance (Sembako / BPNT)", "sembako", 14
    ),
    CategorySeed("rastra", "Rastra (beras sejahtera)", "Rastra (legacy rice aid)", "sembako", 14),
    CategorySeed("pip", "Program Indonesia Pintar (PIP)", "School assistance (PIP)", "disdik", 14),
    CategorySeed(
        "pbi_jk", "PBI-JK / KIS (iuran BPJS Kesehatan)",
        "PBI-JK / KIS (health insurance contributions)", "bpjs_kesehatan", 14,
    ),
    CategorySeed(
        "registry_inclusion", "Usulan masuk DTSEN (data terpadu)",
        "Inclusion in the social registry (DTSEN)", "kemensos", 60, referral_days=60,
    ),
    CategorySeed(
        "registry_correction", "Perbaikan data DTSEN", "Correction of registry (DTSEN) data",
        "dinsos_city", 14,
    ),
    CategorySeed(
        "civil_documents", "Dokumen kependudukan (tidak punya NIK / KK)",
        "Civil documents (no NIK / KK)", "disdukcapil", 14,
    ),
    CategorySeed(
        "other_social", "Layanan sosial lainnya", "Other social services", "dinsos_city", 5
    ),
)  # fmt: skip
