"""Every setting is listed in .env.example and in the README's settings table."""

from __future__ import annotations

import re

import pytest

from backend.config import PROJECT_ROOT, Settings

NAMES = sorted(name.upper() for name in Settings.model_fields)


@pytest.mark.parametrize("name", NAMES)
def test_in_the_env_example(name: str) -> None:
    example = (PROJECT_ROOT / ".env.example").read_text("utf-8")
    assert re.search(rf"^{name}=", example, re.MULTILINE), name


@pytest.mark.parametrize("name", NAMES)
def test_in_the_readme(name: str) -> None:
    assert f"`{name}`" in (PROJECT_ROOT / "README.md").read_text("utf-8"), name
