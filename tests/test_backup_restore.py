"""Backups as docs/deploy.md describes them: ``deploy/backup/newsroom-backup`` (pg_dump and a media tarball), then
``newsroom-restore`` into an empty database and an empty media folder, and the site serves the same pages and the
same pictures from the copy. PostgreSQL only (the scripts use pg_dump and pg_restore)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import re_path, reverse

from articles import services
from newsroom import urls as site_urls
from newsroom.media import serve_media
from tests.factories import PublishedArticleFactory, RegionFactory, SectionFactory, TopicFactory, jpeg_bytes

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "deploy" / "backup"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(__name__),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="the backup scripts use pg_dump and pg_restore: set DATABASE_URL=postgres://… to run",
    ),
]
# The site's routes and its media route, which exists only with SERVE_MEDIA at start-up (the suite leaves it off):
# the restored pictures are served as a single machine serves them.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media, name="media"), *site_urls.urlpatterns]
handler404, handler500 = site_urls.handler404, site_urls.handler500
# What differs between any two answers of one page: the script nonce, CSRF tokens, signed form timestamps.
_PER_REQUEST = re.compile(r'(nonce="|nonce-|csrfmiddlewaretoken" value="|name="stamp" value=")[^"\' ;]+')


def _url(name: str) -> str:
    conf = connection.settings_dict
    auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
    return f"postgres://{auth}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"


@contextlib.contextmanager
def fresh_database(name: str):
    admin = psycopg.connect(_url("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    try:
        yield _url(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextlib.contextmanager
def site_on(database: str, media_root: Path, settings):
    """This process's site, reading ``database`` and ``media_root`` from here on."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["NAME"] = database
    settings.MEDIA_ROOT = media_root
    cache.clear()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        cache.clear()


def pages(client, urls) -> dict[str, tuple[int, bytes]]:
    cache.clear()
    found = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[url] = (response.status_code, _PER_REQUEST.sub(r"\1…", body.decode(errors="replace")).encode())
    return found


def test_a_backup_restored_into_an_empty_database_serves_the_same_pages_and_pictures(client, settings, tmp_path):
    section, region, topic = SectionFactory(slug="coast"), RegionFactory(slug="harbour-town"), TopicFactory()
    picture, _ = services.save_image(data=jpeg_bytes(), filename="harbour.jpg", alt_text="The harbour wall")
    stories = [
        PublishedArticleFactory(headline=f"Harbour story {n}", section=section, regions=[region], topics=[topic])
        for n in range(3)
    ]
    stories[0].lead_image = picture
    stories[0].save()
    urls = [reverse("articles:home"), *(story.get_absolute_url() for story in stories), section.get_absolute_url()]
    urls += [region.get_absolute_url(), reverse("sitemap-index"), reverse("api:articles"), picture.file.url]
    before = pages(client, urls)
    assert all(status == 200 for status, _ in before.values()), {url: s for url, (s, _) in before.items()}

    env = {**os.environ, "DATABASE_URL": _url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    backup = subprocess.run([SCRIPTS / "newsroom-backup", tmp_path / "backups"], env=env, capture_output=True,
                            text=True, check=True)  # fmt: skip
    dump = Path(backup.stdout.strip().splitlines()[-1])
    media = next((tmp_path / "backups").glob("newsroom-media-*.tar.gz"))

    restored_media = tmp_path / "restored-media"
    with fresh_database(connection.settings_dict["NAME"] + "_restored") as restored_url:
        env = {**os.environ, "DATABASE_URL": restored_url, "MEDIA_ROOT": str(restored_media)}
        subprocess.run([SCRIPTS / "newsroom-restore", dump, media], env=env, capture_output=True, text=True, check=True)
        again = subprocess.run([SCRIPTS / "newsroom-restore", dump], env=env, capture_output=True, text=True)

        with site_on(restored_url.rsplit("/", 1)[1], restored_media, settings):
            after = pages(client, urls)

    assert again.returncode == 2 and "restore into an empty one" in again.stderr  # never over a live database
    assert after == before
