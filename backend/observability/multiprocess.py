"""Where worker processes write their counts, prepared before anything counts.

Kept apart from `metrics.py`, which creates its series at import: prometheus_client
picks its storage when it is imported, so the directory must exist (and the variable
be set) before that, in the parent that starts the workers.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_dir() -> Path | None:
    """Where the worker processes write their counts, when they share them."""
    value = os.environ.get(MULTIPROCESS_VARIABLE)
    return Path(value) if value else None


def prepare_multiprocess_dir(directory: Path | None = None) -> Path:
    """Empties (or makes) `directory` and points this process and the workers it starts at it.

    Call it in the parent before any worker starts and before `metrics` is imported: a
    file left from a previous run would add the old counts to the new ones (process ids
    are reused). Without a directory, PROMETHEUS_MULTIPROC_DIR's or a new temporary one.
    """
    directory = directory or multiprocess_dir() or Path(tempfile.mkdtemp(prefix="slrt-metrics-"))
    directory = directory.resolve()
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True, mode=0o700)
    os.environ[MULTIPROCESS_VARIABLE] = str(directory)
    return directory
