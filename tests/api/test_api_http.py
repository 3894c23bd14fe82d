"""HTTP done right: validators and 304, JSON errors naming the bad input, CORS only where configured."""

from django.urls import reverse

from articles import services
from tests.factories import PublishedArticleFactory


def test_an_unchanged_story_is_answered_304_and_a_changed_one_afresh(client, db):
    story = PublishedArticleFactory(headline="Tide tables for the week")
    url = reverse("api:article", kwargs={"article_id": story.pk})
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    story.headline = "Tide tables for the week, corrected"
    story.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.json()["headline"] == "Tide tables for the week, corrected"


def test_bad_filters_and_cursors_are_400s_naming_them(client, db):
    cases = {
        "?cursor=garbage!": "cursor",
        "?limit=201": "limit",
        "?limit=0": "limit",
        "?updated_since=yesterday": "updated_since",
        "?region=atlantis": "region",
        "?format=xml": "format",
    }
    for query, field in cases.items():
        response = client.get(reverse("api:articles") + query)
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"]["field"] == field, query


def test_cors_is_off_unless_origins_are_configured(client, db, settings):
    url = reverse("api:sections")
    assert "Access-Control-Allow-Origin" not in client.get(url, HTTP_ORIGIN="https://app.example.org")

    settings.NEWSROOM = {**settings.NEWSROOM, "API_CORS_ORIGINS": ["https://app.example.org"]}
    allowed = client.get(url, HTTP_ORIGIN="https://app.example.org")
    other = client.get(url, HTTP_ORIGIN="https://evil.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "Access-Control-Allow-Origin" not in other
    asked = client.options(
        url, HTTP_ORIGIN="https://app.example.org", HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization"
    )
    refused = client.options(url, HTTP_ORIGIN="https://evil.example.com")
    assert asked.status_code == 204 and "Authorization" in asked["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Headers" not in refused


def test_a_public_correction_is_in_the_story(client, db, editor):
    story = PublishedArticleFactory()
    services.add_correction(article=story, text="An earlier version gave the wrong date.")

    data = client.get(reverse("api:article", kwargs={"article_id": story.pk})).json()

    assert [c["text"] for c in data["corrections"]] == ["An earlier version gave the wrong date."]
    assert data["last_corrected_at"]


def test_the_openapi_document_and_its_docs_page_describe_the_api(client, db):
    document = client.get(reverse("api:openapi-json")).json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/articles/", "/api/v1/articles/{article_id}/", "/api/v1/regions/"} <= set(document["paths"])
    assert "ArticlePage" in document["components"]["schemas"]

    docs = client.get(reverse("api:openapi-view"))
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn." not in docs.content  # served from our own static files


def test_answers_name_what_they_show_for_purging(client, full_story, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SEND_SURROGATE_KEYS": True}
    paris = full_story.regions.get(slug="paris")

    story_keys = client.get(reverse("api:article", kwargs={"article_id": full_story.pk}))["Surrogate-Key"].split()
    list_keys = client.get(reverse("api:articles") + "?region=paris")["xkey"].split()

    assert {f"a{full_story.pk}", f"i{full_story.lead_image_id}", f"sn{full_story.section_id}"} <= set(story_keys)
    assert {f"a{full_story.pk}", f"r{paris.pk}"} <= set(list_keys)
