"""What a photo or document a person sends really is, decided from its bytes; then kept.

The one place that decides whether an upload is taken, for every channel (Telegram,
web chat). A declared content type and a file name are only claims: an HTML page
sent as image/png, or a program named `Surat_Keterangan.pdf.exe`, must never reach
a staff member's browser or disk as what it claims to be. So:

- the type is read from the bytes (magic numbers), and only JPEG, PNG, WebP and PDF
  are taken;
- the declared type must be that type, and a file name whose extension names one
  of these types must name that one (any other extension is dropped);
- an image is decoded and encoded again by Pillow from its pixels alone: no EXIF
  (a phone's GPS position of a household's home), no comments, no colour profile,
  nothing appended after the image; its orientation is applied first, so it looks
  as it did;
- a PDF must open (pypdf) and have a page; it is kept as sent;
- a voice note or other recording (Ogg Opus/Vorbis as Telegram sends them, MP3, M4A,
  WAV) must be read as that container by mutagen and last some time; kept as sent;
- the name kept is a safe stem plus the true extension.

A refused file is not stored at all; the dialogs ask for another one.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import mutagen
import puremagic
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from PIL import Image, ImageOps
from pypdf import PasswordType, PdfReader

from backend.files import store_bytes
from backend.security.crypto import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FileType:
    """A type we take: its content type, the extension we give it, the ones a name may have."""

    mime_type: str
    extension: str
    extensions: frozenset[str]
    # Pillow's name of the format; None for a document.
    image_format: str | None = None


_TYPES = (
    FileType("image/jpeg", ".jpg", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}), "JPEG"),
    FileType("image/png", ".png", frozenset({".png"}), "PNG"),
    FileType("image/webp", ".webp", frozenset({".webp"}), "WEBP"),
    FileType("application/pdf", ".pdf", frozenset({".pdf"})),
)
_AUDIO_TYPES = (
    FileType("audio/ogg", ".ogg", frozenset({".ogg", ".oga", ".opus"})),
    FileType("audio/mpeg", ".mp3", frozenset({".mp3"})),
    FileType("audio/mp4", ".m4a", frozenset({".m4a"})),
    FileType("audio/wav", ".wav", frozenset({".wav"})),
)
# The containers mutagen reads, by the type each one is.
_AUDIO_BY_READER: dict[type, FileType] = {
    OggOpus: _AUDIO_TYPES[0], OggVorbis: _AUDIO_TYPES[0], MP3: _AUDIO_TYPES[1],
    MP4: _AUDIO_TYPES[2], WAVE: _AUDIO_TYPES[3],
}  # fmt: skip
AUDIO_MIME_TYPES = frozenset(file_type.mime_type for file_type in _AUDIO_TYPES)
ACCEPTED_TYPES = {file_type.mime_type: file_type for file_type in (*_TYPES, *_AUDIO_TYPES)}
ACCEPTED_MIME_TYPES = frozenset(ACCEPTED_TYPES)
# Older names some phones and browsers still declare.
_MIME_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}  # fmt: skip
_MIME_ALIASES |= {
    "audio/opus": "audio/ogg", "application/ogg": "audio/ogg", "audio/x-ogg": "audio/ogg",
    "audio/mp3": "audio/mpeg", "audio/x-mp3": "audio/mpeg", "audio/x-m4a": "audio/mp4",
    "audio/m4a": "audio/mp4", "audio/x-wav": "audio/wav", "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
}  # fmt: skip
_BY_EXTENSION = {extension: t for t in ACCEPTED_TYPES.values() for extension in t.extensions}

# A photo of many megapixels takes ~3 bytes a pixel to re-encode; a "decompression bomb"
# (a small file claiming a huge picture) is refused before its pixels are read.
MAX_IMAGE_PIXELS = 60_000_000
JPEG_QUALITY = 90
WEBP_QUALITY = 90
MAX_STEM_LENGTH = 100
DEFAULT_STEM = "lampiran"
# In a kept name: letters and digits of any script, space, hyphen, underscore, brackets.
_UNSAFE = re.compile(r"[^\w\- ()]+")
_RUNS = re.compile(r"[_ ]{2,}")


class UploadRefused(Exception):
    """The file is not taken; `reason` is a code for logs (`type`, `unreadable`)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class VettedUpload:
    """A file we take: the bytes to keep (an image re-encoded), its true type and a safe name."""

    data: bytes
    mime_type: str
    file_name: str | None
    kind: str  # photo (an image), document (a PDF) or voice (a recording)


@dataclass(frozen=True, slots=True)
class KeptUpload:
    """A vetted file, stored encrypted under FILES_DIR."""

    vetted: VettedUpload
    stored_path: str
    sha256: str


def declared_type(mime_type: str | None) -> str | None:
    """A declared content type without parameters, in lower case, older names mapped."""
    if not mime_type:
        return None
    bare = mime_type.split(";", 1)[0].strip().lower()
    return _MIME_ALIASES.get(bare, bare)


def sniffed_type(data: bytes) -> FileType | None:
    """The type the bytes are (their first magic number), when it is one we take."""
    try:
        matches = puremagic.magic_string(data)
    except (puremagic.PureError, ValueError):  # nothing known, or no bytes
        return None
    # Matches come best first; a file is what its best match says, and nothing else.
    best = matches[0].mime_type if matches else ""
    if best in ACCEPTED_TYPES and best not in AUDIO_MIME_TYPES:
        return ACCEPTED_TYPES[best]
    return _audio_type(data)


