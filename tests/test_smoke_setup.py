import pytest

from articles.models import Article
from tests.factories import PublishedArticleFactory


@pytest.mark.django_db
def test_published_story_is_public():
    article = PublishedArticleFactory()
    assert list(Article.objects.published()) == [article]
