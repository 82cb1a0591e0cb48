"""Encryption at rest, keyed look-up hashes and masking of NIK and KK."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import given
from hypothesis import strategies as st

from backend.security.crypto import Vault, vault_for
from backend.security.identity_numbers import mask_identity_number

KEY = "test-data-key-0123456789-abcdefghijklmnopqr"
OTHER_KEY = "another-data-key-9876543210-zyxwvutsrqpon"
NIK = "3271046501900001"


@pytest.fixture(scope="module")
def vault() -> Vault:
    """A vault under a fixed test key (module-wide: key derivation is the slow part)."""
    return Vault(KEY)


class TestEncryptionRoundTrip:
    """What is encrypted decrypts to the same text."""

    @given(st.text())
    def test_decrypts_to_the_plaintext(self, vault: Vault, plaintext: str) -> None:
        assert vault.decrypt(vault.encrypt(plaintext)) == plaintext

    def test_a_new_vault_with_the_same_key_decrypts(self, vault: Vault) -> None:
        assert Vault(KEY).decrypt(vault.encrypt(NIK)) == NIK

    def test_the_ciphertext_does_not_contain_the_plaintext(self, vault: Vault) -> None:
        assert NIK.encode() not in vault.encrypt(NIK)


class TestEncryptionIsRandomised:
    """The same value encrypts differently every time, so equal NIKs do not show as equal."""

    def test_two_encryptions_of_one_value_differ(self, vault: Vault) -> None:
        assert vault.encrypt(NIK) != vault.encrypt(NIK)

    def test_many_encryptions_are_all_distinct(self, vault: Vault) -> None:
        assert len({vault.encrypt(NIK) for _ in range(100)}) == 100


class TestDecryptionRefusesWhatItCannotTrust:
    """Another key, a changed byte or a foreign format raises instead of returning text."""

    def test_another_data_key_cannot_decrypt(self, vault: Vault) -> None:
        with pytest.raises(InvalidTag):
            Vault(OTHER_KEY).decrypt(vault.encrypt(NIK))

    @pytest.mark.parametrize(
        "position",
        [
            pytest.param(1, id="nonce"),
            pytest.param(13, id="first ciphertext byte"),
            pytest.param(-1, id="last tag byte"),
        ],
    )
    def test_a_flipped_bit_raises(self, vault: Vault, position: int) -> None:
        tampered = bytearray(vault.encrypt(NIK))
        tampered[position] ^= 0x01
        with pytest.raises(InvalidTag):
            vault.decrypt(bytes(tampered))

    def test_a_truncated_ciphertext_raises(self, vault: Vault) -> None:
        with pytest.raises(InvalidTag):
            vault.decrypt(vault.encrypt(NIK)[:-1])

    @pytest.mark.parametrize("ciphertext", [b"", b"\x02" + b"\x00" * 40, NIK.encode()])
    def test_an_unknown_format_raises(self, vault: Vault, ciphertext: bytes) -> None:
        with pytest.raises(ValueError, match="format"):
            vault.decrypt(ciphertext)


class TestLookupHash:
    """The keyed hash finds a value without decrypting: stable, and distinct per key and value."""

    def test_is_stable_for_one_key_and_value(self, vault: Vault) -> None:
        assert vault.lookup_hash(NIK) == vault.lookup_hash(NIK) == Vault(KEY).lookup_hash(NIK)

    def test_is_a_sha256_hex_digest(self, vault: Vault) -> None:
        digest = vault.lookup_hash(NIK)
        assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")

    def test_differs_per_key(self, vault: Vault) -> None:
        assert vault.lookup_hash(NIK) != Vault(OTHER_KEY).lookup_hash(NIK)

    @given(st.text(), st.text())
    def test_differs_per_value(self, vault: Vault, first: str, second: str) -> None:
        assert (vault.lookup_hash(first) == vault.lookup_hash(second)) == (first == second)

    def test_does_not_leak_the_value_in_clear(self, vault: Vault) -> None:
        assert NIK not in vault.lookup_hash(NIK)


class TestVaultFor:
    """One vault per key is reused within the process."""

    def test_returns_the_same_vault_for_the_same_key(self) -> None:
        assert vault_for(KEY) is vault_for(KEY)

    def test_returns_working_vaults_per_key(self) -> None:
        assert vault_for(KEY).decrypt(Vault(KEY).encrypt(NIK)) == NIK
        assert vault_for(OTHER_KEY) is not vault_for(KEY)


class TestMaskIdentityNumber:
    """Lists show the first four and last four digits of a NIK or KK, nothing between."""

    @pytest.mark.parametrize(
        ("value", "masked"),
        [
            ("3271046501900001", "3271********0001"),
            ("3271041203150007", "3271********0007"),
            ("123456789", "1234*6789"),
            pytest.param("12345678", "********", id="eight or fewer: all hidden"),
            pytest.param("1234", "****", id="short"),
            pytest.param("", "", id="empty"),
        ],
    )
    def test_masks(self, value: str, masked: str) -> None:
        assert mask_identity_number(value) == masked

    @given(st.text(alphabet="0123456789", min_size=9, max_size=32))
    def test_keeps_the_length_and_hides_the_middle(self, value: str) -> None:
        masked = mask_identity_number(value)
        assert len(masked) == len(value)
        assert masked[:4] == value[:4] and masked[-4:] == value[-4:]
        assert set(masked[4:-4]) == {"*"}


class TestBatches:
    """The batch forms give what the one-value forms give (the registry import uses them)."""

    @given(st.lists(st.text(), max_size=20))
    def test_encrypt_many_decrypts_to_each_plaintext(
        self, vault: Vault, plaintexts: list[str]
    ) -> None:
        ciphertexts = vault.encrypt_many(plaintexts)
        assert [vault.decrypt(ciphertext) for ciphertext in ciphertexts] == plaintexts
        # Each value has its own nonce, as with encrypt.
        nonces = [ciphertext[1:13] for ciphertext in ciphertexts]
        assert len(set(nonces)) == len(nonces)

    @given(st.lists(st.text(), max_size=20))
    def test_lookup_hashes_are_the_lookup_hash_of_each(
        self, vault: Vault, values: list[str]
    ) -> None:
        assert vault.lookup_hashes(values) == [vault.lookup_hash(value) for value in values]

    def test_a_pickled_vault_hashes_and_decrypts_as_the_original(self, vault: Vault) -> None:
        import pickle

        copy = pickle.loads(pickle.dumps(vault))
        assert copy.lookup_hash(NIK) == vault.lookup_hash(NIK)
        assert copy.decrypt(vault.encrypt(NIK)) == NIK
