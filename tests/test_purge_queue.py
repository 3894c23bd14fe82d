"""Purges are owed until each cache acknowledges them: recorded per target in the outbox, sent at once without
holding the editor, retried by the worker until they land, and never lost to a node or a Redis that was away.

The Varnish tests run real varnishd nodes with the shipped VCL (one behind tests/faultproxy.py, so it can be cut off
and come back with its cache intact); the Redis tests run against the Redis on 127.0.0.1:6379 (database 13, a key
prefix of their own) or a redis-server of their own that they stop and start again from its snapshot. Nothing here
asserts a duration: a test waits on what happened (a row acknowledged, a node's answer), with a generous limit
that only stops a broken test hanging.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import redis
import time_machine
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from articles import caching, services
from newsroom import shared_cache
from pagecache import backends, outbox, stamps, tasks
from pagecache import memory as page_memory
from pagecache import pages as page_cache
from pagecache.models import PurgeDelivery
from tests.factories import PublishedArticleFactory
from tests.faultproxy import FaultProxy
from tests.test_background_tasks import REAL_QUEUE, run_ready_tasks
from tests.test_varnish import VARNISHD, VCL, _free_port, _wait_for, fetch
from worker import schedule

REDIS = ("127.0.0.1", 6379)
DATABASE = 13


def _listening(address) -> bool:
    try:
        socket.create_connection(address, timeout=0.5).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(not _listening(REDIS), reason="no Redis on 127.0.0.1:6379")
needs_redis_server = pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")


def until(condition, seconds: float = 15.0, *, step: float = 0.05, between=None) -> bool:
    """Whether ``condition()`` came true (calling ``between()`` while waiting); the limit only stops a broken test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if between is not None:
            between()
        time.sleep(step)
    return condition()


def row_for(target_prefix: str) -> PurgeDelivery:
    return PurgeDelivery.objects.filter(target__startswith=target_prefix).latest("created_at")


def worker_turn() -> None:
    """One turn of the worker over the real queue (in a transaction, as PostgreSQL wants for its row locks, also in
    the tests that commit)."""
    with transaction.atomic():
        run_ready_tasks()


@pytest.fixture
def queue():
    """The real database queue: a retry waits its turn, and a worker (``run_ready_tasks``) runs it."""
    with override_settings(TASKS=REAL_QUEUE):
        yield


# --- a node that accepts and never answers ---


class HungNode:
    """A TCP server that accepts connections and says nothing, until ``answer()``: then every request it reads is
    answered 200 (as a Varnish acknowledging a purge), and recorded."""

    def __init__(self):
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.accepted = 0
        self.purges: list[str] = []
        self._answering = threading.Event()
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def answer(self) -> None:
        self._answering.set()

    def close(self) -> None:
        for sock in [*self._held, self._server]:
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            self.accepted += 1
            if not self._answering.is_set():
                self._held.append(connection)  # open, silent
                continue
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            request = b""
            while b"\r\n\r\n" not in request and (chunk := connection.recv(65536)):
                request += chunk
            found = re.search(rb"(?im)^xkey: *(.*?)\r$", request)
            self.purges.append(found.group(1).decode() if found else "")
            connection.sendall(b"HTTP/1.1 200 Purged\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


@pytest.fixture
def hung_node(settings):
    node = HungNode()
    settings.NEWSROOM = {**settings.NEWSROOM, "VARNISH_PURGE_URLS": [node.url]}
    yield node
    node.close()


@pytest.mark.django_db
def test_a_hung_varnish_node_does_not_hold_a_withdrawal_and_is_purged_once_it_answers(hung_node, queue, committed):
    story = PublishedArticleFactory(headline="Harbour wall repaired")

    started = time.monotonic()
    committed(services.withdraw_article, article=story)
    took = time.monotonic() - started
    print(f"\nwithdrawal with a hung Varnish node took {took:.3f} s")

    # The withdrawal returned while the node still held its connection without a word.
    assert hung_node.accepted >= 1 and hung_node.purges == []
    varnish, page_cache_row = row_for("varnish:"), row_for(outbox.PAGE_CACHE)
    assert varnish.acknowledged_at is None and varnish.attempts == 1 and varnish.last_error
    assert f"a{story.pk}" in varnish.keys
    assert page_cache_row.acknowledged_at is not None  # Django's cache did not wait for the node either

    hung_node.answer()
    assert until(lambda: row_for("varnish:").acknowledged_at is not None, between=worker_turn)
    assert len(hung_node.purges) == 1 and f"a{story.pk}" in hung_node.purges[0].split()

    tasks.purge_target.call(varnish.target)  # a second run of the same work
    worker_turn()
    assert len(hung_node.purges) == 1  # an acknowledged purge is not sent again


@pytest.mark.django_db
def test_every_purge_is_recorded_for_each_target_and_settled_as_each_answers(settings, monkeypatch, committed):
    node = HungNode()
    node.answer()
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "VARNISH_PURGE_URLS": [node.url],
        "FASTLY_API_TOKEN": "token",
        "FASTLY_SERVICE_ID": "svc",
    }
    fastly_sent = []
    monkeypatch.setattr(backends.fastly, "send", fastly_sent.append)
    story = PublishedArticleFactory()

    committed(services.withdraw_article, article=story)

    rows = list(PurgeDelivery.objects.order_by("target"))
    assert [row.target for row in rows] == [outbox.PAGE_CACHE, "fastly", f"varnish:{node.url}"]
    assert len({row.purge for row in rows}) == 1 and all(f"a{story.pk}" in row.keys for row in rows)
    assert all(row.acknowledged_at is not None and row.attempts == 1 for row in rows)
    assert rows[0].stamp is not None  # the page cache's receipt: its purge stamp
    assert len(fastly_sent) == 1 and len(node.purges) == 1
    node.close()


