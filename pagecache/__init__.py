"""Readers' pages cached and purged by key: the keys an answer was built from, Django's own page cache, and the
caches in front (Varnish, Fastly, Cloudflare), each a backend that declares both halves of its contract.

    keys        the key vocabulary (``a123`` a story shown, ``latest`` ...) and their collection while an answer is
                built; what a write makes stale is the writer's business (``articles.purge_keys``)
    pages       the middleware: key headers on public answers, and the Django page cache's hits and stores
    memory      each process's own copies of the pages it served, trusted while Redis reports every purge
    backends/   one module per cache target: the response header it reads keys from and its purge request
    purge       ``purge(keys)`` once a write commits: to every configured target, at once or on the task queue
    tasks       the queued purges, retried with backoff

Nothing here imports the content apps: they tell it which keys to record and to purge.
"""
