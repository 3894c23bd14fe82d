"""The reader's own address behind the proxies in front (newsroom.proxies.client_ip), for every limit keyed on it:
login throttling, the API's rate limits and the Most read beacon, whose windows every worker process shares
(newsroom.limits: Redis, or the database). A forged X-Forwarded-For from a peer that is not a trusted proxy is
ignored; behind a CDN and a load balancer the address taken is the reader's, not the edge's."""

import re
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from live import reads
from live.models import ReadCount
from newsroom import limits
from newsroom.models import RateWindow
from newsroom.proxies import client_ip
from tests.factories import PublishedArticleFactory, UserFactory
from tests.test_proxies import FORWARDER, READER, SERVER_ENV, send, serve
from tests.test_varnish import varnish  # noqa: F401 (the fixture: a real varnishd with the shipped VCL)

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/14"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
# Behind a CDN and a load balancer, in front of Varnish on the app's machine.
EDGE_NETWORKS = ["127.0.0.1", "10.0.0.0/8", "203.0.113.0/24", "2001:db8:cd::/48"]


def address(remote: str, forwarded: str | None = None) -> str | None:
    headers = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return client_ip(RequestFactory().get("/", **headers))


@pytest.fixture
def behind_a_cdn(settings):
    settings.TRUSTED_PROXIES = EDGE_NETWORKS


def test_a_forged_forwarded_for_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(behind_a_cdn):
    assert address("198.51.100.7", "6.6.6.6") == "198.51.100.7"
    assert address("198.51.100.7", "6.6.6.6, 10.0.0.2") == "198.51.100.7"  # naming a proxy does not make one


def test_behind_a_cdn_and_a_load_balancer_the_reader_is_the_address_before_the_proxies(behind_a_cdn):
    # reader -> CDN edge 203.0.113.5 -> load balancer 10.0.0.2 -> Varnish 127.0.0.1 -> app
    assert address("127.0.0.1", "198.51.100.7, 203.0.113.5, 10.0.0.2") == "198.51.100.7"
    # ... whatever the reader wrote in front of it is theirs, and skipped
    assert address("127.0.0.1", "6.6.6.6, 198.51.100.7, 203.0.113.5, 10.0.0.2") == "198.51.100.7"
    # ... a request that reached the load balancer without the CDN has one hop fewer, and the same reader
    assert address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2") == "198.51.100.7"
    # ... IPv6 readers and edges, ports and brackets as proxies write them
    assert address("127.0.0.1", "[2001:db8:1::7]:4711, 2001:db8:cd::5, 10.0.0.2:443") == "2001:db8:1::7"


def test_an_entry_a_trusted_proxy_could_not_name_stops_at_that_proxy(behind_a_cdn):
    assert address("127.0.0.1", "6.6.6.6, unknown, 10.0.0.2") == "10.0.0.2"
    assert address("127.0.0.1", "") == "127.0.0.1"  # the proxy's own request (a health check)


def test_with_no_trusted_proxies_the_peer_is_the_reader(settings):
    settings.TRUSTED_PROXIES = []
    assert address("127.0.0.1", "198.51.100.7") == "127.0.0.1"


# --- Through the shipped Varnish: the lockout, the API's limits ---------------------------------------------------