@pytest.mark.django_db
def test_a_purge_that_no_longer_matters_is_dropped_with_a_log_line(hung_node, caplog, committed):
    story = PublishedArticleFactory()
    committed(services.withdraw_article, article=story)
    target = row_for("varnish:").target

    with time_machine.travel(timezone.now() + outbox.HORIZON + timedelta(seconds=1), tick=False):
        tasks.purge_target.call(target)

    dropped = row_for("varnish:")
    assert dropped.dropped_at is not None and dropped.acknowledged_at is None
    assert f"Purge of {' '.join(dropped.keys)} for {target} dropped" in caplog.text
    assert not PurgeDelivery.objects.pending().exists()


def test_purges_are_kept_trying_as_long_as_any_cache_may_hold_the_page():
    longest_page = timedelta(seconds=caching.SHARED_MAX_AGE + caching.STALE_WHILE_REVALIDATE)

    assert longest_page <= outbox.HORIZON
    for target in (backends.Varnish("http://127.0.0.1/"), backends.DjangoPageCache(), backends.Fastly("t", "s")):
        assert tasks.retry_delay(1000, target.retry_cap) <= timedelta(seconds=30)
    assert tasks.retry_delay(1000, backends.Varnish("").retry_cap) <= timedelta(seconds=3)


@pytest.mark.django_db
def test_purges_a_stopped_worker_left_are_sent_by_the_periodic_sweep(hung_node):
    hung_node.answer()
    PurgeDelivery.objects.create(
        purge="00000000-0000-0000-0000-000000000001",
        target=f"varnish:{hung_node.url}",
        keys=["a1", "latest"],
        attempts=1,
        next_try_at=timezone.now() - outbox.LEASE,  # claimed by a worker that died: its lease has passed
    )

    tasks.deliver_due.call()

    assert hung_node.purges == ["a1 latest"] and not PurgeDelivery.objects.pending().exists()
    assert "pagecache.deliver-due-purges" in {job.name for job in schedule.registered()}


@pytest.mark.django_db
def test_deliver_purges_sends_what_is_owed_at_once(hung_node):
    hung_node.answer()
    PurgeDelivery.objects.create(
        purge="00000000-0000-0000-0000-000000000002",
        target=f"varnish:{hung_node.url}",
        keys=["a2"],
        next_try_at=timezone.now(),
    )
    out = StringIO()

    call_command("deliver_purges", stdout=out)

    assert hung_node.purges == ["a2"]
    assert "0 purges owed" in out.getvalue()


# --- real Varnish nodes: one cut off during a withdrawal ---


def _start_varnishd(tmp_path: Path, name: str, backend_port: str) -> tuple[subprocess.Popen, int]:
    vcl = tmp_path / f"{name}.vcl"
    vcl.write_text(re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text(), count=1))
    port = _free_port()
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / name), "-a", f"127.0.0.1:{port}",
         "-f", str(vcl), "-s", "malloc,32m", "-p", "default_grace=0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    _wait_for(port)
    return process, port


