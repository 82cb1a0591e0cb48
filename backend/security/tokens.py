"""How a random token (a session, an API token, a one-time link) is kept: only its digest."""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    """The SHA-256 of a token, as stored. Tokens carry 192 random bits or more, so a plain
    digest suffices: there is nothing to guess, and no salt or slow hash is needed."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
