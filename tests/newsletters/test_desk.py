"""Newsletters in the desk: the preview (the mail's HTML in a sandboxed frame, and its plain text), a test send, the
lists with subscriber counts, editions with their delivery counts; writers draft, editors send."""

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters import assembly
from newsletters.models import Edition, EditionStatus
from tests.factories import DraftArticleFactory, PublishedArticleFactory
from tests.newsletters.conftest import subscribe


@pytest.fixture
def draft(morning, writer):
    subscribe(morning, "ann@example.org", "bob@example.org")
    edition = assembly.new_edition(newsletter=morning, subject="Tuesday's briefing", user=writer)
    assembly.fill(
        edition, [PublishedArticleFactory(headline="Harbour wall repaired"), DraftArticleFactory(headline="Not yet")]
    )
    return edition


def test_an_editor_previews_test_sends_and_sends_an_edition_from_the_desk(client, smtp, draft, editor, committed):
    client.force_login(editor)
    url = reverse("admin:newsletters_edition_preview", kwargs={"edition_id": draft.pk})
    page = client.get(url).content.decode()
    assert "<iframe" in page and "srcdoc=" in page and "Harbour wall repaired" in page
    assert "As plain text" in page and "1 of its stories is not public yet" in page and "Not yet" not in page
    assert "Send now to every subscriber" in page

    client.post(url, {"action": "test", "to": "desk@example.org"})
    assert [(m["To"], m["Subject"]) for m in smtp.messages] == [("desk@example.org", "[Test] Tuesday's briefing")]

    committed(client.post, url, {"action": "send"})
    draft.refresh_from_db()
    assert draft.status == EditionStatus.SENT
    assert sorted(m["To"] for m in smtp.messages[1:]) == ["ann@example.org", "bob@example.org"]
    listing = client.get(reverse("admin:newsletters_edition_changelist")).content.decode()
    assert "2 sent, 0 failed" in listing
    lists = client.get(reverse("admin:newsletters_newsletterlist_changelist")).content.decode()
    assert "The Morning Briefing" in lists and "+2" in lists


def test_a_writer_drafts_and_previews_but_cannot_send(client, smtp, draft, writer, committed):
    client.force_login(writer)
    url = reverse("admin:newsletters_edition_preview", kwargs={"edition_id": draft.pk})
    page = client.get(url).content.decode()
    assert "Harbour wall repaired" in page and "Send now" not in page and "An editor sends" in page
    committed(client.post, url, {"action": "send"})
    draft.refresh_from_db()
    assert draft.status == EditionStatus.DRAFT and smtp.messages == []


def test_a_writer_sends_test_copies_to_their_own_address_only(client, smtp, draft, writer):
    writer.email = "writer@example.org"
    writer.save(update_fields=["email"])
    client.force_login(writer)
    url = reverse("admin:newsletters_edition_preview", kwargs={"edition_id": draft.pk})

    refused = client.post(url, {"action": "test", "to": "someone@example.org"}, follow=True).content.decode()
    client.post(url, {"action": "test", "to": "Writer@example.org"})

    assert "test copies to their own address" in refused
    assert [m["To"] for m in smtp.messages] == ["Writer@example.org"]


def desk_form(client, url: str, **values) -> dict[str, list[str]]:
    """The edition form as the desk draws it, with ``values`` typed in (what a browser would post)."""
    page = lxml.html.fromstring(client.get(url).content)
    form = page.xpath('//form[@id="edition_form"]')[0]
    data: dict[str, list[str]] = {control.name: [] for control in form.inputs if control.name}
    for name, value in form.form_values():
        data[name].append(value)
    return {**data, **{name: [str(value)] for name, value in values.items()}}


def test_a_writer_drafts_two_editions_of_one_list_on_one_day_and_each_gets_its_own_number(client, morning, writer):
    client.force_login(writer)
    url = reverse("admin:newsletters_edition_add")
    for subject in ("Morning", "Evening"):
        response = client.post(url, desk_form(client, url, newsletter=morning.pk, subject=subject))
        assert response.status_code == 302

    made = Edition.objects.filter(newsletter=morning).order_by("number")
    assert [(e.subject, e.number, e.status) for e in made] == [("Morning", 1, "draft"), ("Evening", 2, "draft")]
    assert made[1].get_absolute_url().endswith(f"{timezone.localdate():%Y-%m-%d}-2/")


def test_moving_a_draft_to_a_day_that_has_an_edition_numbers_it_after_that_one(client, morning, editor):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assembly.new_edition(newsletter=morning, subject="Tomorrow's", issue_date=tomorrow)
    draft = assembly.new_edition(newsletter=morning, subject="Today's")
    client.force_login(editor)
    url = reverse("admin:newsletters_edition_change", args=[draft.pk])

    response = client.post(url, desk_form(client, url, issue_date=f"{tomorrow:%d/%m/%Y}"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.issue_date, draft.number) == (tomorrow, 2)


def test_a_writer_cannot_change_an_edition_an_editor_scheduled(client, draft, writer, editor):
    client.force_login(editor)
    url = reverse("admin:newsletters_edition_change", args=[draft.pk])
    data = desk_form(client, url, subject="Changed by the writer")
    Edition.objects.filter(pk=draft.pk).update(
        status=EditionStatus.SCHEDULED, scheduled_at=timezone.now() + timedelta(hours=2)
    )
    client.force_login(writer)

    assert client.post(url, data).status_code == 403
    draft.refresh_from_db()
    assert draft.subject == "Tuesday's briefing"


def test_the_same_story_twice_in_an_edition_is_refused_with_a_message_not_an_error(client, draft, writer):
    story = draft.items.first().article
    client.force_login(writer)
    url = reverse("admin:newsletters_edition_change", args=[draft.pk])
    data = desk_form(client, url)
    extra = int(data["items-TOTAL_FORMS"][0]) - 1
    data |= {f"items-{extra}-article": [str(story.pk)], f"items-{extra}-position": ["3"]}

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200 and "Edition item with this Edition and Story already exists." in page
    assert draft.items.filter(article=story).count() == 1
