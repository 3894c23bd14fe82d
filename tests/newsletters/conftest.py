import time

import pytest

from newsletters import tokens
from newsletters.models import Kind, NewsletterList, Subscriber, Subscription
from tests.newsletters.smtp import SMTPServer


@pytest.fixture
def smtp(settings, db):
    """A real SMTP server on loopback; Django's mail goes to it."""
    with SMTPServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server


@pytest.fixture(autouse=True)
def _site(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_URL": "https://news.example.org"}
    settings.DEFAULT_FROM_EMAIL = "news@news.example.org"


@pytest.fixture
def morning(db):
    return NewsletterList.objects.create(
        name="The Morning Briefing", slug="morning", kind=Kind.EDITORIAL, default_choice=True
    )


@pytest.fixture
def breaking(db):
    return NewsletterList.objects.create(name="Breaking news", slug="breaking", kind=Kind.ALERTS)


def subscribe(newsletter, *emails):
    readers = [Subscriber.objects.create(email=email) for email in emails]
    Subscription.objects.bulk_create(Subscription(subscriber=r, newsletter=newsletter) for r in readers)
    return readers


def aged_stamp(seconds: float = 30) -> str:
    """A form drawn ``seconds`` ago, as a person's would be."""
    return tokens.stamp(now=time.time() - seconds)
