"""A story's History page says what happened, in words, and the activity page uses the same words; compare and
restore keep working."""

import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from tests.admin_forms import article_form_data, change_url
from tests.factories import DraftArticleFactory, PublishedArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

# A Wednesday morning in London; the story is scheduled for the next morning.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.get_fixed_timezone(0))


@pytest.fixture
def eleanor(client):
    user = UserFactory(username="emarsh", first_name="Eleanor", last_name="Marsh", role="Editor")
    client.force_login(user)
    return client


@pytest.fixture
def draft():
    return DraftArticleFactory(headline="Harbour plan approved", section=SectionFactory(name="UK", slug="uk"))


def _post(client, story, **changes):
    story.refresh_from_db()
    response = client.post(change_url(story), article_form_data(story, **changes))
    assert response.status_code == 302, response.content[:2000]
    return response


def _history(client, story) -> list[str]:
    page = client.get(reverse("admin:articles_article_history", args=[story.pk])).text
    cells = re.findall(r'<td class="history-event">(.*?)</td>', page, re.S)
    return [re.sub(r"\s+", " ", cell).strip() for cell in cells]


def test_publishing_scheduling_and_withdrawing_read_as_sentences(eleanor, draft):
    with time_machine.travel(NOW, tick=False):
        _post(eleanor, draft, _schedule="1", published_at_0="03/12/2026", published_at_1="09:00:00")
        _post(eleanor, draft, _publish="1")
        _post(eleanor, draft, _withdraw="1")
        rows = _history(eleanor, draft)

    assert rows[:3] == [
        "Withdrawn by Eleanor Marsh",
        "Published by Eleanor Marsh",
        "Scheduled for 3 Dec 09:00 by Eleanor Marsh",
    ]


def test_a_plain_save_names_the_fields_that_changed(eleanor, draft):
    _post(eleanor, draft, headline="Harbour plan approved by council", body="<p>The council voted 7–2.</p>")
    _post(eleanor, draft, standfirst="A new sea wall by 2030.")

    rows = _history(eleanor, draft)

    assert rows[0] == "Changed standfirst by Eleanor Marsh"
    assert rows[1] == "Changed headline and body by Eleanor Marsh"


def test_corrections_and_pending_changes_say_what_they_were(eleanor):
    editor = UserFactory(username="emarsh2", first_name="Eleanor", last_name="Marsh", role="Editor")
    story = PublishedArticleFactory(headline="Harbour plan approved")
    services.add_correction(article=story, text="The vote was 7–2, not 6–3.", user=editor)
    _post(eleanor, story, headline="Harbour plan approved after long debate", _save_pending="1")
    _post(eleanor, story, headline="Harbour plan approved after long debate", _publish_pending="1")

    rows = _history(eleanor, story)

    assert rows[0] == "Pending changes published by Eleanor Marsh; changed headline"
    assert rows[1] == "Saved changes as draft by Eleanor Marsh; changed headline"
    assert rows[2] == "Correction published by Eleanor Marsh: The vote was 7–2, not 6–3."


def test_restoring_a_version_says_so_and_compare_still_works(eleanor, draft):
    _post(eleanor, draft, standfirst="A new sea wall by 2030.")
    _post(eleanor, draft, headline="Harbour plan approved by council")
    old, new = sorted(Version.objects.get_for_object(draft), key=lambda version: version.pk)[-2:]

    compare = eleanor.get(
        reverse("admin:articles_article_compare", args=[draft.pk]), {"version_id1": old.pk, "version_id2": new.pk}
    )
    revision_url = reverse("admin:articles_article_revision", args=[draft.pk, old.pk])
    restore_form = eleanor.get(revision_url)
    draft.refresh_from_db()
    restored = eleanor.post(revision_url, article_form_data(draft, headline="Harbour plan approved"))

    assert compare.status_code == 200 and "Harbour plan approved by council" in compare.text
    assert restore_form.status_code == 200
    assert restored.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Harbour plan approved"
    assert _history(eleanor, draft)[0].startswith("Restored the version saved on ")
    assert _history(eleanor, draft)[0].endswith(" by Eleanor Marsh")


def test_the_history_page_offers_compare_and_each_versions_restore_link(eleanor, draft):
    _post(eleanor, draft, standfirst="A new sea wall by 2030.")
    _post(eleanor, draft, headline="Harbour plan approved by council")

    page = eleanor.get(reverse("admin:articles_article_history", args=[draft.pk])).text

    assert "Compare the chosen versions" in page and 'name="version_id1"' in page
    for version in Version.objects.get_for_object(draft):
        assert reverse("admin:articles_article_revision", args=[draft.pk, version.pk]) in page


def test_the_activity_page_uses_the_same_words(eleanor, draft):
    with time_machine.travel(NOW, tick=False):
        _post(eleanor, draft, _schedule="1", published_at_0="03/12/2026", published_at_1="09:00:00")
        page = eleanor.get(reverse("admin:articles_article_activity")).text

    assert "Scheduled for 3 Dec 09:00" in page and "Eleanor Marsh" in page
