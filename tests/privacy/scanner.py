"""Finds NIK and KK (16-digit Indonesian identity numbers) in clear: in a database, logs, files.

Two checks run over every piece of text:

- the exact numbers a scenario typed: separators stripped (the digits-only form of the
  text), each number is looked for as a substring, so no spelling can hide it;
- the shape of any NIK or KK: a run of exactly 16 digits, possibly separated by single
  spaces, dots or hyphens, standing on its own (not inside a longer number or a word,
  so hex digests, file ids and timestamps do not count).

A number shows up in the report masked (3271********0001), so the report leaks nothing
itself. Everything is read raw: database values as the driver returns them (never through
the models' column types, which might decrypt), bytes as latin-1.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import column, inspect, select, table
from sqlalchemy.ext.asyncio import AsyncEngine

_NOT_DIGIT = re.compile(r"[^0-9]")
# Sixteen digits, single separators allowed, with no digit, letter or separated digit on
# either side: a NIK or KK as people write it, not a piece of a longer number or a hash.
_SIXTEEN_DIGITS = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9][ .\-])[0-9](?:[ .\-]?[0-9]){15}(?![ .\-]?[0-9])(?![A-Za-z])"
)
# In an excerpt, any run of fourteen digits or more (separators allowed) keeps only its ends.
_LONG_DIGIT_RUN = re.compile(r"[0-9](?:[ .\-]?[0-9]){13,}")
EXCERPT_RADIUS = 30


def mask(digits: str) -> str:
    """3271046501900001 -> 3271********0001."""
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def _mask_digits_in(text: str) -> str:
    """Every digit of `text` but the first four and the last four becomes '*'."""
    positions = [i for i, character in enumerate(text) if character.isdigit()]
    hidden = set(positions[4:-4])
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


@dataclass(frozen=True, slots=True)
class Hit:
    """One identity number inside one text: which (masked), where, and how it was found."""

    number: str  # masked
    how: str  # "typed" (one of the scenario's numbers) or "shape" (any 16-digit number)
    start: int
    end: int


def find_in_text(text: str, known: Iterable[str] = ()) -> list[Hit]:
    """Every identity number in `text`: the known ones in any spelling, and any 16-digit run."""
    hits: list[Hit] = []
    # Where each digit of the digits-only form sits in the text.
    at = [i for i, character in enumerate(text) if "0" <= character <= "9"]
    digits = "".join(text[i] for i in at)
    for number in dict.fromkeys(known):
        compact = _NOT_DIGIT.sub("", number)
        found = digits.find(compact)
        while found != -1:
            start, end = at[found], at[found + len(compact) - 1] + 1
            hits.append(Hit(mask(compact), "typed", start, end))
            found = digits.find(compact, found + 1)
    for match in _SIXTEEN_DIGITS.finditer(text):
        if not any(hit.start <= match.start() < hit.end for hit in hits):
            hits.append(Hit(mask(_NOT_DIGIT.sub("", match.group())), "shape", *match.span()))
    return sorted(hits, key=lambda hit: hit.start)


def masked(text: str, hits: list[Hit]) -> str:
    """`text` with every hit masked in place (same length, so positions still hold)."""
    characters = list(text)
    for hit in hits:
        characters[hit.start : hit.end] = _mask_digits_in(text[hit.start : hit.end])
    return "".join(characters)


def excerpt(masked_text: str, hit: Hit) -> str:
    """The masked text around `hit`, on one line; other long numbers in it masked as well."""
    start = max(0, hit.start - EXCERPT_RADIUS)
    end = min(len(masked_text), hit.end + EXCERPT_RADIUS)
    shown = _LONG_DIGIT_RUN.sub(lambda m: _mask_digits_in(m.group()), masked_text[start:end])
    return (
        ("…" if start > 0 else "")
        + " ".join(shown.split())
        + ("…" if end < len(masked_text) else "")
    )


def as_text(value: Any) -> str | None:
    """A stored value as text: bytes as latin-1, JSON documents as JSON, the rest by str()."""
    if value is None:
        return None
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@dataclass(frozen=True, slots=True)
class Finding:
    """An identity number in clear: the place (table.column, log, file), which, and around it."""

    place: str
    number: str
    how: str
    excerpt: str
    at: str = ""  # the row, log record or file


@dataclass
class Findings:
    """What a scan found, and how much it read (so an empty result can be told from no scan)."""

    found: list[Finding] = field(default_factory=list)
    places_read: set[str] = field(default_factory=set)
    values_read: int = 0

    def check(self, place: str, text: str | None, known: Iterable[str], at: str = "") -> None:
        """Scans one value found at `place`."""
        self.places_read.add(place)
        if not text:
            return
        self.values_read += 1
        hits = find_in_text(text, known)
        hidden = masked(text, hits) if hits else text
        for hit in hits:
            self.found.append(Finding(place, hit.number, hit.how, excerpt(hidden, hit), at))

    def extend(self, other: Findings) -> None:
        self.found += other.found
        self.places_read |= other.places_read
        self.values_read += other.values_read


async def scan_database(engine: AsyncEngine, known: Iterable[str]) -> Findings:
    """Every column of every table the database has (found by inspection, none named here)."""
    known = list(known)
    findings = Findings()
    async with engine.connect() as connection:

        def layout(sync_connection: Any) -> dict[str, tuple[list[str], list[str]]]:
            inspector = inspect(sync_connection)
            return {
                name: (
                    [c["name"] for c in inspector.get_columns(name)],
                    inspector.get_pk_constraint(name).get("constrained_columns") or [],
                )
                for name in inspector.get_table_names()
            }

        for name, (columns, key) in (await connection.run_sync(layout)).items():
            # Untyped columns: the values come as the driver reads them, never decrypted.
            statement = select(*(column(c) for c in columns)).select_from(table(name))
            findings.places_read.add(name)
            for row in (await connection.execute(statement)).mappings():
                at = ",".join(f"{k}={row[k]}" for k in key)
                for c in columns:
                    findings.check(f"{name}.{c}", as_text(row[c]), known, at)
    return findings


def scan_files(root: Path, known: Iterable[str]) -> Findings:
    """Every file under `root`: its path (names are typed by people too) and its bytes."""
    known = list(known)
    findings = Findings()
    for path in sorted(root.rglob("*")) if root.exists() else ():
        relative = str(path.relative_to(root))
        # The place is named with the numbers in its name masked: the report leaks nothing.
        shown = masked(relative, find_in_text(relative, known))
        findings.check(f"file name {shown}", relative, known)
        if path.is_file():
            findings.check(f"file {shown}", path.read_bytes().decode("latin-1"), known)
    return findings


class LogScanner(logging.Handler):
    """A handler that scans each record as it is emitted (message, exception, extras)."""

    _STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def __init__(self, known: Iterable[str]) -> None:
        super().__init__(logging.DEBUG)
        self.known = list(known)
        self.findings = Findings()
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:  # noqa: BLE001  (a record that cannot be formatted: its parts, then)
            text = f"{record.msg!r} {record.args!r}"
        extras = {k: v for k, v in vars(record).items() if k not in self._STANDARD}
        if extras:
            text += " " + repr(extras)
        place = f"log {record.name} {record.levelname}"
        self.findings.check(place, text, self.known, f"{record.pathname}:{record.lineno}")


@contextmanager
def scanning_logs(known: Iterable[str]) -> Iterator[LogScanner]:
    """Hears every record at DEBUG and up that any logger hands on while the block runs.

    The root logger is put at DEBUG, and the scanner sees each record as its logger hands
    it to the handlers (Logger.callHandlers: after the logger's level and filters, before
    propagation), so loggers that do not propagate (uvicorn's) are heard as well, even
    ones configured inside the block. Loggers keep the levels they set themselves
    (SQLAlchemy's WARNING), as when an operator runs the service at DEBUG. The handlers
    already on the root (pytest's) are held at the level they saw before, so a test
    report stays readable.
    """
    scanner = LogScanner(known)
    root = logging.getLogger()
    before = root.level
    held = [(handler, handler.level) for handler in root.handlers]
    call_handlers = logging.Logger.callHandlers

    def heard(logger: logging.Logger, record: logging.LogRecord) -> None:
        scanner.handle(record)
        call_handlers(logger, record)

    for handler, level in held:
        handler.setLevel(max(level, root.getEffectiveLevel()))
    root.setLevel(logging.DEBUG)
    logging.Logger.callHandlers = heard  # type: ignore[method-assign]
    try:
        yield scanner
    finally:
        logging.Logger.callHandlers = call_handlers  # type: ignore[method-assign]
        root.setLevel(before)
        for handler, level in held:
            handler.setLevel(level)


def report(found: list[Finding], limit_per_place: int = 3) -> str:
    """The findings grouped by place: how many, which numbers, a few masked excerpts."""
    by_place: dict[str, list[Finding]] = {}
    for finding in found:
        by_place.setdefault(finding.place, []).append(finding)
    lines = [f"NIK/KK in clear at {len(by_place)} places ({len(found)} occurrences):"]
    for place, items in sorted(by_place.items()):
        numbers = ", ".join(sorted({item.number for item in items}))
        lines.append(f"- {place}: {len(items)}× [{numbers}]")
        seen: set[str] = set()
        for item in items:
            if item.excerpt in seen:
                continue
            seen.add(item.excerpt)
            lines.append(f"    {item.how}{f' @ {item.at}' if item.at else ''}: {item.excerpt!r}")
            if len(seen) >= limit_per_place:
                break
    return "\n".join(lines)
