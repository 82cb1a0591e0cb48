"""A kelurahan's poster: its links as the service is configured, and the PDF drawn from them.

The poster holds no personal data, so any office role may draw one and a download is
not audited (unlike a referral letter, which may carry a NIK).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.office.settings import office_settings
from backend.outreach.links import OutreachLinks, outreach_links
from backend.outreach.poster import PosterCode, PosterContent, render_poster_pdf
from backend.outreach.sources import link_token
from backend.regions.models import Kelurahan
from backend.regions.repository import get_kecamatan, get_kelurahan


@dataclass(frozen=True, slots=True)
class PosterSettings:
    """What the links are made with: the bot's username (None: not known) and the public root."""

    bot_username: str | None
    public_base: str


async def links_for(
    session: AsyncSession, kelurahan_code: str, settings: PosterSettings
) -> OutreachLinks:
    """The kelurahan's links, with the office's WhatsApp number as stored now."""
    office = await office_settings(session)
    return outreach_links(
        kelurahan_code, bot_username=settings.bot_username, public_base=settings.public_base,
        whatsapp_number=office.whatsapp_number,
    )  # fmt: skip


def poster_codes(links: OutreachLinks, whatsapp_number: str | None) -> tuple[PosterCode, ...]:
    """The QR codes printed, in order: Telegram, web chat, WhatsApp (those that exist)."""
    codes = []
    if links.telegram:
        codes.append(PosterCode("telegram", links.telegram, links.telegram))
    codes.append(PosterCode("web", links.web, links.web))
    if links.whatsapp and whatsapp_number:
        # Nobody types a wa.me link with its greeting: the number is what is printed.
        codes.append(PosterCode("whatsapp", links.whatsapp, whatsapp_number))
    return tuple(codes)


async def poster_pdf(
    session: AsyncSession, kelurahan: Kelurahan, settings: PosterSettings
) -> bytes:
    """The kelurahan's poster as PDF bytes."""
    office = await office_settings(session)
    kecamatan = await get_kecamatan(session, kelurahan.kecamatan_code)
    links = await links_for(session, kelurahan.code, settings)
    content = PosterContent(
        letterhead_government=office.letterhead_government, office_name=office.office_name,
        office_address=office.office_address, office_hours=office.office_hours,
        kelurahan_name=kelurahan.name, kecamatan_name=kecamatan.name if kecamatan else "",
        codes=poster_codes(links, office.whatsapp_number),
    )  # fmt: skip
    return render_poster_pdf(content)


async def poster_kelurahan(session: AsyncSession, code: str) -> Kelurahan | None:
    """The kelurahan a poster address names (its code as stored), or None."""
    return await get_kelurahan(session, code)


def poster_file_name(kelurahan: Kelurahan) -> str:
    """The download's name: poster-slrt-<code without dots>-<name>.pdf."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in kelurahan.name.lower()).split())
    return f"poster-slrt-{link_token(kelurahan.code)}-{slug}.pdf"