@pytest.fixture
def two_varnish_nodes(live_server, tmp_path, settings):
    """Node A, and node B behind a proxy that can cut it off (readers and purges alike reach it through the proxy)."""
    if not Path(VARNISHD).exists():
        if os.environ.get("CI"):
            pytest.fail("varnishd is not installed: CI must run the Varnish tests")
        pytest.skip("varnishd is not installed (apt-get install varnish varnish-modules)")
    backend_port = live_server.url.rsplit(":", 1)[1]
    processes = []
    try:
        node_a, port_a = _start_varnishd(tmp_path, "a", backend_port)
        processes.append(node_a)
        node_b, port_b = _start_varnishd(tmp_path, "b", backend_port)
        processes.append(node_b)
        with FaultProxy("127.0.0.1", port_b) as proxy:
            a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{proxy.port}"
            settings.NEWSROOM = {
                **settings.NEWSROOM,
                "VARNISH_PURGE_URLS": [a + "/", b + "/"],
                "SEND_SURROGATE_KEYS": True,
            }
            yield a, b, proxy
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_varnish_node_cut_off_during_a_withdrawal_answers_gone_after_the_workers_retry(two_varnish_nodes, queue):
    a, b, node_b = two_varnish_nodes
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    path = story.get_absolute_url()
    for node in (a, b):
        fetch(node + path)
        assert fetch(node + path)[1]["X-Cache"] == "HIT"

    node_b.cut()
    services.withdraw_article(article=story)

    assert fetch(a + path)[0] == 410  # the node that answered was purged at once
    owed = row_for(f"varnish:{b}")
    assert owed.acknowledged_at is None and owed.attempts == 1

    node_b.restore()
    back = time.monotonic()
    status, headers, _ = fetch(b + path)
    assert (status, headers["X-Cache"]) == (200, "HIT")  # it kept its copy: only the retry can take it down
    assert until(lambda: fetch(b + path)[0] == 410, between=worker_turn, step=0.2)
    print(f"\nnode back to 410 through the worker's retry: {time.monotonic() - back:.2f} s")
    assert row_for(f"varnish:{b}").acknowledged_at is not None


# --- Redis away, hung, restarted from a snapshot, rewound, shared with another site ---


