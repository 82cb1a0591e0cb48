"""The one encoding of an outreach source, for building links and for reading them back.

A poster of a kelurahan links to the bot as `t.me/<bot>?start=src-<token>` and to the
web chat as `/chat?src=<token>`, where the token is the kelurahan's Kemendagri code
without its dots (32.71.04.1003 → 3271041003): Telegram's start parameter takes only
A–Z a–z 0–9 _ -. A complaint stores the source as `poster:<kelurahan code>` (the code
as the regions tables keep it). Anything that does not read as a source is no source.
"""

from __future__ import annotations

import re

# `/start src-<token>`: the prefix of an outreach deep link (beside status_, fac_, hh_, stf_).
SOURCE_LINK_PREFIX = "src-"
POSTER_KIND = "poster"
# A kelurahan code is province.city.kecamatan.kelurahan: 2.2.2.4 digits.
_KELURAHAN_CODE = re.compile(r"([0-9]{2})\.([0-9]{2})\.([0-9]{2})\.([0-9]{4})")
_TOKEN = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{4})")


def link_token(kelurahan_code: str) -> str:
    """The token of a kelurahan's links: its code without dots (ValueError for another shape)."""
    if not _KELURAHAN_CODE.fullmatch(kelurahan_code):
        raise ValueError(f"not a kelurahan code: {kelurahan_code!r}")
    return kelurahan_code.replace(".", "")


def start_parameter(kelurahan_code: str) -> str:
    """The bot's start parameter for a kelurahan's poster: src-3271041003."""
    return SOURCE_LINK_PREFIX + link_token(kelurahan_code)


def poster_source(kelurahan_code: str) -> str:
    """The source stored on a complaint that came through a kelurahan's poster."""
    return f"{POSTER_KIND}:{kelurahan_code}"


def source_of_token(token: str | None) -> str | None:
    """The source a link's token names (`poster:<code>`), or None for a malformed token."""
    found = _TOKEN.fullmatch(token or "")
    return poster_source(".".join(found.groups())) if found else None


# A poster's WhatsApp link pre-fills a greeting that ends "(kode src-3271041003)".
_TYPED_START = re.compile(rf"\b{re.escape(SOURCE_LINK_PREFIX)}([0-9]{{10}})\b")


def start_parameter_in(text: str | None) -> str | None:
    """The poster's start parameter (src-…) in a typed message, as a WhatsApp poster link
    pre-fills it; None when the text carries none."""
    found = _TYPED_START.search(text or "")
    return SOURCE_LINK_PREFIX + found.group(1) if found else None


def kelurahan_of_source(source: str | None) -> str | None:
    """The kelurahan code of a poster source, or None for anything else."""
    kind, _, code = (source or "").partition(":")
    return code if kind == POSTER_KIND and _KELURAHAN_CODE.fullmatch(code) else None
