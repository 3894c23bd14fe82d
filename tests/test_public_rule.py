"""``Article.is_published`` and ``is_scheduled`` say exactly what ``published()`` and ``scheduled()`` select."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
TIMES = {
    "none": None,
    "a day ago": NOW - timedelta(days=1),
    "a second ago": NOW - timedelta(seconds=1),
    "now": NOW,
    "in a second": NOW + timedelta(seconds=1),
    "tomorrow": NOW + timedelta(days=1),
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("when", list(TIMES))
def test_the_properties_agree_with_the_querysets(status, when):
    article = ArticleFactory(status=status, published_at=TIMES[when])

    with time_machine.travel(NOW, tick=False):
        published = Article.objects.published().filter(pk=article.pk).exists()
        scheduled = Article.objects.scheduled().filter(pk=article.pk).exists()
        assert article.is_published is published
        assert article.is_scheduled is scheduled
    # Only a published status with a time at or before now is public.
    assert published == (status == Status.PUBLISHED and when in {"a day ago", "a second ago", "now"})
