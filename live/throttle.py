"""Who has just counted what, for minutes: the Most read beacon's rate limit, shared by every worker process.

A reader's address counts one read of a story per ``REPEAT_SECONDS`` and at most ``PER_ADDRESS`` reads in that
time, so inflating a story takes many addresses, not a loop, and not many worker processes either: the windows
are ``newsroom.limits``' (Redis when REDIS_URL is set, else the database), never one process's memory. The
address is the reader's own behind the proxies in front (``newsroom.proxies.client_ip``, the caller's), and it
is kept only as a keyed digest (the site's secret key), in windows that expire after ``REPEAT_SECONDS``.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

from newsroom import limits

REPEAT_SECONDS = 600
PER_ADDRESS = 60


def allow(address: str, article_id: int) -> bool:
    """Whether this read counts. A repeat of the same story does not use up the address's allowance; with the
    store not answering, reads count (a limit is no reason to lose them)."""
    reader = salted_hmac("live.throttle", address, algorithm="sha256").hexdigest()[:24]
    seen = limits.count(f"beacon:{reader}:{article_id}", seconds=REPEAT_SECONDS)
    if seen is not None and seen > 1:
        return False
    used = limits.count(f"beacon:{reader}", seconds=REPEAT_SECONDS)
    return used is None or used <= PER_ADDRESS
