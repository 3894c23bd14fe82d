import pytest

from api.models import ApiKey, Scope
from tests.api.webhook_receiver import receiver  # noqa: F401 (the partner's receiver, a fixture)
from tests.factories import (
    AuthorFactory,
    ImageFactory,
    PublishedArticleFactory,
    RegionFactory,
    SectionFactory,
    TopicFactory,
)


def make_key(scope: str, **fields) -> tuple[ApiKey, str]:
    key = ApiKey(name=f"{scope} partner", scope=scope, **fields)
    raw = key.issue()
    key.save()
    return key, raw


@pytest.fixture
def public_key(db):
    return make_key(Scope.PUBLIC)[1]


@pytest.fixture
def preview_key(db):
    return make_key(Scope.PREVIEW)[1]


def auth(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def full_story(db):
    """A live story with everything the API shows: a lead picture, an inline one, two authors, regions in a tree,
    topics (one with an IPTC code) and its section."""
    from articles import body

    europe = RegionFactory(name="Europe", slug="europe")
    france = RegionFactory(name="France", slug="france", parent=europe)
    paris = RegionFactory(name="Paris", slug="paris", parent=france)
    lead = ImageFactory(alt_text="Barges on the Seine", caption="Barges wait at Paris.", credit="AFP")
    inline = ImageFactory(alt_text="A lock keeper", caption="The lock at Suresnes.", credit="Jane Roe/PA")
    figure = body.figure_html(
        image_id=inline.pk,
        src=inline.rendition("hero").src,
        alt="The lock keeper at work",
        caption="The lock at Suresnes, on Monday.",
        credit="Jane Roe/PA",
    )
    story = PublishedArticleFactory(
        headline="River freight returns to the Seine",
        standfirst="Barges carry building materials into the city again.",
        body=f"<p>Barges are back on the river.</p>{figure}<p>The port expects more traffic.</p>",
        section=SectionFactory(name="Business", slug="business"),
        lead_image=lead,
        regions=[paris],
        topics=[TopicFactory(name="Transport", slug="transport", iptc_code="medtop:20000466"), TopicFactory()],
        authors=[AuthorFactory(name="Ana Costa"), AuthorFactory(name="Ben Ode")],
    )
    from articles.models import ArticleImage

    ArticleImage.objects.get_or_create(article=story, image=inline, defaults={"position": 0})
    return story
