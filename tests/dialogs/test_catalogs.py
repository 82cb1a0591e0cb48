"""The message catalogs: the languages agree, and every key the code asks for is there."""

from __future__ import annotations

import ast
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast
from fluent.syntax.visitor import Visitor

from backend.casefiles.models import ComplaintStatus, FiledFor
from backend.complaints.filing import invalid_key
from dialogs.flows import build_flows
from dialogs.flows.base import StepFlow
from dialogs.flows.menu import MENU_ITEMS
from dialogs.i18n import LANGUAGES, has_message, message_keys, translate

PROJECT = Path(__file__).resolve().parents[2]
DIALOGS = PROJECT / "dialogs"
VALIDATORS = PROJECT / "backend" / "citizens" / "validators.py"

# Calls whose first argument is a message key: ctx.t(key), ctx.say(key), Reask(key).
KEY_FIRST = {"t", "say", "Reask"}
# translate(language, key, ...) takes the key second.
KEY_SECOND = {"translate"}

# A value a person could see for every parameter a message takes.
PLAUSIBLE_PARAMS: dict[str, object] = {
    "limit": 4000,
    "phone": "+6281234567890",
    "page": 1,
    "pages": 3,
    "count": 2,
    "ticket": "261128-001T",
    "status": "Diterima",
    "due": "31 Desember 2026",
    "before": "24 Desember 2026",
    "updated": "28 November 2026",
    "limit_mb": 10,
    "size": "245 KB",
    "category": "Program Keluarga Harapan (PKH)",
    "question": "Mohon kirim foto KK.",
    "resolution": "Bantuan sudah cair.",
    "reason": "Di luar kewenangan Dinas Sosial.",
    "triage": 3,
    "referral": 14,
    "agency": "Dinas Kesehatan Kota Bogor",
    "note": "Data Anda sedang kami periksa.",
    "days": 5,
    "score": 4,
    "text": "Mohon datang ke kantor kelurahan hari Senin.",
    "household": "Siti Aminah",
    "kelurahan": "Tegallega",
    "name": "Ibu Rina Marlina",
    "when": "30 November 2026 14.05 WIB",
    "visit": "27 November 2026",
    "reach": "telepon",
    "link": "https://t.me/slrt_bogor_bot?start=hh_Zm9vYmFy",
    "day": "30 November 2026",
    # /dataku: what is held, how it was processed, correction requests.
    "nik": "3271********0001",
    "kk": "3271********0003",
    "address": "Jl. Mawar No. 5, RT 02/RW 03",
    "language_name": "Bahasa Indonesia",
    "consent": "diberikan 28 November 2026 09.15 WIB, lewat Telegram",
    "method": "lewat Telegram",
    "filed": "28 November 2026",
    "role": "Petugas back office",
    "action": "melihat NIK dan KK lengkap",
    "field": "No. HP",
    "value": "+6281234567891",
    "number": "12",
    # Home visits: where the house is, and the overdue mark of a listed visit.
    "location": "-6.59500, 106.79300",
    "overdue": " ⚠️ terlambat",
}


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _literals(node: ast.expr) -> list[str]:
    """The message keys an argument can be: a string, or either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []  # f-strings and variables: checked by the tests of their own key families


@cache
def keys_used_in_code() -> dict[str, str]:
    """Every literal key passed to ctx.t/ctx.say/Reask/translate, with where it is used."""
    used: dict[str, str] = {}
    for path in sorted(DIALOGS.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _callee(node)
            position = 0 if name in KEY_FIRST else 1 if name in KEY_SECOND else None
            if position is None or len(node.args) <= position:
                continue
            for key in _literals(node.args[position]):
                used.setdefault(key, f"{path.relative_to(PROJECT)}:{node.lineno}")
    return used


@cache
def keys_of_steps() -> dict[str, str]:
    """The help and summary-label keys of every step of every flow."""
    used: dict[str, str] = {}
    for flow in build_flows().values():
        assert isinstance(flow, StepFlow)
        for step in flow.steps.values():
            used[step.help_key] = f"{flow.name}.{step.name} help"
            if step.summary_label:
                used[step.summary_label] = f"{flow.name}.{step.name} label"
    return used


@cache
def validator_codes() -> set[str]:
    """Codes of InvalidValue raised in the validators, with `{code}.x` expanded per caller."""
    tree = ast.parse(VALIDATORS.read_text("utf-8"))
    codes: set[str] = set()
    suffixes: set[str] = set()
    prefixes: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _callee(node) == "InvalidValue" and node.args:
            argument = node.args[0]
            if isinstance(argument, ast.Constant):
                codes.add(argument.value)
            elif isinstance(argument, ast.JoinedStr):
                # f"{code}.not_digits": the prefix comes from the `code=` of each caller.
                suffixes.add("".join(
                    part.value for part in argument.values if isinstance(part, ast.Constant)
                ))  # fmt: skip
        for keyword in node.keywords:
            if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                prefixes.add(keyword.value.value)
    return codes | {prefix + suffix for prefix in prefixes for suffix in suffixes}


@cache
def _parameters_by_message(language: str) -> dict[str, set[str]]:
    folder = resources.files("dialogs.texts").joinpath(language)
    found: dict[str, set[str]] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".ftl"):
            continue
        for item in FluentParser().parse(entry.read_text("utf-8")).body:
            if isinstance(item, fluent_ast.Message):
                collector = _VariableCollector()
                collector.visit(item)
                found[item.id.name] = collector.names
    return found


class _VariableCollector(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: fluent_ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _keys_by_file(language: str) -> dict[str, set[str]]:
    folder = resources.files("dialogs.texts").joinpath(language)
    return {
        entry.name: {
            item.id.name
            for item in FluentParser().parse(entry.read_text("utf-8")).body
            if isinstance(item, fluent_ast.Message)
        }
        for entry in folder.iterdir()
        if entry.name.endswith(".ftl")
    }


# What a citizen reads must be whole in Basa Sunda; facilitator.ftl and staff.ftl may stay
# Indonesian (dialogs/i18n.py falls back to Bahasa Indonesia for a key missing in su).
COMPLETE_IN_SUNDA = ("main.ftl", "notifications.ftl", "privacy.ftl")
# Keys of those files said in Indonesian to Sunda readers until someone translates them:
# add a new key here rather than a machine translation, and take it out once translated.
AWAITING_SUNDA: set[str] = set()


class TestBothLanguagesHaveTheSameMessages:
    """Indonesian and English offer exactly the same keys, with the same parameters."""

    def test_the_key_sets_are_equal(self) -> None:
        indonesian, english = message_keys("id"), message_keys("en")
        assert indonesian - english == set(), "missing in English"
        assert english - indonesian == set(), "missing in Indonesian"

    def test_each_message_takes_the_same_parameters_in_both(self) -> None:
        indonesian, english = _parameters_by_message("id"), _parameters_by_message("en")
        differing = {
            key: (indonesian[key], english.get(key))
            for key in indonesian
            if indonesian[key] != english.get(key)
        }
        assert differing == {}


class TestBasaSundaCoversWhatCitizensRead:
    """su has every key of main, notifications and privacy, and nothing Indonesian lacks."""

    @pytest.mark.parametrize("name", COMPLETE_IN_SUNDA)
    def test_the_file_has_every_indonesian_key(self, name: str) -> None:
        indonesian, sundanese = _keys_by_file("id")[name], _keys_by_file("su").get(name, set())
        assert indonesian - sundanese - AWAITING_SUNDA == set(), f"su/{name} lacks them"

    def test_keys_awaiting_translation_are_really_missing(self) -> None:
        assert AWAITING_SUNDA & message_keys("su") == set(), "translated: take them out"

    def test_no_key_indonesian_lacks(self) -> None:
        assert message_keys("su") - message_keys("id") == set()

    def test_only_the_citizens_files_are_translated(self) -> None:
        assert set(_keys_by_file("su")) == set(COMPLETE_IN_SUNDA)

    def test_each_message_takes_the_parameters_of_its_indonesian(self) -> None:
        indonesian, sundanese = _parameters_by_message("id"), _parameters_by_message("su")
        differing = {
            key: (indonesian.get(key), names)
            for key, names in sundanese.items()
            if indonesian.get(key) != names
        }
        assert differing == {}

    def test_a_key_missing_in_sunda_is_said_in_indonesian(self) -> None:
        missing = sorted(message_keys("id") - message_keys("su"))
        assert "facilitator-menu" in missing  # the facilitators' words stay Indonesian
        for key in missing:
            params = {name: PLAUSIBLE_PARAMS[name] for name in _parameters_by_message("id")[key]}
            assert translate("su", key, **params) == translate("id", key, **params)

    def test_a_translated_key_is_said_in_sunda(self) -> None:
        assert translate("su", "menu") == "Mangga pilih layanan:"
        assert translate("su", "status-received") != translate("id", "status-received")


class TestEveryKeyTheCodeUsesExists:
    """A key named in dialogs/ but missing from a catalog would raise in front of a citizen."""

    def test_the_scan_finds_the_keys_of_the_code(self) -> None:
        used = keys_used_in_code()
        # The scanner itself must see the calls it is meant to see.
        assert {"greeting", "old-button", "choose-a-button", "intake-full-name-member"} <= set(used)
        assert len(used) > 60

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_keys_passed_to_t_say_reask_and_translate(self, language: str) -> None:
        missing = {
            k: where for k, where in keys_used_in_code().items() if not has_message(language, k)
        }
        assert missing == {}

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_help_and_label_keys_of_every_step(self, language: str) -> None:
        missing = {k: where for k, where in keys_of_steps().items() if not has_message(language, k)}
        assert missing == {}

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_menu_buttons_and_for_whom_values(self, language: str) -> None:
        keys = [label for label, _ in MENU_ITEMS] + [f"for-whom-{value}" for value in FiledFor]
        assert [key for key in keys if not has_message(language, key)] == []


class TestEveryComplaintStatusHasAName:
    """Status messages say `status-<value>` for whatever status a complaint is in."""

    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("status", list(ComplaintStatus))
    def test_status_message_exists(self, language: str, status: ComplaintStatus) -> None:
        assert translate(language, f"status-{status.value}").strip()


class TestEveryValidatorProblemIsExplained:
    """Each InvalidValue code turns, through invalid_key, into a message in both languages."""

    def test_the_scan_finds_the_digit_codes(self) -> None:
        assert {"nik.length", "nik.not_digits", "kk.length", "kk.not_digits"} <= validator_codes()

    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("code", sorted(validator_codes()))
    def test_code_maps_to_a_message(self, language: str, code: str) -> None:
        assert has_message(language, invalid_key(code)), f"{code} → {invalid_key(code)}"


class TestEveryMessageFormats:
    """Every message formats cleanly when given plausible values for its parameters."""

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_parameter_has_a_plausible_value_here(self, language: str) -> None:
        used = set().union(*_parameters_by_message(language).values())
        assert used - set(PLAUSIBLE_PARAMS) == set()

    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("key", sorted(message_keys("id") | message_keys("en")))
    def test_message_formats(self, language: str, key: str) -> None:
        own = _parameters_by_message(language)
        # A key Basa Sunda leaves out is said in Indonesian, with the Indonesian parameters.
        wanted = own[key] if key in own else _parameters_by_message("id").get(key, set())
        params = {name: PLAUSIBLE_PARAMS[name] for name in wanted if name in PLAUSIBLE_PARAMS}
        text = translate(language, key, **params)
        assert text.strip() and "{" not in text
