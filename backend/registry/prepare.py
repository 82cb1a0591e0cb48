"""Turns a chunk of export rows into rows ready to write: checked, hashed and encrypted.

Everything here depends on the row alone, never on the database or on other rows,
so a chunk can be prepared in this process or in a worker process (see
`parallel.py`) with the same result. What depends on other rows (a NIK seen twice)
and on the database (new, changed or unchanged) is decided by the importer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from backend.registry.columns import ColumnMap
from backend.registry.rows import RegionIndex, RegistryRow, RowParser, RowProblem
from backend.security.crypto import Vault
from backend.security.identity_numbers import mask_identity_number, mask_identity_numbers_in

# A chunk of an export: (line, cells) pairs in file order.
Chunk = Sequence[tuple[int, Sequence[object]]]


# The stored columns a prepared row carries, in the order of `PreparedRow.values`; the
# rest (source, import, content hash, times) belong to the run and the importer adds them.
PREPARED_COLUMNS = (
    "nik_ciphertext", "kk_lookup", "kk_ciphertext", "full_name", "kecamatan_name",
    "kelurahan_name", "kelurahan_code", "address", "decile", "programs",
)  # fmt: skip


class PreparedRow(NamedTuple):
    """A row that passed the checks, with its NIK and KK only as hashes and ciphertexts.

    A named tuple, not a dataclass: a worker sends thousands back at once and a tuple
    crosses the process boundary several times faster.
    """

    line: int
    nik_lookup: str
    masked_nik: str
    content_hash: str
    # The values of PREPARED_COLUMNS; None until `RowPreparer.stored_values` of `record`.
    values: tuple[Any, ...] | None
    # Imported with these warnings (e.g. stored without an invalid KK).
    warnings: tuple[RowProblem, ...]
    # The clean row, kept only in the importing process when the values wait.
    record: RegistryRow | None = None


# Either a row to write or the reason it was rejected, in file order.
PreparedItem = PreparedRow | RowProblem


@dataclass(frozen=True, slots=True)
class PrepareSettings:
    """What a preparer needs, picklable so a worker process can build its own."""

    columns: ColumnMap
    regions: RegionIndex
    today: date
    vault: Vault
    source: str


class RowPreparer:
    """Checks, hashes and encrypts the rows of one export, a chunk at a time."""

    def __init__(self, settings: PrepareSettings) -> None:
        self.settings = settings
        self._parser = RowParser(settings.columns, settings.regions, today=settings.today)
        self._vault, self._source = settings.vault, settings.source
        # Region names repeat on every row: each is guarded once.
        self._guarded_regions: dict[str | None, str | None] = {}

    def prepare(self, chunk: Chunk, *, encrypt: bool = True) -> list[PreparedItem]:
        """The prepared row or the rejection of each row of the chunk, in order.

        Without `encrypt` the stored values wait for `stored_values`: a re-import
        then encrypts only the rows it writes. A worker always encrypts, so no NIK
        or KK in clear comes back from it.
        """
        accepted: list[tuple[RegistryRow, list[RowProblem]]] = []
        items: list[PreparedItem | None] = []  # None: the next accepted row's place
        parse = self._parser.parse
        for line, cells in chunk:
            record, problems = parse(line, cells)
            if record is None:
                items.append(problems[0])  # a rejected row has its one reason
            else:
                accepted.append((record, problems))
                items.append(None)
        ready = iter(self._ready(accepted, encrypt))
        return [item if item is not None else next(ready) for item in items]

    def _ready(
        self, accepted: list[tuple[RegistryRow, list[RowProblem]]], encrypt: bool
    ) -> list[PreparedRow]:
        records = [record for record, _ in accepted]
        # One keyed HMAC for the whole chunk, copied for each value.
        nik_lookups = self._vault.lookup_hashes([record.nik for record in records])
        content_hashes = self._vault.lookup_hashes(
            [record.canonical(self._source) for record in records]
        )
        values = self.stored_values(records) if encrypt else [None] * len(records)
        return [
            PreparedRow(
                record.line, nik_lookups[index], mask_identity_number(record.nik),
                content_hashes[index], values[index], tuple(problems),
                None if encrypt else record,
            )
            for index, (record, problems) in enumerate(accepted)
        ]  # fmt: skip

    def stored_values(self, records: Sequence[RegistryRow]) -> list[tuple[Any, ...]]:
        """The values of PREPARED_COLUMNS of each record: NIK and KK encrypted, text guarded."""
        vault = self._vault
        # Nonces for the whole batch come from one read of the system's random source.
        nik_ciphertexts = vault.encrypt_many([record.nik for record in records])
        kks = [record.kk for record in records if record.kk]
        kk_lookups = iter(vault.lookup_hashes(kks))
        kk_ciphertexts = iter(vault.encrypt_many(kks))
        region = self._guarded_region
        # COPY writes past the guarded column types, so the guard runs here for it.
        guard = mask_identity_numbers_in
        values = []
        for index, record in enumerate(records):
            has_kk = bool(record.kk)
            values.append((
                nik_ciphertexts[index],
                next(kk_lookups) if has_kk else None,
                next(kk_ciphertexts) if has_kk else None,
                guard(record.full_name),
                region(record.kecamatan_name),
                region(record.kelurahan_name),
                record.kelurahan_code,
                guard(record.address),
                record.decile,
                record.programs,
            ))  # fmt: skip
        return values

    def _guarded_region(self, name: str | None) -> str | None:
        guarded = self._guarded_regions.get(name)
        if guarded is None and name is not None:
            guarded = self._guarded_regions[name] = mask_identity_numbers_in(name)
        return guarded
