"""Input at the edges: sitemap months out of datetime's range, a confirm that died mid-run, a refused ?next=."""

import io
import json

import pytest
from django.urls import reverse

from articles.models import Article
from ingest import staging
from ingest.importers import run as import_run
from tests.factories import PublishedArticleFactory, UserFactory
from tests.importing import ninjs_story

pytestmark = pytest.mark.django_db
IMPORT_URL = "admin:articles_article_import"


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "0001-01", "9999-01", "2024-13", "2024-00"])
def test_a_sitemap_month_outside_the_calendar_is_not_found(client, month):
    PublishedArticleFactory()

    response = client.get(f"/sitemap-articles-{month}.xml")

    assert response.status_code == 404


def test_a_sitemap_month_with_stories_is_still_served(client):
    article = PublishedArticleFactory()

    response = client.get(f"/sitemap-articles-{article.published_at:%Y-%m}.xml")

    assert response.status_code == 200
    assert article.get_absolute_url() in response.content.decode()


def _batch(n: int) -> io.BytesIO:
    stories = [ninjs_story(f"urn:story-{i}", headline=f"Story {i}") for i in range(n)]
    file = io.BytesIO("\n".join(json.dumps(story) for story in stories).encode())
    file.name = "wire.jsonl"
    return file


def test_a_confirm_killed_mid_run_can_be_confirmed_again_and_imports_the_rest(editor_client, monkeypatch):
    preview = editor_client.post(reverse(IMPORT_URL), {"files": [_batch(5)], "format": "auto"})
    token = preview.context["token"]
    real_import_story, calls = import_run.import_story, []

    def dies_on_the_fourth_story(story, **kwargs):
        calls.append(story.guid)
        if len(calls) == 4:
            raise SystemExit(1)  # what gunicorn's worker timeout does to the request (SIGABRT → sys.exit)
        return real_import_story(story, **kwargs)

    monkeypatch.setattr(import_run, "import_story", dies_on_the_fourth_story)
    with pytest.raises(SystemExit):
        editor_client.post(reverse(IMPORT_URL), {"token": token})
    assert Article.objects.count() == 3
    assert staging.stored_files(token)

    monkeypatch.setattr(import_run, "import_story", real_import_story)
    again = editor_client.post(reverse(IMPORT_URL), {"token": token})

    assert again.context["done"] is True
    assert again.context["summary"] == {"created": 2, "unchanged": 3}
    assert sorted(Article.objects.values_list("headline", flat=True)) == [f"Story {i}" for i in range(5)]
    assert not staging.stored_files(token)
    assert "already imported" in editor_client.post(reverse(IMPORT_URL), {"token": token}).content.decode()


def test_a_confirm_that_failed_with_an_error_keeps_its_files_for_another_try(editor_client, monkeypatch):
    preview = editor_client.post(reverse(IMPORT_URL), {"files": [_batch(2)], "format": "auto"})
    token = preview.context["token"]

    def broken(paths, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(staging, "run_import", broken)
    editor_client.raise_request_exception = False
    assert editor_client.post(reverse(IMPORT_URL), {"token": token}).status_code == 500
    monkeypatch.undo()

    again = editor_client.post(reverse(IMPORT_URL), {"token": token})

    assert again.context["summary"] == {"created": 2}


@pytest.mark.parametrize("login", ["two_factor:login", "admin:login"])
def test_a_login_whose_next_address_is_refused_lands_on_the_admin_index(client, login):
    UserFactory(username="night-editor", role="Editor", password="a long pass phrase")
    refused = {"next": "https://evil.example/"}
    # The admin's own login hands over to the site's login, keeping only a safe ?next=.
    page = client.get(reverse(login), refused, follow=True)
    assert page.status_code == 200

    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else reverse(login) + "?next=https://evil.example/",
        {"login_view-current_step": "auth", "auth-username": "night-editor", "auth-password": "a long pass phrase"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


# --- Imported addresses and bodies ---


def test_an_imported_canonical_url_must_be_an_absolute_http_address(tmp_path):
    from articles.models import Article
    from ingest.importers import run_import

    def page(name: str, canonical: str) -> None:
        (tmp_path / name).write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>{name}</title><link rel="canonical" href="{canonical}">'
            f"</head><body><article><h1>Harbour wall {name}</h1><p>The wall was repaired overnight.</p>"
            "</article></body></html>",
            encoding="utf-8",
        )

    page("bad.html", "javascript:alert(1)")
    page("good.html", "https://courier.example/news/harbour-wall")

    report = run_import([tmp_path / "bad.html", tmp_path / "good.html"])

    assert [item.outcome for item in report.items] == ["created", "created"]
    bad, good = Article.objects.get(headline__endswith="bad.html"), Article.objects.get(headline__endswith="good.html")
    assert bad.canonical_url == "" and good.canonical_url == "https://courier.example/news/harbour-wall"
    assert any("not an absolute http(s) address" in warning for warning in report.items[0].warnings)


def test_the_admin_refuses_a_canonical_url_that_is_not_http(editor_client):
    from tests.admin_forms import article_form_data, change_url
    from tests.factories import DraftArticleFactory

    story = DraftArticleFactory()
    response = editor_client.post(change_url(story), article_form_data(story, canonical_url="ftp://files.example/x"))

    assert response.status_code == 200
    assert "starting with https://" in response.content.decode()


def test_an_oversized_imported_body_fails_its_item_and_the_rest_imports(tmp_path, settings):
    from articles.models import Article
    from ingest.importers import run_import
    from tests.importing import ninjs_story, write_ninjs

    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_MAX_BODY_BYTES": 10_000}
    huge = "<p>" + "flood " * 5_000 + "</p>"
    path = write_ninjs(
        tmp_path / "wire.jsonl",
        ninjs_story("urn:huge", headline="Huge", body=huge),
        ninjs_story("urn:fine", headline="Fine"),
    )

    report = run_import([path])

    assert [item.outcome for item in report.items] == ["failed", "created"]
    assert "MB of HTML, more than the" in report.items[0].reason
    assert list(Article.objects.values_list("source_guid", flat=True)) == ["urn:fine"]
