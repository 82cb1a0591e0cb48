"""Password hashing with argon2id."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# The test suite signs staff in thousands of times and sets this to use argon2's
# cheapest parameters; Settings refuse to start in production while it is set.
FAST_HASHES_FOR_TESTS_VARIABLE = "SLRT_FAST_PASSWORD_HASHES_FOR_TESTS"

MIN_PASSWORD_LENGTH = 10


def fast_hashes_for_tests() -> bool:
    """Whether the test suite asked for cheap hashes."""
    return os.environ.get(FAST_HASHES_FOR_TESTS_VARIABLE, "") not in ("", "0")


def _new_hasher() -> PasswordHasher:
    if fast_hashes_for_tests():
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)


_hasher = _new_hasher()


def hash_password(password: str) -> str:
    """Hashes a password for storage."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)
