"""Signing up without an account: the footer's form on every page and a listing page's follow form, a confirmation
mail through a real SMTP server (double opt-in), and the guards against bots and against signing up other people."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from newsletters import subscribers
from newsletters.models import ConfirmationMail, Kind, NewsletterList, Subscriber
from tests.factories import PublishedArticleFactory, RegionFactory
from tests.newsletters.conftest import aged_stamp, subscribe

SIGNUP = "/newsletters/"


def confirmation_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"https://news\.example\.org(/newsletters/confirm/\S+/)", text).group(1)


def main(response) -> str:
    """The page's own content (the chrome around it carries per-request values: nonces, the footer form's stamp)."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def sign_up(client, committed, **data):
    form = {"email": "reader@example.org", "website": "", "stamp": aged_stamp(), **data}
    return committed(client.post, SIGNUP, form)


def test_a_reader_signs_up_from_the_footer_confirms_by_email_and_gets_the_briefing(client, smtp, morning, committed):
    home = client.get(reverse("articles:home")).content.decode()
    assert 'action="/newsletters/"' in home and 'name="website"' in home  # the footer's form, on every page

    response = sign_up(client, committed, email="Reader@Example.org")
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert not Subscriber.objects.exists()  # nothing kept until the address is confirmed
    [mail] = smtp.messages
    assert mail["To"] == "reader@example.org" and "Confirm" in mail["Subject"]

    link = confirmation_link(mail)
    page = client.get(link).content.decode()
    assert "The Morning Briefing" in page and "checked" in page  # the list ticked in the footer's sign-up is offered
    confirmed = client.post(link, {"lists": [morning.pk]})
    assert confirmed.status_code == 302 and "/newsletters/preferences/" in confirmed["Location"]
    reader = Subscriber.objects.get(email="reader@example.org")
    assert list(reader.lists.all()) == [morning]
    assert "You are subscribed" in client.get(confirmed["Location"]).content.decode()


def test_following_a_region_from_its_page_makes_its_daily_list(client, smtp, committed):
    coast = RegionFactory(name="Coast", slug="coast")
    PublishedArticleFactory(regions=[coast])
    page = client.get(coast.get_absolute_url()).content.decode()
    assert "Get Coast by email" in page and f'value="region:{coast.pk}"' in page

    sign_up(client, committed, follow=f"region:{coast.pk}")
    link = confirmation_link(smtp.messages[0])
    assert "Coast: daily" in client.get(link).content.decode()
    client.post(link, {"follow": [f"region:{coast.pk}"]})

    followed = NewsletterList.objects.get(kind=Kind.REGION, subject_id=coast.pk)
    assert followed.automatic and list(followed.subscribers.values_list("email", flat=True)) == ["reader@example.org"]


def test_a_region_only_drafts_carry_cannot_be_followed(client, smtp, committed):
    secret = RegionFactory(name="Secret Cove", slug="secret-cove")
    sign_up(client, committed, follow=f"region:{secret.pk}")
    assert smtp.messages == [] or "Secret Cove" not in client.get(confirmation_link(smtp.messages[0])).content.decode()
    assert not NewsletterList.objects.filter(kind=Kind.REGION).exists()


def test_the_honeypot_is_answered_as_usual_and_sends_nothing(client, smtp, morning, committed):
    response = sign_up(client, committed, website="http://spam.example")
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert smtp.messages == []


@pytest.mark.parametrize("stamp", ["", "forged", None])
def test_a_form_sent_too_fast_or_without_its_stamp_is_shown_again_to_confirm(client, smtp, morning, committed, stamp):
    from newsletters import tokens

    response = sign_up(client, committed, stamp=tokens.stamp() if stamp is None else stamp)
    html = response.content.decode()
    assert response.status_code == 200 and "One more click" in html and 'value="reader@example.org"' in html
    assert smtp.messages == []
    again = re.search(r'name="stamp" value="([^"]+)"', html).group(1)
    assert tokens.stamp_age(again) is not None  # a fresh stamp: a person's next click goes through


def test_the_answer_is_the_same_whether_the_address_is_new_subscribed_or_suppressed(client, smtp, morning, committed):
    subscribe(morning, "known@example.org")
    subscribers.suppress(email="bounced@example.org", reason="bounce")
    pages = {
        email: main(sign_up(client, committed, email=email)).replace(email, "ADDRESS")
        for email in ("new@example.org", "known@example.org", "bounced@example.org")
    }
    assert len(set(pages.values())) == 1
    assert sorted(m["To"] for m in smtp.messages) == ["known@example.org", "new@example.org"]


def test_one_address_gets_at_most_three_confirmation_mails_a_day(client, smtp, morning, committed, settings):
    settings.NEWSLETTER = {**settings.NEWSLETTER, "SIGNUPS_PER_EMAIL_HOUR": 100}
    answers = {sign_up(client, committed, email="victim@example.org").status_code for _ in range(6)}
    assert answers == {200}  # the sixth looks like the first
    assert len(smtp.messages) == 3 and ConfirmationMail.objects.filter(sent_at__isnull=False).count() == 3


def test_one_requester_signing_up_many_addresses_is_refused_after_its_hourly_limit(client, smtp, morning, committed):
    codes = [sign_up(client, committed, email=f"person{n}@example.org").status_code for n in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]
    assert len(smtp.messages) == 10


def test_a_confirmation_link_tampered_with_or_expired_does_nothing(client, smtp, morning, committed, time_machine):
    sign_up(client, committed)
    link = confirmation_link(smtp.messages[0])
    assert client.get(link[:-3] + "xx/").status_code == 410
    time_machine.move_to("2099-01-01")
    assert client.post(link, {"lists": [morning.pk]}).status_code == 410
    assert not Subscriber.objects.exists()


def test_the_sign_up_needs_no_csrf_token_the_confirmation_does(smtp, morning, committed):
    strict = Client(enforce_csrf_checks=True)
    assert sign_up(strict, committed).status_code == 200
    assert strict.post(confirmation_link(smtp.messages[0]), {"lists": [morning.pk]}).status_code == 403
