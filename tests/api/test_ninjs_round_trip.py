"""A story exported as ninjs 2.1 and imported by Newsroom's own ninjs importer comes back the same."""

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.urls import reverse

from articles import body, renditions
from articles.models import Article
from ingest.importers import run_import


class _Quiet(SimpleHTTPRequestHandler):
    def translate_path(self, path):
        return super().translate_path(path.removeprefix(settings.MEDIA_URL.rstrip("/")))

    def log_message(self, *args):
        pass


@pytest.fixture
def media_server(settings):
    """MEDIA_ROOT over HTTP on loopback, as a partner's importer would fetch the renditions from the site."""
    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_ALLOW_PRIVATE_HOSTS": True}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(settings.MEDIA_ROOT)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _snapshot(article: Article) -> dict:
    article = Article.objects.get(pk=article.pk)
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "text": body._TAGS.sub("", body._CREDIT.sub("", article.body)).split(),
        "figures": [(f.alt, f.caption, f.credit) for f in body.library_figures(article.body)],
        "byline": article.byline,
        "section": article.section.slug,
        "regions": sorted(article.regions.values_list("slug", flat=True)),
        "topics": sorted(article.topics.values_list("slug", flat=True)),
        "lead": (article.lead_alt, article.lead_caption, article.lead_image.credit),
        "first_published_at": article.first_published_at,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "status": article.status,
    }


def test_a_story_exported_as_ninjs_imports_back_the_same(client, full_story, media_server, tmp_path):
    for use in [full_story.lead_image, *full_story.inline_images.values_list("image", flat=True)]:
        image = use if hasattr(use, "pk") else type(full_story.lead_image).objects.get(pk=use)
        renditions.make_renditions(image)
    before = _snapshot(full_story)
    url = reverse("api:article", kwargs={"article_id": full_story.pk})
    exported = client.get(url, HTTP_ACCEPT="application/vnd.iptc.ninjs+json", HTTP_HOST=media_server)
    assert exported["Content-Type"] == "application/vnd.iptc.ninjs+json"
    (tmp_path / "story.json").write_bytes(exported.content)
    Article.objects.filter(pk=full_story.pk).delete()  # a fresh database, as far as this story goes

    report = run_import([tmp_path / "story.json"], publish=True)

    assert [item.outcome.value for item in report.items] == ["created"], report.items[0].reason
    assert not [w for w in report.items[0].warnings if "picture" in w], report.items[0].warnings
    imported = Article.objects.get()
    assert imported.pk != full_story.pk
    after = _snapshot(imported)
    assert after == before
    assert imported.lead_image_id and imported.lead_image_id != full_story.lead_image_id  # fetched anew


def test_the_ninjs_list_is_a_file_the_importer_reads(client, full_story, tmp_path):
    exported = client.get(reverse("api:articles") + "?format=ninjs")
    items = exported.json()["items"]
    assert items[0]["headlines"] == [{"role": "main", "value": "River freight returns to the Seine"}]
    (tmp_path / "list.json").write_text(json.dumps({"items": items}))
    Article.objects.all().delete()

    report = run_import([tmp_path / "list.json"], fetch_remote=False)

    assert [item.headline for item in report.items] == ["River freight returns to the Seine"]
