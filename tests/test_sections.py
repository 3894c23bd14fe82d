import pytest
from django.core.exceptions import ValidationError

from articles.models import Section


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["search", "feeds", "admin", "sitemap-news"])
def test_a_section_cannot_take_an_address_the_site_already_uses(slug):
    with pytest.raises(ValidationError, match="used by another part of the site"):
        Section(name="Clash", slug=slug).full_clean()


@pytest.mark.django_db
def test_an_ordinary_section_address_is_fine():
    Section(name="Science", slug="science").full_clean()
