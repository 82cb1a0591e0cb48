"""Encryption at rest and keyed look-up hashes for NIK and KK."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Sequence
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# First byte of every ciphertext: lets a later key rotation tell old from new.
_FORMAT_VERSION = b"\x01"
_NONCE_BYTES = 12


def _derive(data_key: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        data_key.encode("utf-8")
    )


class Vault:
    """Encrypts identity numbers with AES-GCM and hashes them for exact look-up."""

    def __init__(self, data_key: str) -> None:
        # Kept only so a worker process of a registry import can build the same vault.
        self._data_key = data_key
        # Separate keys per purpose: the look-up hash never reveals the cipher key.
        self._aead = AESGCM(_derive(data_key, b"slrt/encrypt/v1"))
        self._lookup_key = _derive(data_key, b"slrt/lookup/v1")
        self._lookup_mac = hmac.new(self._lookup_key, digestmod=hashlib.sha256)

    def encrypt(self, plaintext: str) -> bytes:
        """Encrypts a value; the same value encrypts differently every time."""
        return self.encrypt_bytes(plaintext.encode())

    def encrypt_many(self, plaintexts: Sequence[str]) -> list[bytes]:
        """`encrypt` of each value, the nonces of all taken from the random source at once."""
        randomness = os.urandom(_NONCE_BYTES * len(plaintexts))
        encrypt, version = self._aead.encrypt, _FORMAT_VERSION
        ciphertexts = []
        for index, plaintext in enumerate(plaintexts):
            nonce = randomness[index * _NONCE_BYTES : (index + 1) * _NONCE_BYTES]
            ciphertexts.append(version + nonce + encrypt(nonce, plaintext.encode(), None))
        return ciphertexts

    def decrypt(self, ciphertext: bytes) -> str:
        """Decrypts a value written by `encrypt`."""
        return self.decrypt_bytes(ciphertext).decode()

    def encrypt_bytes(self, data: bytes) -> bytes:
        """Encrypts bytes (a stored photo or document) as `encrypt` does text."""
        nonce = os.urandom(_NONCE_BYTES)
        return _FORMAT_VERSION + nonce + self._aead.encrypt(nonce, data, None)

    def decrypt_bytes(self, ciphertext: bytes) -> bytes:
        """Decrypts what `encrypt_bytes` wrote."""
        if ciphertext[:1] != _FORMAT_VERSION:
            raise ValueError("unknown ciphertext format")
        nonce = ciphertext[1 : 1 + _NONCE_BYTES]
        return self._aead.decrypt(nonce, ciphertext[1 + _NONCE_BYTES :], None)

    def lookup_hash(self, value: str) -> str:
        """A keyed hash (HMAC-SHA256) that finds a value without decrypting anything."""
        # A copy of the keyed HMAC skips the key set-up per value: registry imports hash a lot.
        mac = self._lookup_mac.copy()
        mac.update(value.encode())
        return mac.hexdigest()

    def lookup_hashes(self, values: Sequence[str]) -> list[str]:
        """`lookup_hash` of each value."""
        copy = self._lookup_mac.copy
        digests = []
        for value in values:
            mac = copy()
            mac.update(value.encode())
            digests.append(mac.hexdigest())
        return digests

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # A worker process gets the key and derives the same keys (see registry/parallel.py).
        return (vault_for, (self._data_key,))


@lru_cache(maxsize=4)
def vault_for(data_key: str) -> Vault:
    """One vault per key, so keys are derived once per process."""
    return Vault(data_key)
