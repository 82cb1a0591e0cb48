"""Made-up complaints for bench/queue_query.py, bulk loaded with COPY.

Citizens (seven for every ten complaints, so some file more than once) get
encrypted NIKs with their keyed look-up hashes, names from common Indonesian
first, middle and family names, phones and kelurahan. Complaints spread over three years
of filings with realistic shares of statuses (most closed), deadlines around
today for the open ones, 30 back-office assignees, a mix of channels, every
seeded category and all 68 kelurahan.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, date, timedelta

import asyncpg
from sqlalchemy.engine import make_url

from backend.casefiles.tickets import format_ticket
from backend.clock import local_date, utcnow
from backend.security.crypto import vault_for

FIRST = ["Siti", "Ani", "Budi", "Citra", "Dedi", "Euis", "Fitri", "Gita", "Hadi", "Indah", "Joko", "Kartini", "Lina", "Made", "Nur", "Oki", "Putri", "Rina", "Sri", "Tono", "Umi", "Wati", "Yanti", "Agus", "Bambang", "Dewi", "Eko", "Fajar", "Hendra", "Iwan", "Yusuf", "Rahmat", "Asep", "Ujang", "Neneng", "Cecep", "Dadang", "Enung", "Ikah", "Iis"]  # fmt: skip
LAST = ["Aminah", "Suryani", "Santoso", "Lestari", "Kurniawan", "Wulandari", "Hidayat", "Rahayu", "Setiawan", "Permana", "Saputra", "Nurhayati", "Gunawan", "Sutrisno", "Maulana", "Kusnadi", "Sulastri", "Rohmah", "Sopian", "Hermawan", "Mulyadi", "Ramdani", "Fauzi", "Hasanah", "Suganda", "Sunarya", "Komariah", "Suherman", "Nuraeni", "Hakim"]  # fmt: skip
# Half the people have a middle name, so a full name is shared by few, as in life.
MIDDLE = ["Ayu", "Nur", "Dwi", "Tri", "Eka", "Rizki", "Dian", "Intan", "Kusuma", "Mega", "Ratna", "Tirta", "Wahyu", "Adi", "Bayu", "Cahya", "Dharma", "Galih", "Harum", "Jaya", "Kurnia", "Laras", "Mulia", "Nanda", "Prasetya", "Rizal", "Sekar", "Tegar", "Wira", "Yoga"]  # fmt: skip
# Shares of statuses in a service that has run for years: most complaints are finished.
STATUSES = (
    ("closed", 55), ("resolved", 9), ("rejected", 5), ("received", 6), ("in_review", 9),
    ("needs_info", 3), ("in_progress", 7), ("referred", 5), ("pending_approval", 1),
)  # fmt: skip
CLOCKED = {"received", "in_review", "in_progress", "referred"}
OPEN = CLOCKED | {"needs_info", "pending_approval"}
CHANNELS = (("telegram", 60), ("web", 15), ("walk_in", 20), ("cli", 5))
REGISTRY = (("registered", 60), ("not_registered", 38), ("unchecked", 2))
ASSIGNEES = 30
CHUNK = 100_000


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in table], weights=[weight for _, weight in table])[0]


def _name(rng: random.Random) -> str:
    middle = f" {rng.choice(MIDDLE)}" if rng.random() < 0.5 else ""
    return f"{rng.choice(FIRST)}{middle} {rng.choice(LAST)}"


def _dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(False)


async def fill(url: str, rows: int, rng: random.Random) -> None:
    """Loads `rows` complaints with their citizens and staff, then VACUUM ANALYZE."""
    connection = await asyncpg.connect(_dsn(url))
    try:
        categories = [r["id"] for r in await connection.fetch("SELECT id FROM categories")]
        kelurahan = [r["code"] for r in await connection.fetch("SELECT code FROM kelurahan")]
        staff = await _staff(connection)
        citizens = max(1, rows * 7 // 10)
        await _citizens(connection, citizens, kelurahan, rng)
        await _complaints(connection, rows, citizens, categories, kelurahan, staff, rng)
        for table in ("staff_users", "citizens", "complaints"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            await connection.execute(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


async def _staff(connection: asyncpg.Connection) -> list[int]:
    now = utcnow()
    records = [(1, "admin@bench.example", "Admin Bench", "admin", "bench", True, "id", now)]
    records += [
        (i + 2, f"bo{i}@bench.example", f"Petugas {i}", "back_office", "bench", True, "id", now)
        for i in range(ASSIGNEES)
    ]
    await connection.copy_records_to_table(
        "staff_users", records=records,
        columns=["id", "email", "full_name", "role", "password_hash", "is_active", "language",
                 "created_at"],
    )  # fmt: skip
    return [record[0] for record in records[1:]]


async def _citizens(
    connection: asyncpg.Connection, count: int, kelurahan: list[str], rng: random.Random
) -> None:
    vault = vault_for(os.environ["DATA_KEY"])
    now = utcnow()
    columns = ["id", "full_name", "nik_lookup", "nik_ciphertext", "phone", "kelurahan_code",
               "language", "consent_at", "consent_method", "created_at", "updated_at"]  # fmt: skip
    for start in range(1, count + 1, CHUNK):
        records = []
        for i in range(start, min(count, start + CHUNK - 1) + 1):
            nik = "3271" + f"{i:012d}"
            records.append((
                i, _name(rng), vault.lookup_hash(nik),
                vault.encrypt(nik), f"+62812{i:08d}", rng.choice(kelurahan), "id", now, "chat",
                now, now,
            ))  # fmt: skip
        await connection.copy_records_to_table("citizens", records=records, columns=columns)


async def _complaints(
    connection: asyncpg.Connection,
    count: int,
    citizens: int,
    categories: list[int],
    kelurahan: list[str],
    staff: list[int],
    rng: random.Random,
) -> None:
    now = utcnow()
    today = local_date(now)
    first = now - timedelta(days=3 * 365)
    step = (now - first) / count
    serials: dict[date, int] = {}
    columns = [
        "id", "ticket", "citizen_id", "filed_for", "channel", "category_id", "description",
        "kelurahan_code", "status", "assignee_id", "due_on", "registry_status",
        "nik_outside_city", "appeal_count", "created_at", "updated_at", "version",
    ]  # fmt: skip
    for start in range(1, count + 1, CHUNK):
        records = []
        for i in range(start, min(count, start + CHUNK - 1) + 1):
            created = (first + step * i).astimezone(UTC)
            day = local_date(created)
            serials[day] = serials.get(day, 0) + 1
            status = _pick(rng, STATUSES)
            due = today + timedelta(days=rng.randint(-20, 30)) if status in CLOCKED else None
            assignee = rng.choice(staff) if status in OPEN and rng.random() < 0.6 else None
            records.append((
                i, format_ticket(day, serials[day]), rng.randint(1, citizens), "self",
                _pick(rng, CHANNELS), rng.choice(categories), "Bantuan belum diterima.",
                rng.choice(kelurahan), status, assignee, due, _pick(rng, REGISTRY), False, 0,
                created, created, 1,
            ))  # fmt: skip
        await connection.copy_records_to_table("complaints", records=records, columns=columns)
