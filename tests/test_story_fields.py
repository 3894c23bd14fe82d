"""One list of a story's editable fields (articles.story_fields): every field of the desk's story form is either kept
by "Save changes as draft" or named as left out with its reason, and what a draft keeps goes live when an editor
publishes it."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.story_fields import EXCLUDED, PENDING, Kept
from tests.admin_forms import article_form_data, change_url
from tests.factories import (
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    SectionFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _desk_form_fields(role: str, story: Article | None) -> set[str]:
    """The fields of the story form as the desk builds it for someone in ``role``."""
    request = RequestFactory().get("/")
    request.user = UserFactory(username=role.lower(), role=role)
    form = admin.site._registry[Article].get_form(request, story, change=story is not None)
    return set(form.base_fields)


@pytest.mark.parametrize("role", ["Editor", "Writer"])
@pytest.mark.parametrize("live", [True, False], ids=["live story", "new story"])
def test_every_field_of_the_desks_story_form_is_kept_in_a_draft_or_named_as_left_out(role, live):
    story = PublishedArticleFactory() if live else None

    unnamed = _desk_form_fields(role, story) - set(PENDING) - set(EXCLUDED)

    assert not unnamed, f"add {sorted(unnamed)} to articles/story_fields.py: kept in a draft, or left out and why"


def test_every_field_a_draft_keeps_is_one_an_editor_can_change_on_the_desk():
    assert set(PENDING) <= _desk_form_fields("Editor", PublishedArticleFactory())


def test_every_field_left_out_of_a_draft_says_why():
    assert all(reason.strip() for reason in EXCLUDED.values())
    assert not set(PENDING) & set(EXCLUDED)


def test_every_field_a_draft_keeps_goes_live_when_the_changes_are_published(editor_client, client):
    story = PublishedArticleFactory(headline="Bridge reopens after repairs", slug="bridge-reopens")
    expires = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    image = ImageFactory()
    changes = {
        "headline": "Bridge stays shut",
        "slug": "bridge-stays-shut",
        "standfirst": "Engineers found more cracks in the piers.",
        "body": "<p>The bridge stays shut until May.</p>",
        "section": SectionFactory(name="Transport", slug="transport").pk,
        "regions": [RegionFactory(name="Northshire").pk],
        "topics": [TopicFactory(name="Roadworks").pk],
        "source": SourceFactory(name="Reuters").pk,
        "lead_image": image.pk,
        "lead_image_alt": "Scaffolding under the bridge",
        "lead_image_caption": "Scaffolding on the north pier.",
        "expires_at": expires,
        "seo_title": "Bridge stays shut until May",
        "seo_description": "More cracks found in the piers.",
        "canonical_url": "https://example.org/bridge-stays-shut",
    }
    assert set(changes) == set(PENDING), "give every field a draft keeps a changed value here"
    local = timezone.localtime(expires)
    posted = {name: value for name, value in changes.items() if name != "expires_at"}
    posted |= {"expires_at_0": local.strftime("%d/%m/%Y"), "expires_at_1": local.strftime("%H:%M:%S")}
    response = editor_client.post(change_url(story), article_form_data(story, **posted, _save_pending="1"))
    assert response.status_code == 302

    services.publish_pending_changes(article=Article.objects.get(pk=story.pk), user=UserFactory(role="Editor"))

    story = Article.objects.get(pk=story.pk)
    for name, value in changes.items():
        if PENDING[name] is Kept.TAGS:
            assert [tag.pk for tag in getattr(story, name).all()] == value, name
        elif PENDING[name] is Kept.RELATED:
            assert getattr(story, f"{name}_id") == value, name
        else:
            assert getattr(story, name) == value, name
    assert "The bridge stays shut until May." in client.get(story.get_absolute_url()).text
