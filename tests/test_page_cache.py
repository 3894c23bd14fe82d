"""Readers' pages from Django's cache, never stale: every page names what it was built from, every write purges it."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from ingest.importers import run_import
from pagecache import backends
from tests.admin_forms import article_form_data, change_url
from tests.factories import (
    AuthorFactory,
    DraftArticleFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    ScheduledArticleFactory,
    SectionFactory,
    TopicFactory,
)
from tests.importing import ninjs_story, write_ninjs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keys_sent(settings):
    """As with a Varnish or CDN in front."""
    settings.NEWSROOM = {**settings.NEWSROOM, "SEND_SURROGATE_KEYS": True}


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}


@pytest.fixture
def reader():
    """An anonymous reader, separate from any editor's logged-in client."""
    return Client()


def keys_of(response) -> set[str]:
    assert response["Surrogate-Key"] == response["xkey"]
    return set(response["Surrogate-Key"].split())


def is_hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


@pytest.fixture
def story():
    idlib = RegionFactory(name="Idlib", parent=RegionFactory(name="Syria"))
    return PublishedArticleFactory(
        headline="Aid convoy reaches Idlib",
        regions=[idlib],
        topics=[TopicFactory(name="Aid")],
        authors=[AuthorFactory(name="Jane Roe")],
        lead_image=ImageFactory(credit="PA"),
    )


# --- what each page says it depends on ---


def test_an_article_page_names_its_story_picture_listings_and_names(reader, story):
    keys = keys_of(reader.get(story.get_absolute_url()))

    region, topic, author = story.regions.get(), story.topics.get(), story.article_authors.get().author
    assert {f"a{story.pk}", f"i{story.lead_image_id}", "site"} <= keys
    assert f"s{story.section_id}" in keys  # the "Latest World News" box
    assert {f"rn{region.pk}", f"tn{topic.pk}", f"aun{author.pk}"} <= keys
    assert "latest" not in keys


@pytest.mark.parametrize(
    ("page", "expected", "not_expected"),
    [
        (lambda s: reverse("articles:home"), {"latest"}, set()),
        (lambda s: s.section.get_absolute_url(), {"s{section}"}, {"latest"}),
        (lambda s: s.regions.get().parent.get_absolute_url(), {"r{parent}"}, {"latest"}),
        (lambda s: s.topics.get().get_absolute_url(), {"t{topic}"}, {"latest"}),
        (lambda s: s.article_authors.get().author.get_absolute_url(), {"au{author}"}, {"latest"}),
        (lambda s: reverse("feeds:latest", kwargs={"fmt": "rss"}), {"latest"}, set()),
        (lambda s: reverse("feeds:topic", kwargs={"fmt": "atom", "slug": s.topics.get().slug}), {"t{topic}"}, set()),
        (lambda s: reverse("articles:search") + "?q=convoy", {"latest"}, set()),
        (lambda s: reverse("sitemap-index"), {"latest"}, set()),
        (lambda s: reverse("sitemap-news"), {"latest"}, set()),
    ],
)
def test_listings_name_what_they_list_and_carry_their_stories(reader, story, page, expected, not_expected):
    ids = {
        "section": story.section_id,
        "parent": story.regions.get().parent_id,
        "topic": story.topics.get().pk,
        "author": story.article_authors.get().author_id,
    }
    response = reader.get(page(story))

    assert response.status_code == 200
    keys = keys_of(response)
    assert {key.format(**ids) for key in expected} <= keys
    assert not ({key.format(**ids) for key in not_expected} & keys)
    if "sitemap" not in response.request["PATH_INFO"]:
        assert f"a{story.pk}" in keys


def test_robots_txt_depends_on_the_site_alone(reader):
    assert keys_of(reader.get(reverse("articles:robots"))) == {"site"}


