"""Readers' pages cached and purged by key: the keys an answer was built from, Django's own page cache, and the
caches in front (Varnish, Fastly, Cloudflare), each a backend that declares both halves of its contract.

    keys        the key vocabulary (``a123`` a story shown, ``latest`` ...) and their collection while an answer is
                built; what a write makes stale is the writer's business (``articles.purge_keys``)
    pages       the middleware: key headers on public answers, and the Django page cache's hits and stores
    stamps      the page cache's purge record in Redis: key generations, the site-wide stamp, the purge channel
    memory      each process's watch on Redis: its own copies of the pages it served, and the check that Redis
                lost no purge (restarted from a snapshot, away while a purge was made)
    backends/   one module per cache target: the response header it reads keys from and its purge request
    purge       ``purge(keys)`` once a write commits: recorded for every target, sent at once to the page cache
                and Varnish (briefly, in parallel), the rest left to the worker
    outbox      the record (``models.PurgeDelivery``): one row per purge and target until the target acknowledges it
    delivery    sending: every target of a save in parallel within half a second, or one target from a worker
    tasks       the worker: each target sent what it is owed, retried with a capped backoff until acknowledged

Nothing here imports the content apps: they tell it which keys to record and to purge.
"""
