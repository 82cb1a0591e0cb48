"""Typed answers to a question with buttons: "setuju", "bogor tengah", "2", "lewati".

Many people type what a button says instead of pressing it. A typed text is taken as
the button it names when it says the label (case, spaces, punctuation and emoji aside),
when it is the first words of one label only, when it is a small typo away from one
label only, when it is the button's number, or when it says "skip" and a skip button is
shown. Anything less sure is left as text, so the question's own reader decides (and
explains).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from rapidfuzz import fuzz, process

from dialogs.context import Context
from dialogs.events import Event, EventKind
from dialogs.i18n import LANGUAGES, translate

# A typo's similarity (0-100, Indel ratio) that still names a label: "stuju" for "setuju"
# (91) or "bogor tenga" for "bogor tengah" (96), never "tidak setuju" for "setuju" (67).
TYPO_SCORE = 85.0
# Shorter typed words are too easily near another label to be read as a typo.
TYPO_MIN_LENGTH = 4
# Words that press the skip button, in every language, whichever language it is labelled in.
BUTTON_NUMBER = re.compile(r"[1-9][0-9]?", re.ASCII)
SKIP_WORDS = frozenset({"lewati", "lewat", "skip", "lompati"})


def normalised(text: str) -> str:
    """Letters and digits in lower case, one space between words; emoji and punctuation gone."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(c if c.isalnum() else " " for c in folded)
    return " ".join(kept.split())


def match_button(
    text: str,
    buttons: list[tuple[str, str]],
    *,
    numbers: bool,
    skip_labels: frozenset[str] = frozenset(),
) -> str | None:
    """The payload of the one button (label, payload) that `text` names, or None.

    `numbers`: whether "1", "2" … pick the n-th button (not where typed digits are an
    answer, like a KK number); `skip_labels`: labels (normalised) of skip buttons.
    """
    typed = normalised(text)
    if not typed or not buttons:
        return None
    labels = [normalised(label) for label, _ in buttons]
    if typed.isdigit():
        # "1", "2" … as a person counts buttons; "0001" or "12345" is some number, not a choice.
        if not (numbers and BUTTON_NUMBER.fullmatch(typed)):
            return None
        index = int(typed) - 1
        return buttons[index][1] if index < len(buttons) else None
    exact = [payload for (_, payload), label in zip(buttons, labels, strict=True) if label == typed]
    if exact:
        return exact[0] if len(set(exact)) == 1 else None
    if typed in SKIP_WORDS:
        skips = [p for (_, p), label in zip(buttons, labels, strict=True) if label in skip_labels]
        return skips[0] if len(skips) == 1 else None
    if len(typed) < TYPO_MIN_LENGTH:
        return None
    # The first words of a label ("warga setuju" for "✅ Warga setuju (langsung)").
    starting = {
        p for (_, p), label in zip(buttons, labels, strict=True) if label.startswith(typed + " ")
    }
    if starting:
        return starting.pop() if len(starting) == 1 else None
    # The closest score each payload reaches; one payload must be closer than all others.
    closest: dict[str, float] = {}
    for _, score, index in process.extract(typed, labels, scorer=fuzz.ratio, limit=None):
        payload = buttons[index][1]
        closest[payload] = max(score, closest.get(payload, 0.0))
    ranked = sorted(closest.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < TYPO_SCORE:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
        return None  # two buttons equally close: better to ask than to guess
    return ranked[0][0]


def as_pressed(ctx: Context) -> Event | None:
    """The TEXT event as a press of the open question's button it names, or None."""
    event = ctx.event
    buttons = ctx.asked_buttons()
    if event.kind != EventKind.TEXT or not buttons:
        return None
    payload = match_button(
        event.text or "",
        buttons,
        numbers=not ctx.asked_takes_text(),
        skip_labels=_skip_labels(buttons),
    )
    if payload is None:
        return None
    return replace(event, kind=EventKind.BUTTON, payload=payload, text=None)


def _skip_labels(buttons: list[tuple[str, str]]) -> frozenset[str]:
    # A skip button says "Lewati"/"Skip", or skips by its action ("Warga tidak punya HP").
    said = {normalised(translate(language, "button-skip")) for language in LANGUAGES}
    by_action = {
        normalised(label) for label, payload in buttons if payload.split(":")[1:2] == ["skip"]
    }
    return frozenset(said | by_action)
