"""backend/uploads.py: a file is what its bytes say; photos lose their metadata; names are safe."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter

from backend.files import read_stored
from backend.security.crypto import Vault
from backend.uploads import (
    UploadRefused,
    download_name,
    keep_upload,
    safe_file_name,
    vet_upload,
)
from tests.fixtures.upload_files import (
    DISGUISED,
    EXIF_ORIENTATION,
    has_gps,
    image_of,
    jpeg_with_gps,
    ogg_opus_voice,
    pdf_document,
)


class TestTheTypeComesFromTheBytes:
    """Only JPEG, PNG, WebP and PDF, and only when the declared type and the name agree."""

    @pytest.mark.parametrize("disguise", sorted(DISGUISED))
    def test_a_file_in_disguise_is_refused(self, disguise: str) -> None:
        name, data, declared = DISGUISED[disguise]
        with pytest.raises(UploadRefused) as refused:
            vet_upload(data, declared, name)
        assert refused.value.reason == "type"

    @pytest.mark.parametrize(
        ("data", "declared", "mime_type", "kind"),
        [
            (image_of("JPEG"), "image/jpeg", "image/jpeg", "photo"),
            (image_of("JPEG"), "image/jpg", "image/jpeg", "photo"),
            (image_of("PNG"), "image/png", "image/png", "photo"),
            (image_of("WEBP"), "image/webp", "image/webp", "photo"),
            (pdf_document(), "application/pdf", "application/pdf", "document"),
        ],
        ids=["jpeg", "jpg-alias", "png", "webp", "pdf"],
    )
    def test_the_four_types_are_taken(
        self, data: bytes, declared: str, mime_type: str, kind: str
    ) -> None:
        vetted = vet_upload(data, declared, None)
        assert (vetted.mime_type, vetted.kind, vetted.file_name) == (mime_type, kind, None)

    @pytest.mark.parametrize(
        ("data", "declared", "name"),
        [
            (image_of("PNG"), "image/jpeg", "foto.jpg"),  # a PNG declared as JPEG
            (image_of("JPEG"), None, "foto.jpg"),  # nothing declared
            (image_of("JPEG"), "application/octet-stream", "foto.jpg"),
            (pdf_document(), "application/pdf", "scan.jpg"),  # named as another type we take
            (image_of("GIF"), "image/gif", "foto.gif"),  # a type we do not take
        ],
        ids=["declared-other-type", "undeclared", "octet-stream", "named-jpg", "gif"],
    )
    def test_a_disagreement_is_refused(self, data: bytes, declared: str | None, name: str) -> None:
        with pytest.raises(UploadRefused, match="type"):
            vet_upload(data, declared, name)

    def test_a_pdf_that_does_not_open_is_refused(self) -> None:
        with pytest.raises(UploadRefused) as refused:
            vet_upload(b"%PDF-1.4 surat keterangan tidak mampu", "application/pdf", "sktm.pdf")
        assert refused.value.reason == "unreadable"

    def test_a_pdf_locked_with_a_password_is_refused(self) -> None:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_document())))
        writer.encrypt("rahasia", algorithm="AES-128")
        output = io.BytesIO()
        writer.write(output)
        with pytest.raises(UploadRefused, match="password"):
            vet_upload(output.getvalue(), "application/pdf", "sktm.pdf")

    def test_an_image_that_does_not_decode_is_refused(self) -> None:
        with pytest.raises(UploadRefused) as refused:
            vet_upload(b"\xff\xd8\xff\xe0 not really a photo", "image/jpeg", "foto.jpg")
        assert refused.value.reason in ("type", "unreadable")

    def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(self) -> None:
        # A few hundred bytes that claim 9000×9000 pixels (81 million).
        def chunk(kind: bytes, body: bytes) -> bytes:
            crc = zlib.crc32(kind + body)
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

        header = struct.pack(">IIBBBBB", 9000, 9000, 8, 0, 0, 0, 0)
        bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 9001)) + chunk(b"IEND", b"")  # fmt: skip
        with pytest.raises(UploadRefused, match=r"pixels|decode"):
            vet_upload(bomb, "image/png", "bom.png")


class TestPhotosLoseTheirMetadata:
    """A photo is re-encoded from its pixels: no GPS, no EXIF, no comment; upright."""

    def test_a_phone_photo_keeps_its_picture_and_loses_gps_and_exif(self) -> None:
        photo = jpeg_with_gps()
        assert has_gps(photo) and b"Rumah Ibu Siti" in photo
        vetted = vet_upload(photo, "image/jpeg", "IMG_20240817.jpg")
        assert not has_gps(vetted.data)
        assert b"Rumah Ibu Siti" not in vetted.data and b"PhoneMaker" not in vetted.data
        with Image.open(io.BytesIO(vetted.data)) as image:
            assert image.format == "JPEG"
            assert not image.getexif() and "exif" not in image.info and "comment" not in image.info
            # Orientation 6 applied: 64×48 stored on its side is shown 48×64, its blue half on top.
            assert image.size == (48, 64)
            red, _green, blue = image.convert("RGB").getpixel((24, 5))  # type: ignore[misc]
            assert blue > 150 and red < 100
            assert EXIF_ORIENTATION not in image.getexif()

    def test_a_png_loses_its_text_chunks_and_exif(self) -> None:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "Jl. Mawar No. 5, RT 02/RW 03")
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        output = io.BytesIO()
        Image.new("RGBA", (10, 10), (1, 2, 3, 128)).save(
            output, "PNG", pnginfo=info, exif=exif.tobytes()
        )
        vetted = vet_upload(output.getvalue(), "image/png", "layar.png")
        assert b"Mawar" not in vetted.data and b"PhoneMaker" not in vetted.data
        with Image.open(io.BytesIO(vetted.data)) as image:
            assert image.mode == "RGBA" and image.getpixel((0, 0)) == (1, 2, 3, 128)

    def test_bytes_appended_after_the_picture_are_dropped(self) -> None:
        polyglot = image_of("JPEG") + b"<script>alert(1)</script>"
        vetted = vet_upload(polyglot, "image/jpeg", "foto.jpg")
        assert b"<script>" not in vetted.data

    def test_what_is_stored_is_the_clean_photo_encrypted(self, tmp_path, vault: Vault) -> None:  # type: ignore[no-untyped-def]
        kept = keep_upload(jpeg_with_gps(), "image/jpeg", "foto.jpg", tmp_path, "web", vault)
        assert kept.stored_path.endswith(".jpg")
        stored = read_stored(Path(kept.stored_path), vault)
        assert stored == kept.vetted.data and not has_gps(stored)

    def test_nothing_is_stored_of_a_refused_file(self, tmp_path, vault: Vault) -> None:  # type: ignore[no-untyped-def]
        name, data, declared = DISGUISED["exe-as-pdf"]
        with pytest.raises(UploadRefused):
            keep_upload(data, declared, name, tmp_path, "web", vault)
        assert not [path for path in tmp_path.rglob("*") if path.is_file()]


class TestSafeNames:
    """A kept name is a safe stem and the true extension."""

    def test_a_real_pdf_with_a_wrong_extension_gets_the_true_one(self) -> None:
        assert vet_upload(pdf_document(), "application/pdf", "foo.exe").file_name == "foo.pdf"
        assert (
            vet_upload(pdf_document(), "application/pdf", "Surat_Keterangan.pdf.exe").file_name
            == "Surat_Keterangan_pdf.pdf"
        )

    @pytest.mark.parametrize(
        ("name", "safe"),
        [
            ("Surat Keterangan Tidak Mampu.pdf", "Surat Keterangan Tidak Mampu.pdf"),
            ("../../etc/passwd", "passwd.pdf"),
            ("C:\\Users\\siti\\sktm.pdf", "sktm.pdf"),
            ("foto\u202egpj.exe", "foto_gpj.pdf"),  # a right-to-left mark turning exe.jpg around
            ('a"b;c\r\nd.pdf', "a_b_c_d.pdf"),
            ("   ", "lampiran.pdf"),
            (".pdf", "lampiran.pdf"),
            ("x" * 300 + ".pdf", "x" * 100 + ".pdf"),
        ],
    )
    def test_names(self, name: str, safe: str) -> None:
        assert safe_file_name(name, ".pdf") == safe

    def test_a_download_of_an_older_file_is_named_by_its_stored_type(self) -> None:
        assert download_name("Surat_Keterangan.pdf.exe", "application/pdf") == (
            "Surat_Keterangan_pdf.pdf"
        )
        assert download_name("x.svg", "image/svg+xml") == "x.bin"
        assert download_name(None, "image/jpeg") == "lampiran.jpg"


class TestVoiceNotes:
    """Recordings are taken when a reader reads them through as what they claim (issue 17)."""

    def test_a_telegram_voice_note_is_kept_as_sent(self) -> None:
        vetted = vet_upload(ogg_opus_voice(), "audio/ogg", "voice.oga")
        assert (vetted.mime_type, vetted.kind) == ("audio/ogg", "voice")
        assert vetted.data == ogg_opus_voice() and vetted.file_name == "voice.ogg"

    def test_older_names_of_the_type_are_understood(self) -> None:
        assert vet_upload(ogg_opus_voice(), "audio/opus", None).mime_type == "audio/ogg"

    def test_a_recording_in_disguise_is_refused(self) -> None:
        # The real recording is taken; each disguise of it is not.
        assert vet_upload(ogg_opus_voice(), "audio/ogg", "voice.ogg").kind == "voice"
        disguises = [
            (b"OggS" + bytes(200), "audio/ogg", "voice.ogg"),  # the magic, nothing behind it
            (b"<script>alert(1)</script>", "audio/ogg", "voice.ogg"),
            (ogg_opus_voice(), "image/png", None),  # a recording claiming to be a picture
            (ogg_opus_voice(), "audio/ogg", "voice.mp3"),  # named as another type
        ]
        for data, declared, name in disguises:
            with pytest.raises(UploadRefused):
                vet_upload(data, declared, name)
