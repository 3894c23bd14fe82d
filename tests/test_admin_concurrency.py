"""Two people editing one story: the later save is refused and nobody's words are lost."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from articles.models import Article
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(datetime(2026, 3, 2, 14, 5, tzinfo=UTC), tick=False)]


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_later_of_two_saves_is_refused_and_keeps_what_its_author_typed(editor_client, writer):
    article = DraftArticleFactory(headline="Original headline")
    other = _client_for(writer)
    # Both open the form on the same version.
    first_form = article_form_data(article, headline="First person’s headline")
    second_form = article_form_data(article, body="<p>Second person’s carefully typed paragraph.</p>")

    first = other.post(change_url(article), first_form)
    second = editor_client.post(change_url(article), second_form)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "writer saved this article at 14:05, after you opened it" in second.text
    assert "still in the form below" in second.text
    assert "Second person’s carefully typed paragraph." in second.text
    article.refresh_from_db()
    assert article.headline == "First person’s headline"
    assert "Second person" not in article.body


def test_a_save_after_reloading_goes_through(editor_client, writer):
    article = DraftArticleFactory()
    _client_for(writer).post(change_url(article), article_form_data(article, headline="Writer’s version"))
    article.refresh_from_db()

    response = editor_client.post(change_url(article), article_form_data(article, standfirst="Editor’s standfirst"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Writer’s version", "Editor’s standfirst")


def test_a_publish_in_between_also_makes_an_open_form_stale(editor_client, writer):
    article = DraftArticleFactory(headline="Before")
    stale_form = article_form_data(article, headline="Typed on the old copy")
    editor_client.post(change_url(article), article_form_data(article, _publish="1"))

    response = _client_for(UserFactory(role="Editor")).post(change_url(article), stale_form)

    assert response.status_code == 200
    assert "after you opened it" in response.text
    assert Article.objects.get(pk=article.pk).headline == "Before"
