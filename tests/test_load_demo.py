import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.demo import pictures
from articles.models import Article, Image, Region, Section, Status, Topic


@pytest.fixture
def no_renditions(monkeypatch):
    """Renditions are tested elsewhere; making ~1,700 files here would only slow the suite.

    The ~100 demo pictures are drawn at thumbnail size too: drawing them at 1280×720 is half of a load's time, and
    ``make_picture`` itself (sizes, determinism, every palette) is checked in test_demo_data.py.
    """
    monkeypatch.setattr("articles.renditions.make_renditions", lambda image, **kwargs: 0)
    draw = pictures.make_picture
    monkeypatch.setattr(pictures, "make_picture", lambda **kwargs: draw(**{**kwargs, "width": 64, "height": 36}))


def counts():
    return {model.__name__: model.objects.count() for model in (Article, Image, Region, Section, Topic, User)}


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_content(no_renditions):
    call_command("load_demo", "--with-demo-users", verbosity=0)
    first = counts()
    call_command("load_demo", "--with-demo-users", verbosity=0)
    assert counts() == first
    assert first["Section"] == 5 and first["Article"] >= 55


@pytest.mark.django_db
def test_demo_has_stories_in_every_state_with_pictures_and_logins_with_roles(no_renditions):
    call_command("load_demo", "--with-demo-users", verbosity=0)
    assert Article.objects.published().count() >= 40
    assert Article.objects.scheduled().exists()
    assert Article.objects.filter(status=Status.DRAFT).exists()
    assert Article.objects.filter(status=Status.IN_REVIEW).exists()
    live = Article.objects.published().for_listing()
    assert all(story.lead_image and story.lead_image.credit for story in live)
    assert any(story.source and story.byline == story.source.name for story in live)
    assert any(story.inline_images.exists() for story in live)
    editor, writer = User.objects.get(username="editor"), User.objects.get(username="writer")
    assert editor.check_password("editor") and editor.has_perm("articles.publish_article")
    assert writer.check_password("writer") and not writer.has_perm("articles.publish_article")
    assert writer.has_perm("articles.change_article")


@pytest.mark.django_db
def test_demo_logins_are_not_made_on_a_production_site_unless_asked(no_renditions, settings):
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    assert not User.objects.filter(username__in=["editor", "writer"]).exists()
    assert Article.objects.exists()
