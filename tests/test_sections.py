import pytest
from django.core.exceptions import ValidationError

from articles.models import Section
from tests.factories import PublishedArticleFactory


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["search", "feeds", "admin", "sitemap-news"])
def test_a_section_cannot_take_an_address_the_site_already_uses(slug):
    with pytest.raises(ValidationError, match="used by another part of the site"):
        Section(name="Clash", slug=slug).full_clean()


@pytest.mark.django_db
def test_an_ordinary_section_address_is_fine(client):
    section = Section(name="Science", slug="science")
    section.full_clean()
    section.save()
    PublishedArticleFactory(headline="Comet seen over the valley", section=section)

    response = client.get(section.get_absolute_url())

    assert response.status_code == 200
    assert "Comet seen over the valley" in response.content.decode()
