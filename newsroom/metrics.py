"""Prometheus metrics from the web processes: requests by view, SQL and Redis round trips, and the page that serves
them (``/metrics``, for the addresses in ``METRICS_ALLOWED_IPS`` only).

prometheus-client rather than django-prometheus: django-prometheus counts queries by swapping the database ENGINE
for its own wrappers (which would have to follow the pool, the PgBouncer mode and the replica alias here) and adds
a middleware pair and model mix-ins; what is wanted is three histograms and a counter, which a middleware, Django's
``execute_wrappers`` and a Redis connection class give with the maintained client library underneath.

Under gunicorn each worker process counts on its own; with ``PROMETHEUS_MULTIPROC_DIR`` set (deploy/gunicorn.conf.py
empties it at start and marks exited workers) the client library keeps the counts in files there and ``/metrics``
adds up every process's, whichever process answers the scrape. What the database knows (the task queue, workers,
purges owed, imports) is read at each scrape instead (``newsroom.gauges``), so it is the same from every process
and every machine.
"""

from __future__ import annotations

import ipaddress
import os
import re
import time

from django.conf import settings
from django.db.backends.signals import connection_created
from django.http import Http404, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from redis.connection import Connection

from .proxies import client_ip, parse_networks

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_COMMAND = re.compile(r"^[A-Z][A-Z.]{0,19}$")
UNROUTED = "(unrouted)"  # answered before URL resolution (a page-cache hit) or matching no route

REQUESTS = Counter(
    "newsroom_http_requests", "Requests answered, by view, method and status.", ["view", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "newsroom_http_request_duration_seconds",
    "Time from the request reaching Django to its answer, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
QUERY_SECONDS = Histogram(
    "newsroom_db_query_duration_seconds",
    "SQL statements and their time, by database alias (default: the primary; replica).",
    ["alias"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0),
)
CACHE_SECONDS = Histogram(
    "newsroom_cache_command_duration_seconds",
    "Redis round trips of the cache (pages, related lists, limits, purge stamps), by command.",
    ["command"],
    buckets=(0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5),
)


class MetricsMiddleware:
    """Near the top of MIDDLEWARE, so page-cache hits are counted (as ``(unrouted)``: they answer before routing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else UNROUTED
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        REQUEST_SECONDS.labels(view).observe(seconds)
        return response


def _time_query(alias: str):
    histogram = QUERY_SECONDS.labels(alias)

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            histogram.observe(time.perf_counter() - started)

    timed.newsroom_metrics = True
    return timed


def instrument_connection(sender, connection, **kwargs) -> None:
    """Every new database connection times its statements (connected from ``NewsroomConfig.ready``)."""
    if not any(getattr(wrapper, "newsroom_metrics", False) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_time_query(connection.alias))


def connect_signals() -> None:
    connection_created.connect(instrument_connection, dispatch_uid="newsroom.metrics.instrument_connection")


class TimedRedisConnection(Connection):
    """redis-py's connection, timing each command from sending it to reading its answer (the cache's OPTIONS'
    ``connection_class``). A subscriber's messages, read without a command sent, are not timed."""

    _sent_at: float | None = None
    _command = ""

    def send_command(self, *args, **kwargs):
        name = str(args[0]).upper() if args else ""
        self._command = name if _COMMAND.match(name) else "other"
        self._sent_at = time.perf_counter()
        return super().send_command(*args, **kwargs)

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        finally:
            if self._sent_at is not None:
                CACHE_SECONDS.labels(self._command).observe(time.perf_counter() - self._sent_at)
                self._sent_at = None


# --- the page Prometheus scrapes ---


def allowed(request) -> bool:
    """Whether the reader's address (behind TRUSTED_PROXIES, ``newsroom.proxies.client_ip``) may read /metrics."""
    address = client_ip(request)
    if not address:
        return False
    networks = parse_networks(settings.METRICS_ALLOWED_IPS)
    return any(_within(address, network) for network in networks)


def _within(address: str, network) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == network.version and ip in network


def exposition(*collectors) -> bytes:
    """Every process's counts (or this process's, without PROMETHEUS_MULTIPROC_DIR), then ``collectors``' figures."""
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    extra = CollectorRegistry()
    for collector in collectors:
        extra.register(collector)
    return text + generate_latest(extra)


def metrics_response(request, *collectors) -> HttpResponse:
    """The scrape's answer, or a 404 for anyone not allowed (as if there were nothing here)."""
    if not allowed(request):
        raise Http404("No metrics here")
    response = HttpResponse(exposition(*collectors), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
