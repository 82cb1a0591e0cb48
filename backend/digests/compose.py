"""The words of a digest, in one language, from the alert catalog (backend/staff_alerts/texts/)."""

from __future__ import annotations

from backend.digests.contents import Digest, DigestItem
from backend.staff_alerts.texts import day, say


def _item(language: str, item: DigestItem, *, with_assignee: bool) -> str:
    category = item.category_en if language == "en" else item.category_id
    params = {
        "ticket": item.ticket,
        "category": category,
        "status": say(language, f"status-{item.status.value}"),
        "due": day(language, item.due_on),
    }
    if not with_assignee:
        return say(language, "digest-item", **params)
    assignee = item.assignee or say(language, "digest-unassigned")
    return say(language, "digest-item-assignee", assignee=assignee, **params)


def digest_subject(digest: Digest, language: str) -> str:
    """The email's subject line."""
    return say(language, "alert-subject-digest", date=day(language, digest.day))


def digest_text(digest: Digest, language: str, *, panel_url: str | None = None) -> str:
    """The whole digest: a greeting, one section per kind of line, a way to the panel."""
    parts = [
        say(language, "digest-greeting", name=digest.user.full_name, date=day(language, digest.day))
    ]
    for key, items, with_assignee in (
        ("digest-section-overdue", digest.overdue, False),
        ("digest-section-due-soon", digest.due_soon, False),
        ("digest-section-team-overdue", digest.team_overdue, True),
    ):
        if items:
            lines = [say(language, key, count=len(items))]
            lines += [_item(language, item, with_assignee=with_assignee) for item in items]
            parts.append("\n".join(lines))
    if digest.referrals:
        lines = [say(language, "digest-section-referrals", count=len(digest.referrals))]
        for referral in digest.referrals:
            agency = referral.agency_en if language == "en" else referral.agency_id
            lines.append(
                say(language, "digest-item-referral", ticket=referral.ticket, agency=agency,
                    due=day(language, referral.due_on))
            )  # fmt: skip
        parts.append("\n".join(lines))
    if panel_url:
        parts.append(say(language, "digest-open-panel", url=panel_url))
    parts.append(say(language, "digest-footer"))
    return "\n\n".join(parts)
