"""Alembic migrations; the wheel installs this folder as the package backend.migrations."""
