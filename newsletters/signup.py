"""Signing up, and the guards against abuse, without an account.

A sign-up stores nothing about the address until it is confirmed: the confirmation link (double opt-in) carries the
address and the lists, signed, for ``tokens.CONFIRM_DAYS``. Whoever asks, the answer is the same ("check your
inbox"), whether the address is new, already subscribed, suppressed, or over its limit: the form says nothing about
who reads what.

Guards, in order:
- bots: a honeypot field people never see (filled: answered as usual, nothing sent) and a minimum time since the
  form was drawn (a signed stamp in the form; too fast or no stamp: the reader is asked to confirm on a fresh form,
  so a person never loses a sign-up);
- the requester (``newsroom.proxies.client_ip``): ``SIGNUPS_PER_ADDRESS_HOUR`` sign-ups an hour (over: 429) and
  ``CONFIRMATIONS_PER_ADDRESS_DAY`` confirmation mails a day;
- the address signed up (someone else's, en masse): ``SIGNUPS_PER_EMAIL_HOUR`` an hour and
  ``CONFIRMATIONS_PER_EMAIL_DAY`` confirmation mails a day, silently.
Hourly limits are ``newsroom.limits`` windows (Redis or the database, shared by every process); the daily caps
count ``ConfirmationMail`` rows, which keep digests of the address and the requester, never either.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsletters import subscribers, tasks, tokens
from newsletters.models import ConfirmationMail, digest
from newsroom import limits

MIN_SECONDS = 3


class Outcome(StrEnum):
    SENT = "sent"  # a confirmation mail is on its way
    QUIET = "quiet"  # nothing sent, answered as if it were (a bot, an address over its limit, a suppressed one)
    AGAIN = "again"  # too fast or no stamp: confirm on a fresh form
    LIMITED = "limited"  # this requester asked too often: 429


def _over(name: str, *, limit: int) -> bool:
    hits = limits.count(name, seconds=3600)
    return hits is not None and hits > limit


def sign_up(*, signup: tokens.SignUp, requester: str, stamp: str, honeypot: str) -> Outcome:
    conf = settings.NEWSLETTER
    if honeypot:
        return Outcome.QUIET
    age = tokens.stamp_age(stamp)
    if age is None or age < MIN_SECONDS:
        return Outcome.AGAIN
    requester_digest, email_digest = digest(requester or "unknown"), digest(signup.email)
    if _over(f"nl-signup:{requester_digest}", limit=conf["SIGNUPS_PER_ADDRESS_HOUR"]):
        return Outcome.LIMITED
    if _over(f"nl-signup-email:{email_digest}", limit=conf["SIGNUPS_PER_EMAIL_HOUR"]):
        return Outcome.QUIET
    if subscribers.is_suppressed(signup.email):
        return Outcome.QUIET
    day = timezone.now() - timedelta(days=1)
    sent = ConfirmationMail.objects.filter(created_at__gte=day)
    if sent.filter(email_digest=email_digest).count() >= conf["CONFIRMATIONS_PER_EMAIL_DAY"]:
        return Outcome.QUIET
    if sent.filter(requester_digest=requester_digest).count() >= conf["CONFIRMATIONS_PER_ADDRESS_DAY"]:
        return Outcome.QUIET
    with transaction.atomic():
        record = ConfirmationMail.objects.create(email_digest=email_digest, requester_digest=requester_digest)
        token = tokens.confirmation(signup)
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(record.pk, token))
    return Outcome.SENT