class RedisServer:
    """A redis-server of the test's own, to stop and start again from its snapshot (dump.rdb in ``folder``)."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, _free_port(), None

    @property
    def location(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        assert until(lambda: _listening(("127.0.0.1", self.port)))

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # no save on the way out: what comes back is the last snapshot
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_site(settings):
    """Django's page cache on Redis, with this process's own watch (listener) on it; returns ``use(location,
    prefix)``, which answers the watch once it has vouched for Redis."""
    used = []

    def use(location: str, prefix: str) -> page_memory.PageMemory:
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.redis_cache.RedisCache",
                "LOCATION": location,
                "KEY_PREFIX": prefix,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True, "PAGE_MEMORY_BYTES": 8 * 1024**2}
        used.append((location, prefix))
        page_memory.reset()
        shared_cache.forget_cache_outage()
        store = page_memory.memory()
        assert store.vouched.wait(10), "the purge listener did not vouch for Redis"
        return store

    use.used = used
    yield use
    page_memory.reset()
    shared_cache.forget_cache_outage()
    shared = redis.Redis(*REDIS, db=DATABASE) if _listening(REDIS) else None
    for location, prefix in used:
        if shared is not None and location.endswith(f"/{DATABASE}"):  # database 13 is shared: only our keys go
            for key in shared.scan_iter(match=f"{prefix}:*"):
                shared.delete(key)


def _prefix(name: str) -> str:
    return f"purge-test-{name}-{os.getpid()}"


def is_hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_purge_redis_could_not_take_is_written_before_its_pages_are_read_again(redis_site):
    with FaultProxy(*REDIS) as proxy:
        store = redis_site(f"redis://127.0.0.1:{proxy.port}/{DATABASE}", _prefix("away"))
        story = PublishedArticleFactory(headline="Harbour wall repaired")
        reader, path = Client(), story.get_absolute_url()
        reader.get(path)
        assert is_hit(reader.get(path))

        proxy.cut()
        assert until(lambda: not store.vouched.is_set())  # the listener saw Redis go
        services.withdraw_article(article=story)

        owed = row_for(outbox.PAGE_CACHE)
        assert owed.acknowledged_at is None and owed.last_error
        assert reader.get(path).status_code == 410  # built afresh while Redis is away

        proxy.restore()
        shared_cache.forget_cache_outage()
        # Redis still holds the page as it was; the listener writes the owed purge before vouching again.
        assert until(store.vouched.is_set)
        assert row_for(outbox.PAGE_CACHE).acknowledged_at is not None
        assert reader.get(path).status_code == 410


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_hung_redis_does_not_hold_a_withdrawal_and_the_purge_lands_when_it_answers(redis_site, queue):
    with FaultProxy(*REDIS) as proxy:
        store = redis_site(f"redis://127.0.0.1:{proxy.port}/{DATABASE}", _prefix("hung"))
        story = PublishedArticleFactory(headline="Harbour wall repaired")
        reader, path = Client(), story.get_absolute_url()
        reader.get(path)
        assert is_hit(reader.get(path))

        proxy.delay = 60.0  # every chunk held a minute: Redis accepts and says nothing
        services.withdraw_article(article=story)

        assert row_for(outbox.PAGE_CACHE).acknowledged_at is None  # the save did not wait on Redis
        assert until(lambda: not store.vouched.is_set())  # the listener's ping went unanswered
        assert reader.get(path).status_code == 410

        proxy.reset()  # the held connections dropped; Redis answers again
        proxy.delay = 0.0
        shared_cache.forget_cache_outage()
        assert until(lambda: row_for(outbox.PAGE_CACHE).acknowledged_at is not None, between=worker_turn)
        assert until(store.vouched.is_set)
        assert reader.get(path).status_code == 410


@needs_redis_server
@pytest.mark.django_db(transaction=True)
def test_a_redis_restarted_from_an_older_snapshot_serves_no_page_purged_since(redis_site, own_redis):
    store = redis_site(own_redis.location, _prefix("snapshot"))
    story, other = PublishedArticleFactory(headline="Harbour wall repaired"), PublishedArticleFactory()
    reader, path = Client(), story.get_absolute_url()
    for url in (path, other.get_absolute_url()):
        reader.get(url)
        assert is_hit(reader.get(url))
    own_redis.client().save()  # the snapshot

    services.withdraw_article(article=story)
    assert reader.get(path).status_code == 410

    own_redis.stop()
    own_redis.start()  # from the snapshot: the story's page as it was, and the purge stamps from before
    assert any(re.search(rb":page\d*:", key) for key in own_redis.client().scan_iter())  # pages kept (any format)
    shared_cache.forget_cache_outage()

    assert reader.get(path).status_code == 410  # before the listener has vouched: built afresh
    assert until(store.vouched.is_set)
    assert reader.get(path).status_code == 410
    assert not is_hit(reader.get(other.get_absolute_url()))  # the epoch moved: every older page is a miss
    assert is_hit(reader.get(other.get_absolute_url()))


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_redis_rewound_in_place_is_caught_by_its_stamp_going_back(redis_site):
    location, prefix = f"redis://{REDIS[0]}:{REDIS[1]}/{DATABASE}", _prefix("rewound")
    store = redis_site(location, prefix)
    story, other = PublishedArticleFactory(headline="Harbour wall repaired"), PublishedArticleFactory()
    reader, path = Client(), story.get_absolute_url()
    for url in (path, other.get_absolute_url()):
        reader.get(url)
        assert is_hit(reader.get(url))
    client = redis.Redis.from_url(location)
    snapshot = {key: client.dump(key) for key in client.scan_iter(match=f"{prefix}:*")}

    services.withdraw_article(article=story)
    assert reader.get(path).status_code == 410

    for key in client.scan_iter(match=f"{prefix}:*"):  # the keys as they were before the withdrawal
        if key not in snapshot:
            client.delete(key)
    for key, value in snapshot.items():
        client.restore(key, 0, value, replace=True)

    assert reader.get(path).status_code == 410  # this process heard a later stamp than Redis now has
    assert until(store.vouched.is_set)
    assert reader.get(path).status_code == 410

    # A process started after the rewind has heard nothing: the database's record of the purge tells it.
    for key, value in snapshot.items():
        client.restore(key, 0, value, replace=True)
    store = redis_site(location, prefix)
    assert reader.get(path).status_code == 410
    assert not is_hit(reader.get(other.get_absolute_url()))


@needs_redis
@pytest.mark.django_db
def test_a_purge_for_another_site_on_the_same_redis_leaves_this_sites_pages_trusted(redis_site, monkeypatch):
    location = f"redis://{REDIS[0]}:{REDIS[1]}/{DATABASE}"
    store = redis_site(location, _prefix("ours"))
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    reader, path = Client(), story.get_absolute_url()
    reader.get(path)
    heard = store.last_purge
    ours = stamps.channel()

    other_site = {"default": {**django_settings.CACHES["default"], "KEY_PREFIX": _prefix("theirs")}}
    with override_settings(CACHES=other_site):
        theirs = stamps.channel()
        stamps.write_purge(["site"])  # the other site purges everything it has
        redis_site.used.append((location, _prefix("theirs")))  # its keys go too, after the test

    client = redis.Redis.from_url(location)
    assert dict(client.pubsub_numsub(ours, theirs)) == {ours.encode(): 1, theirs.encode(): 0}
    assert store.last_purge == heard

    def no_redis(*args, **kwargs):
        raise AssertionError("a page in memory was checked in Redis")

    monkeypatch.setattr(page_cache, "cache_get_many", no_redis)
    assert is_hit(reader.get(path))
