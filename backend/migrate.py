"""Runs the Alembic migrations programmatically (for `slrt migrate` and tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from backend.config import PROJECT_ROOT


def alembic_config(database_url: str) -> Config:
    """An Alembic config for this repository's migrations and the given database."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    # ConfigParser treats % as interpolation; URLs may contain it (escaped passwords).
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Upgrades the database to `revision`."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Downgrades the database to `revision`."""
    command.downgrade(alembic_config(database_url), revision)
