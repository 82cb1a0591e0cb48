"""Staff passwords are stored as argon2id hashes and checked against them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from backend.config import Settings
from backend.security.passwords import (
    FAST_HASHES_FOR_TESTS_VARIABLE,
    _new_hasher,
    fast_hashes_for_tests,
    hash_password,
    needs_rehash,
    verify_password,
)

PASSWORD = "kelurahan-bubulak-2026"


@pytest.fixture(scope="module")
def stored_hash() -> str:
    """One hash for the module: argon2 is slow on purpose."""
    return hash_password(PASSWORD)


class TestHashPassword:
    """A hash is argon2id, salted, and never contains the password."""

    def test_is_argon2id(self, stored_hash: str) -> None:
        assert stored_hash.startswith("$argon2id$")

    def test_does_not_contain_the_password(self, stored_hash: str) -> None:
        assert PASSWORD not in stored_hash

    def test_is_salted(self, stored_hash: str) -> None:
        assert hash_password(PASSWORD) != stored_hash

    def test_is_made_with_todays_parameters(self, stored_hash: str) -> None:
        assert not needs_rehash(stored_hash)


class TestVerifyPassword:
    """The right password verifies; anything else is False, never an exception."""

    def test_the_right_password_verifies(self, stored_hash: str) -> None:
        assert verify_password(stored_hash, PASSWORD) is True

    @pytest.mark.parametrize(
        "attempt", ["", "kelurahan-bubulak-2025", PASSWORD.upper(), PASSWORD + " ", PASSWORD[:-1]]
    )
    def test_a_wrong_password_is_false(self, stored_hash: str, attempt: str) -> None:
        assert verify_password(stored_hash, attempt) is False

    @pytest.mark.parametrize(
        "garbage",
        [
            pytest.param("", id="empty"),
            pytest.param("not-a-hash", id="text"),
            pytest.param(PASSWORD, id="the password itself"),
            pytest.param("$argon2id$v=19$m=65536,t=3,p=4$abc$def", id="argon2 shaped"),
            pytest.param("$2b$12$" + "a" * 53, id="bcrypt shaped"),
        ],
    )
    def test_a_garbage_hash_is_false(self, garbage: str) -> None:
        assert verify_password(garbage, PASSWORD) is False


class TestCheapHashesAreForTestsOnly:
    """The suite's cheap argon2 parameters never reach a real deployment."""

    def test_without_the_variable_the_rfc_9106_parameters_are_used(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv(FAST_HASHES_FOR_TESTS_VARIABLE)
        hasher = _new_hasher()
        assert (hasher.time_cost, hasher.memory_cost) == (3, 65536)

    def test_with_the_variable_set_production_refuses_to_start(self, tmp_path: Path) -> None:
        assert fast_hashes_for_tests()
        with pytest.raises(ValidationError, match=FAST_HASHES_FOR_TESTS_VARIABLE):
            Settings(_env_file=None, environment="production", files_dir=tmp_path)
