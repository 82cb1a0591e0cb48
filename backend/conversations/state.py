"""A conversation's data as stored: the answers of a dialog in progress, encrypted as one blob.

The dialogs read and write it (dialogs/store.py); the retention job reads it too, to
know which uploads a dialog in progress still holds.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from backend.security.crypto import Vault

# The answers of a conversation in progress (name, address, phone, description) are
# personal data before any complaint exists: they are stored encrypted as one blob.
_SEALED_KEY = "sealed"


def seal_state(vault: Vault, data: dict[str, Any]) -> dict[str, Any]:
    """The conversation's data as stored: one encrypted JSON document."""
    if not data:
        return {}
    plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return {_SEALED_KEY: base64.b64encode(vault.encrypt(plaintext)).decode()}


def open_state(vault: Vault, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The conversation's data as flows use it; rows written before sealing read as they are."""
    if not stored:
        return {}
    sealed = stored.get(_SEALED_KEY)
    if not isinstance(sealed, str) or len(stored) != 1:
        return dict(stored)
    opened: dict[str, Any] = json.loads(vault.decrypt(base64.b64decode(sealed)))
    return opened
