"""Runs the Alembic migrations programmatically (for `slrt migrate` and tests)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config

from backend.config import PROJECT_ROOT


def migrations_folder() -> Path:
    """Where the Alembic scripts are: the package backend.migrations, in a wheel or a checkout.

    The checkout keeps them in its top-level migrations/, which pyproject.toml installs
    as backend/migrations (an editable install maps it there too).
    """
    try:
        return Path(str(resources.files("backend.migrations")))
    except ModuleNotFoundError:
        # An editable install made before the folder was mapped: the checkout's own.
        return PROJECT_ROOT / "migrations"


def alembic_config(database_url: str) -> Config:
    """An Alembic config for the service's migrations and the given database.

    Built in code, not read from alembic.ini, which only a checkout has (for the
    `alembic` command that developers use to write revisions).
    """
    config = Config()
    config.set_main_option("script_location", str(migrations_folder()))
    config.set_main_option("path_separator", "os")
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
