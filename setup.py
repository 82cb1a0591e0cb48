"""The package list for setuptools; everything else is in pyproject.toml.

The Alembic migrations live in the top-level migrations/ of the repository and are
installed as backend.migrations (pyproject.toml maps the folder), so the wheel carries
them. Discovery finds the rest, namespace folders included (bot/notifier has no
__init__.py), so a new package needs no entry here.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["backend*", "bot*", "dialogs*"]),
        "backend.migrations",
        "backend.migrations.versions",
    ]
)
