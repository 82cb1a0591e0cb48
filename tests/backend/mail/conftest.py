"""The mail tests' SMTP server (a real one, on loopback)."""

from tests.fixtures.smtp_server import smtp_server  # noqa: F401  (fixture)