def login_through(varnish_url: str, *, peer: str, reader: str | None, username: str, password: str) -> int:
    """The two-factor login's password step, as a browser sends it through Varnish: the form's page first (its
    CSRF cookie and token), then the post. ``reader``: the address a forwarder in front (FORWARDER) says it is."""
    path = reverse("two_factor:login")
    headers = {"X-Forwarded-For": reader} if reader else {}
    _, page_headers, page = send(varnish_url, path, peer=peer, headers=headers)
    cookie = re.search(r"csrftoken=([^;]+)", page_headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "login_view-current_step": "auth",
        "auth-username": username,
        "auth-password": password,
    }
    headers |= {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
    return send(varnish_url, path, peer=peer, method="POST", headers=headers, body=urlencode(form))[0]


@pytest.mark.django_db(transaction=True)
def test_wrong_passwords_through_the_proxy_lock_out_that_reader_not_another_behind_it(varnish, settings):  # noqa: F811
    settings.TRUSTED_PROXIES = EDGE_NETWORKS
    UserFactory(username="target", password="correct horse battery staple")
    guessing, editor = "198.51.100.66", "198.51.100.7"
    statuses = [
        login_through(varnish, peer=FORWARDER, reader=guessing, username="target", password="guess")
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {200}
    right = "correct horse battery staple"
    assert login_through(varnish, peer=FORWARDER, reader=guessing, username="target", password=right) == 429
    assert login_through(varnish, peer=FORWARDER, reader=editor, username="target", password=right) == 302


@pytest.mark.django_db(transaction=True)
def test_a_reader_forging_forwarded_for_at_varnish_is_still_locked_out(varnish, settings):  # noqa: F811
    UserFactory(username="target", password="correct horse battery staple")
    statuses = []
    for n in range(settings.AXES_FAILURE_LIMIT + 1):  # a new "address" each time, all of them ignored
        headers_reader = f"6.6.6.{n}"
        statuses.append(
            login_through(varnish, peer=READER, reader=headers_reader, username="target", password=f"guess{n}")
        )
    assert statuses[-2:] == [429, 429]


@pytest.mark.django_db(transaction=True)
def test_seventy_readers_behind_the_proxy_each_have_their_own_api_allowance(varnish, settings):  # noqa: F811
    settings.TRUSTED_PROXIES = EDGE_NETWORKS
    settings.NEWSROOM = {**settings.NEWSROOM, "API_RATE_ANONYMOUS": 5}
    sections = reverse("api:sections")
    statuses = {
        send(varnish, f"{sections}?reader={n}", peer=FORWARDER, headers={"X-Forwarded-For": f"198.51.100.{n}"})[0]
        for n in range(70)  # a query of its own each, so every request reaches the app rather than Varnish's copy
    }
    assert statuses == {200}

    # One reader, the same number of requests: limited (twice the allowance and one, whichever minute they fall in).
    one_reader = [
        send(varnish, f"{sections}?again={n}", peer=READER, headers={"X-Forwarded-For": f"6.6.6.{n}"})[0]
        for n in range(11)
    ]
    assert 429 in one_reader


# --- The beacon's limit, across processes -----------------------------------------------------------------------


def _beacon(port: int, story_id: int, reader: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}" + reverse("live:count", kwargs={"pk": story_id}),
        method="POST",
        headers={"User-Agent": BROWSER, "X-Forwarded-For": reader},  # this test stands for the proxy in front
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _twenty_beacons_through_two_processes(env: dict, story_id: int) -> None:
    env = {
        **SERVER_ENV,
        "SECRET_KEY": secrets.token_urlsafe(40),  # the same in both, as in any deployment
        "TRUSTED_PROXIES": "127.0.0.1",
        **env,
    }
    servers = [serve(env), serve(env)]
    try:
        statuses = {_beacon(servers[n % 2][1], story_id, "198.51.100.20") for n in range(20)}
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=30)
    assert statuses == {204}


def _forget_beacons(store) -> None:
    """The windows, buckets and ranking the beacons leave in Redis (db 14, which other tests share: not flushed)."""
    for pattern in ("*" + limits.PREFIX + "beacon:*", "*mostread:*", "*most-read:*"):
        for key in store.scan_iter(pattern):
            store.delete(key)


def test_twenty_beacons_from_one_reader_count_once_across_two_processes_sharing_redis(tmp_path):
    store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        store.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (the two processes share their limits through it)")
    _forget_beacons(store)
    story_id, hour = 424242, reads.hour_of(timezone.now())
    try:
        empty_database = f"sqlite:///{tmp_path / 'unused.sqlite3'}"  # a beacon needs no table: all of it is in Redis
        _twenty_beacons_through_two_processes({"REDIS_URL": REDIS_URL, "DATABASE_URL": empty_database}, story_id)
        # Under the processes' cache prefix (live.reads keeps sites that share a Redis apart).
        buckets = {
            key
            for moment in (hour, reads.hour_of(timezone.now()))
            for key in store.scan_iter(f"*mostread:{moment:%Y%m%d%H}")
        }
        counted = sum(store.zscore(bucket, story_id) or 0 for bucket in buckets)
        assert counted == 1
        assert store.keys("*" + limits.PREFIX + "beacon:*")  # the windows are in Redis, where both processes look
    finally:
        _forget_beacons(store)


@pytest.mark.django_db(transaction=True)
def test_twenty_beacons_from_one_reader_count_once_across_two_processes_sharing_the_database():
    if connection.vendor != "postgresql":
        pytest.skip("the two processes share the database over PostgreSQL's network connection: set DATABASE_URL")
    story = PublishedArticleFactory()
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    _twenty_beacons_through_two_processes({"DATABASE_URL": url}, story.pk)
    assert sum(ReadCount.objects.filter(article_id=story.pk).values_list("count", flat=True)) == 1


@pytest.mark.django_db
def test_a_window_reopens_once_closed_and_closed_windows_are_swept_by_the_database():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert [limits.count("reader-a", seconds=60) for _ in range(3)] == [1, 2, 3]
        clock.shift(61)
        assert limits.count("reader-a", seconds=60) == 1  # the same row, reopened
        clock.shift(limits.MAX_SECONDS + 61)
        assert limits.count("reader-b", seconds=60) == 1

    assert list(RateWindow.objects.values_list("name", flat=True)) == ["reader-b"]  # reader-a's closed window went
