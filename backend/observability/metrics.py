"""The series each process counts: HTTP requests, chat updates handled, notifier sends.

Labels are closed sets (a method, a route template, a status, a channel, an outcome),
never a raw path, a ticket, a chat id or anything a person typed.

Several worker processes (`slrt run --workers N`) each count their own. With
PROMETHEUS_MULTIPROC_DIR set, prometheus_client writes every process's counts to
files in that directory and a scrape, answered by any worker, adds them up. The
directory must exist and be empty when the service starts (call
`prepare_multiprocess_dir` in the parent before it starts the workers), and must be
set before this module is imported in the workers: the library picks its storage at
import. Without it, the process's own registry is exposed: right for one process.
"""

from __future__ import annotations

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
)
from prometheus_client import multiprocess as _multiprocess

# Re-exported: the directory is prepared before this module is imported.
from backend.observability.multiprocess import (  # noqa: F401
    MULTIPROCESS_VARIABLE,
    multiprocess_dir,
    prepare_multiprocess_dir,
)

# Web chat long polls wait up to half a minute; the upper buckets keep them apart.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# What one try of the notifier can give (backend.notifications.models.AttemptResult).
SEND_RESULTS = ("sent", "rate_limited", "unavailable", "blocked", "rejected", "error")
CHANNELS = ("telegram", "web")

# A `_created` series beside every counter doubles the scrape and no alert of ours reads it.
disable_created_metrics()

http_requests = Counter(
    "slrt_http_requests",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
http_request_duration = Histogram(
    "slrt_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by method and route template.",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
updates_handled = Counter(
    "slrt_updates_handled",
    "Chat updates (Telegram updates, web chat events) handled, by channel and outcome "
    "(handled, or failed: not stored, to come again).",
    ["channel", "outcome"],
)
update_duration = Histogram(
    "slrt_update_duration_seconds",
    "Time to handle one chat update, replies included, by channel.",
    ["channel"],
    buckets=LATENCY_BUCKETS,
)
notifier_sends = Counter(
    "slrt_notifier_sends",
    "Notifier tries to send an outbox message, by channel and result (sent, rate_limited "
    "for a 429, unavailable for a 5xx or time-out, blocked, rejected, error).",
    ["channel", "result"],
)

# Every send result shows from the start at 0, so rate() and alerts work before the first.
for _channel in CHANNELS:
    for _result in SEND_RESULTS:
        notifier_sends.labels(_channel, _result)
    for _outcome in ("handled", "failed"):
        updates_handled.labels(_channel, _outcome)


def method_label(method: str) -> str:
    """The method as a label: the usual ones as they are, anything else as OTHER."""
    upper = method.upper()
    return upper if upper in KNOWN_METHODS else "OTHER"


def count_send(channel: str, result: str) -> None:
    """Counts one notifier try and what came of it."""
    notifier_sends.labels(channel, result).inc()


def worker_exited(pid: int) -> None:
    """Bookkeeping when a worker process ends (call it from the parent, e.g. on restart).

    Counters of a dead worker are kept, so totals never go back; only live gauges are
    dropped, and we keep none (the database gauges are read at scrape time).
    """
    directory = multiprocess_dir()
    if directory is not None:
        _multiprocess.mark_process_dead(pid, str(directory))


def process_series() -> CollectorRegistry:
    """The registry whose series a scrape shows: every worker's sum, or this process's own."""
    directory = multiprocess_dir()
    if directory is None:
        return REGISTRY
    registry = CollectorRegistry()
    _multiprocess.MultiProcessCollector(registry, path=str(directory))
    return registry
