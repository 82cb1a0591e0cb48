"""The summary of an intake, showing every answer before it is sent."""

from __future__ import annotations

from backend.complaints.repository import get_category_by_code
from backend.regions.repository import get_kecamatan, get_kelurahan
from dialogs import answers
from dialogs.context import Context


async def summary_text(ctx: Context) -> str:
    """Every answer under its label, in the conversation's language."""
    data = ctx.data
    nik = answers.unseal(ctx, data.get("nik"))
    kk = answers.unseal(ctx, data.get("kk"))
    kecamatan = await get_kecamatan(ctx.session, data.get("kecamatan") or "")
    kelurahan = await get_kelurahan(ctx.session, data.get("kelurahan") or "")
    category = await get_category_by_code(ctx.session, data.get("category") or "")
    category_name = (
        (category.name_en if ctx.language == "en" else category.name_id) if category else "-"
    )
    rows = [
        ("label-for-whom", ctx.t(f"for-whom-{data.get('for_whom', 'self')}")),
        ("label-full-name", data.get("full_name", "-")),
        ("label-nik", nik or ctx.t("value-no-nik")),
        ("label-kk", kk or ctx.t("value-none")),
        ("label-phone", data.get("phone", "-")),
        ("label-kecamatan", kecamatan.name if kecamatan else "-"),
        ("label-kelurahan", kelurahan.name if kelurahan else "-"),
        ("label-address", data.get("address", "-")),
        ("label-category", category_name),
        ("label-attachments", str(len(data.get("files", [])))),
    ]
    lines = [ctx.t("intake-summary")]
    lines += [f"{ctx.t(label)}: {value}" for label, value in rows]
    lines.append("")
    lines.append(ctx.t("intake-summary-confirm"))
    return "\n".join(lines)
