"""gunicorn for Newsroom: ``gunicorn -c deploy/gunicorn.conf.py`` (README, "Running on PostgreSQL" and "Caching").

gunicorn believes forwarded headers from ``forwarded_allow_ips``; its own default is 127.0.0.1, whatever the app
trusts. Here it is the app's ``TRUSTED_PROXIES``, read from the same variable with the same default (loopback: the
shipped Varnish on this machine), so gunicorn and Django agree on who may say "this came over HTTPS":

- ``secure_scheme_headers``: only ``X-Forwarded-Proto``, the header the shipped Varnish sets itself and Django reads
  (SECURE_PROXY_SSL_HEADER). gunicorn's defaults also believe ``X-Forwarded-Ssl`` and ``X-Forwarded-Protocol``,
  which a proxy that does not know them passes on from the reader.
- ``forwarder_headers``: none. gunicorn's default lets a trusted peer set ``SCRIPT_NAME`` and ``PATH_INFO`` with
  headers of those names, so a reader's ``SCRIPT_NAME: /x`` passed on by a proxy would prefix every link of a
  page that a cache then keeps.

A UNIX socket has no peer address, and gunicorn believes everything from it: bind to a TCP address (gunicorn's
default is 127.0.0.1:8000) unless only the proxy can open the socket.
"""

import os

wsgi_app = "newsroom.wsgi"  # the rest (--bind, --workers) on the command line, which wins over this file

_trusted = [entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if entry.strip()]
# gunicorn reads an empty string as nobody (a list would do too; a string keeps its validator's error messages).
forwarded_allow_ips = ",".join(_trusted)
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
forwarder_headers = ""

# Prometheus (newsroom/metrics.py): with PROMETHEUS_MULTIPROC_DIR set (a folder of its own, e.g. /run/newsroom/metrics),
# each worker process keeps its counts in files there and /metrics adds them up, whichever worker answers. The folder is
# emptied when gunicorn starts (counts from a previous run would be added again) and a worker that exits is marked,
# so its live gauges leave the sum; its counters stay in it.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def on_starting(server):
    if _metrics_dir:
        os.makedirs(_metrics_dir, exist_ok=True)
        for name in os.listdir(_metrics_dir):
            if name.endswith(".db"):
                os.remove(os.path.join(_metrics_dir, name))


def child_exit(server, worker):
    if _metrics_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