def test_without_a_cache_in_front_browsers_get_no_key_headers(reader, story, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SEND_SURROGATE_KEYS": False}

    response = reader.get(story.get_absolute_url())

    assert "Surrogate-Key" not in response and "xkey" not in response


def test_shared_caches_keep_pages_for_an_hour_and_browsers_for_a_minute(reader, story):
    cache_control = reader.get(story.get_absolute_url())["Cache-Control"]

    assert "public" in cache_control and "max-age=60" in cache_control and "s-maxage=3600" in cache_control


def test_no_page_is_kept_past_the_next_scheduled_publish_time(reader, story):
    ScheduledArticleFactory(published_at=timezone.now() + timedelta(seconds=40))

    cache_control = reader.get(reverse("articles:home"))["Cache-Control"]

    lifetimes = [int(part.split("=")[1]) for part in cache_control.split(", ") if "max-age" in part]
    assert lifetimes and all(0 < lifetime <= 40 for lifetime in lifetimes)


# --- the page cache: hits, and purges by key ---


def test_a_second_anonymous_request_is_a_hit_that_runs_no_query(page_cache, reader, story, django_assert_num_queries):
    first = reader.get(story.get_absolute_url())
    assert not is_hit(first)

    with django_assert_num_queries(0):
        second = reader.get(story.get_absolute_url())

    assert is_hit(second)
    assert second.content == first.content
    assert keys_of(second) == keys_of(first)


def test_a_browser_revalidating_a_cached_page_is_told_not_modified(page_cache, reader, story):
    etag = reader.get(story.get_absolute_url())["ETag"]

    again = reader.get(story.get_absolute_url(), headers={"if-none-match": etag})

    assert again.status_code == 304 and is_hit(again)


def test_editing_the_headline_shows_at_once_and_pages_without_the_story_stay_cached(
    page_cache, reader, story, editor_client, committed
):
    other_section = SectionFactory(name="Sport", slug="sport")
    PublishedArticleFactory(section=other_section, headline="Cup final tonight")
    for url in (story.get_absolute_url(), reverse("articles:home"), other_section.get_absolute_url()):
        reader.get(url)

    edited = article_form_data(story, headline="Aid convoy held at border", _publish_pending="1")
    committed(editor_client.post, change_url(story), edited)

    for url in (story.get_absolute_url(), reverse("articles:home")):
        response = reader.get(url)
        assert not is_hit(response) and "Aid convoy held at border" in response.content.decode(), url
    assert is_hit(reader.get(other_section.get_absolute_url()))


def test_a_withdrawal_answers_gone_at_once_and_leaves_the_fronts(page_cache, reader, story, committed):
    reader.get(story.get_absolute_url())
    reader.get(reverse("articles:home"))

    committed(services.withdraw_article, article=story)

    assert reader.get(story.get_absolute_url()).status_code == 410
    assert "Aid convoy reaches Idlib" not in reader.get(reverse("articles:home")).content.decode()


def test_a_publish_reaches_the_listings_it_enters(page_cache, reader, story, committed):
    region = story.regions.get()
    draft = DraftArticleFactory(headline="Second convoy sets off", section=story.section, regions=[region])
    urls = [reverse("articles:home"), story.section.get_absolute_url(), region.parent.get_absolute_url()]
    for url in urls:
        reader.get(url)

    committed(services.publish_article, article=Article.objects.get(pk=draft.pk))

    for url in urls:
        assert "Second convoy sets off" in reader.get(url).content.decode(), url


def test_a_new_picture_credit_shows_at_once(page_cache, reader, story, committed):
    reader.get(story.get_absolute_url())
    picture = story.lead_image

    picture.credit = "Reuters"
    committed(picture.save)

    assert "Reuters" in reader.get(story.get_absolute_url()).content.decode()


def test_a_topic_merged_into_another_shows_the_new_name(page_cache, reader, story, committed):
    reader.get(story.get_absolute_url())
    target = TopicFactory(name="Humanitarian aid")

    committed(services.merge_tags, source=story.topics.get(), target=target)

    assert "Humanitarian aid" in reader.get(story.get_absolute_url()).content.decode()


def test_an_imported_update_of_a_live_story_shows_at_once(page_cache, reader, tmp_path, committed):
    SectionFactory(name="World", slug="world")
    committed(
        run_import, [write_ninjs(tmp_path / "v1.jsonl", ninjs_story("urn:wire:1"))], publish=True, section="world"
    )
    story = Article.objects.get()
    reader.get(story.get_absolute_url())
    assert is_hit(reader.get(story.get_absolute_url()))

    newer = ninjs_story("urn:wire:1", version=2, headline="Ferry sails after gales ease")
    committed(run_import, [write_ninjs(tmp_path / "v2.jsonl", newer)], publish=True, section="world")

    assert "Ferry sails after gales ease" in reader.get(story.get_absolute_url()).content.decode()


def test_editors_are_never_served_from_the_cache_nor_stored_in_it(page_cache, reader, story, editor_client):
    editor_client.get(story.get_absolute_url())
    assert not is_hit(editor_client.get(story.get_absolute_url()))
    assert not is_hit(reader.get(story.get_absolute_url()))  # the editor's visit stored nothing


def test_admin_and_preview_are_never_cached(page_cache, editor_client, story):
    for url in (reverse("articles:preview", args=[story.pk]), reverse("admin:index")):
        first, second = editor_client.get(url), editor_client.get(url)
        assert not is_hit(second), url
        assert "Surrogate-Key" not in first, url


# --- purge targets ---


class _Recorder(BaseHTTPRequestHandler):
    seen: list = []
    failures = 0  # answer this many purges with a 503 first

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.seen.append((self.command, self.path, self.headers.get("xkey")))
        if _Recorder.failures:
            _Recorder.failures -= 1
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish_double(settings):
    _Recorder.seen, _Recorder.failures = [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    settings.NEWSROOM = {**settings.NEWSROOM, "VARNISH_PURGE_URLS": [f"http://127.0.0.1:{server.server_port}/"]}
    yield _Recorder.seen
    server.shutdown()
    server.server_close()


def test_varnish_is_sent_the_keys_a_withdrawal_makes_stale(varnish_double, story, committed):
    committed(services.withdraw_article, article=story)

    assert len(varnish_double) == 1
    method, _path, header = varnish_double[0]
    keys = set(header.split())
    assert method == "PURGE"
    assert {f"a{story.pk}", "latest", f"s{story.section_id}", f"t{story.topics.get().pk}"} <= keys
    region = story.regions.get()
    assert {f"r{region.pk}", f"r{region.parent_id}"} <= keys


def test_a_varnish_that_fails_once_is_tried_again(varnish_double, story, committed):
    _Recorder.failures = 1

    committed(services.withdraw_article, article=story)

    assert [method for method, _path, _keys in varnish_double] == ["PURGE", "PURGE"]


def test_a_draft_edit_purges_nothing(varnish_double, committed):
    draft = committed(DraftArticleFactory)
    draft.headline = "Still a draft"
    committed(draft.save)

    assert varnish_double == []


def test_a_rolled_back_write_purges_nothing(varnish_double, story, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.withdraw_article(article=story)
        raise RuntimeError("the save is undone")

    assert varnish_double == []


def test_cdn_purges_are_built_as_their_apis_document(settings):
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "FASTLY_API_TOKEN": "fastly-token",
        "FASTLY_SERVICE_ID": "svc 1",
        "CLOUDFLARE_API_TOKEN": "cf-token",
        "CLOUDFLARE_ZONE_ID": "zone1",
    }
    keys = [f"a{n}" for n in range(40)]

    fastly_target, cloudflare_target = backends.by_name("fastly"), backends.by_name("cloudflare")
    (fastly,) = [fastly_target.request(batch) for batch in fastly_target.batches(keys)]
    cloudflare = [cloudflare_target.request(batch) for batch in cloudflare_target.batches(keys)]

    assert (fastly.method, fastly.url) == ("POST", "https://api.fastly.com/service/svc%201/purge")
    assert fastly.get_header("Fastly-Key") == "fastly-token"
    assert fastly.get_header("Surrogate-Key") == " ".join(keys)
    assert [r.url for r in cloudflare] == ["https://api.cloudflare.com/client/v4/zones/zone1/purge_cache"] * 2
    assert cloudflare[0].get_header("Authorization") == "Bearer cf-token"
    assert b'"tags": ["a0"' in cloudflare[0].data and len(cloudflare[1].data) < len(cloudflare[0].data)
