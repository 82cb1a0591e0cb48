"""Backups of the service's data: the database and the stored files in one archive.

An archive (`slrt backup --output FILE`) is a tar file, written 0600, holding:

- `manifest.json`: the format, when it was made, the kind of database, the schema
  revision, FILES_DIR and the number of files; no personal data;
- `database.pgdump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3`
  (SQLite, a copy made with SQLite's online backup);
- `files/...`: FILES_DIR as it was, its photos and documents still encrypted.

NIK and KK stay encrypted in it, but names, addresses, phone numbers and the
complaints' text do not: an archive is personal data (UU 27/2022). It is of use only
with the DATA_KEY of the service that made it; keep the two apart.
`slrt restore FILE` puts an archive back into an empty database and an empty FILES_DIR.
"""