def _audio_type(data: bytes) -> FileType | None:
    # A recording's magic numbers say little (MP3 may start anywhere): mutagen reads the
    # container, and a recording that lasts no time at all is not one.
    try:
        recording = mutagen.File(io.BytesIO(data))
    except Exception:  # noqa: BLE001  (whatever a broken file raises, it is not a recording)
        return None
    if recording is None or not getattr(recording.info, "length", 0):
        return None
    return _AUDIO_BY_READER.get(type(recording))


def vet_upload(data: bytes, declared: str | None, file_name: str | None) -> VettedUpload:
    """The file as we keep it, or UploadRefused. Blocking (decodes images, parses PDFs)."""
    true_type = sniffed_type(data)
    if true_type is None:
        raise UploadRefused("type", "the bytes are not a JPEG, PNG, WebP, PDF or recording")
    if declared_type(declared) != true_type.mime_type:
        raise UploadRefused("type", f"declared {declared!r}, the bytes are {true_type.mime_type}")
    claimed = _BY_EXTENSION.get(_extension_of(file_name))
    if claimed is not None and claimed != true_type:
        raise UploadRefused(
            "type", f"named {claimed.extension}, the bytes are {true_type.mime_type}"
        )
    if true_type.image_format is not None:
        kept, kind = _reencoded(data, true_type.image_format), "photo"
    elif true_type.mime_type in AUDIO_MIME_TYPES:
        kept, kind = data, "voice"  # read through by mutagen already
    else:
        _check_pdf_opens(data)
        kept, kind = data, "document"
    name = safe_file_name(file_name, true_type.extension) if file_name else None
    return VettedUpload(kept, true_type.mime_type, name, kind)


def keep_upload(
    data: bytes, declared: str | None, file_name: str | None, files_dir: Path, folder: str,
    vault: Vault,
) -> KeptUpload:  # fmt: skip
    """Vets the file and stores what is kept of it, encrypted; UploadRefused stores nothing.

    Blocking: channels call it in a worker thread.
    """
    vetted = vet_upload(data, declared, file_name)
    path, digest = store_bytes(vetted.data, files_dir, folder, vetted.mime_type, vault)
    return KeptUpload(vetted, path, digest)


def safe_file_name(name: str | None, extension: str) -> str:
    """A safe stem of the name (no path, no dots, no control or direction marks) + `extension`.

    `Surat Keterangan.pdf.exe` as a PDF becomes `Surat Keterangan_pdf.pdf`.
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name or ""))[-1]
    stem, dot, last = base.rpartition(".")
    if not dot or not last or len(last) > 10:
        stem = base
    stem = _RUNS.sub("_", _UNSAFE.sub("_", stem)).strip("_- ")[:MAX_STEM_LENGTH].strip("_- ")
    return f"{stem or DEFAULT_STEM}{extension}"


def download_name(name: str | None, mime_type: str | None) -> str:
    """The name a stored file is offered under: its safe stem and its type's extension.

    Files stored before uploads were vetted may have any name and type; one of a type
    we do not take is offered as `.bin`, which nothing opens by itself.
    """
    known = ACCEPTED_TYPES.get(declared_type(mime_type) or "")
    return safe_file_name(name, known.extension if known else ".bin")


def _extension_of(file_name: str | None) -> str:
    return Path((file_name or "").strip().lower()).suffix


def _reencoded(data: bytes, image_format: str) -> bytes:
    """The picture alone, encoded afresh in its own format."""
    output = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UploadRefused("unreadable", f"{width}×{height} pixels is too many")
                clean = _pixels_only(image, image_format)
        if image_format == "JPEG":
            clean.save(output, "JPEG", quality=JPEG_QUALITY)
        elif image_format == "WEBP":
            clean.save(output, "WEBP", quality=WEBP_QUALITY)
        else:
            clean.save(output, "PNG")
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001  (whatever a broken image raises, it does not decode)
        raise UploadRefused("unreadable", f"the image does not re-encode: {error!r}") from None
    return output.getvalue()


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """The upright picture in a new image that holds nothing but its pixels.

    A new image carries nothing of the old one's info (EXIF, XMP, ICC profile, text
    chunks, comments), whatever each format's writer would copy from it. Copies are
    kept few: a photo of many megapixels takes ~3 bytes a pixel for each.
    """
    # The orientation tag applied to the pixels, so the photo still looks as it did.
    ImageOps.exif_transpose(image, in_place=True)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode in ("L", "1"):
        mode = "L"
    elif has_alpha and image_format != "JPEG":
        mode = "RGBA"
    else:
        mode = "RGB"
    pixels = image if image.mode == mode else image.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    return clean


def _check_pdf_opens(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise UploadRefused("unreadable", "the PDF needs a password")
        if len(reader.pages) < 1:
            raise UploadRefused("unreadable", "the PDF has no page")
        reader.pages[0]
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001  (whatever a broken PDF raises, it does not open)
        raise UploadRefused("unreadable", f"the PDF does not open: {error!r}") from None
