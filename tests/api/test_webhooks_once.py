"""Each thing that happens to a story is told to partners once: a desk save that publishes, a "Publish changes", the
clock's watch running after them, and two saves of one story in one transaction each make one delivery."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from api import webhooks
from api.models import WebhookDelivery, WebhookEndpoint
from articles import services
from tests.admin_forms import article_form_data, change_url
from tests.api.webhook_receiver import endpoint
from tests.factories import DraftArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _events() -> list[str]:
    return list(WebhookDelivery.objects.order_by("pk").values_list("event", flat=True))


def test_publish_then_publish_changes_then_the_watch_tell_published_and_updated_once_each(
    receiver, editor_client, django_capture_on_commit_callbacks
):
    endpoint(receiver)
    story = DraftArticleFactory(headline="Bridge closes", body="<p>The bridge closes at noon.</p>")

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(story), article_form_data(story, _publish="1"))
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(story), article_form_data(story, _save_pending="1", headline="Bridge shut"))
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(story), article_form_data(story, _publish_pending="1", headline="Bridge shut"))
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.announce_timed_events(since=timezone.now() - timedelta(seconds=60))

    story.refresh_from_db()
    assert story.headline == "Bridge shut" and story.is_published
    assert _events() == ["published", "updated"]


def test_two_saves_of_one_story_in_one_transaction_are_one_event(receiver, django_capture_on_commit_callbacks):
    endpoint(receiver)
    story = DraftArticleFactory(headline="Ferry cancelled", section=SectionFactory())

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.publish_article(article=story)
        story.standfirst = "Storm warnings on the coast."
        story.save()

    assert _events() == ["published"]


def test_a_process_that_looked_before_an_endpoint_was_added_elsewhere_still_delivers(
    receiver, django_capture_on_commit_callbacks
):
    """A worker (or a second web process) without Redis: whether anyone listens is asked of the database, never
    remembered in one process's memory, so an endpoint saved by another process is heard at once."""
    story = DraftArticleFactory(headline="Ferry cancelled", section=SectionFactory())
    assert not webhooks.anyone_listening()  # this process looked while nobody listened
    # Another process adds the endpoint: no signal reaches this one.
    WebhookEndpoint.objects.bulk_create([WebhookEndpoint(name="Partner", url=receiver, secret="s3cret")])

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_article(article=story)

    assert _events() == ["published"]
