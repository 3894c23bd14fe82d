"""Newsletters: lists readers subscribe to, the editions sent to them, and the send log that makes a send resumable.

NewsletterList   an editor's list, or one following a section, region, topic or author (articles.subjects), or
                 breaking alerts
Subscriber       an address that confirmed (double opt-in), with its lists (Subscription); tokens in links carry
                 its random ``key``, never its id
Edition          one mailing of a list: a digest (stories in order, an intro, a lead) or an alert (one story)
Delivery         the send log: one row per subscriber and edition, claimed before it is handed to the mail
                 service and marked after (newsletters.sending)
Suppression      addresses that bounced, complained or were erased, kept as a digest only
ConfirmationMail each confirmation mail sent, by digests of the address and the requester, for the daily caps
Alert            an editor's request to mail a story to an alerts list when it is (or once it becomes) public
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles import subjects
from articles.models import Article


def digest(value: str) -> str:
    """What the suppression list and the caps keep of an address (an email or a requester's IP): never the address."""
    return hashlib.sha256(f"newsletters:{value.strip().lower()}".encode()).hexdigest()


def new_key() -> str:
    return secrets.token_urlsafe(18)


class Kind(models.TextChoices):
    EDITORIAL = "editorial", "Editors' newsletter"
    SECTION = "section", "Follows a section"
    REGION = "region", "Follows a region (and the places in it)"
    TOPIC = "topic", "Follows a topic"
    AUTHOR = "author", "Follows an author"
    ALERTS = "alerts", "Breaking alerts"


SUBJECT_KINDS = {Kind.SECTION, Kind.REGION, Kind.TOPIC, Kind.AUTHOR}


class Cadence(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    NONE = "none", "When editors send one"


# The archive lives at /newsletters/<slug>/, beside these addresses.
RESERVED_SLUGS = frozenset({"confirm", "preferences", "unsubscribe", "webhooks"})


def _not_reserved(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(f"“{slug}” is used by another part of the newsletters' pages; choose another address.")


class NewsletterList(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, validators=[_not_reserved])
    description = models.TextField(
        blank=True, default="", help_text="One or two sentences shown where readers sign up."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EDITORIAL)
    subject_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="For a list following a section, region, topic or author: which one."
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    send_time = models.TimeField(default=time(7, 0), help_text="In the site's time zone.")
    send_weekday = models.PositiveSmallIntegerField(
        default=0, choices=[(n, day) for n, day in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))]
    )
    automatic = models.BooleanField(
        "send automatically",
        default=False,
        help_text="RSS-to-email: at each send time the worker assembles an edition of what is new and sends it.",
    )
    offered = models.BooleanField("offered on the sign-up page", default=True)
    default_choice = models.BooleanField("ticked in the footer's sign-up", default=False)
    last_edition_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "newsletter"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"], condition=Q(subject_id__isnull=False), name="one_list_per_subject"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsletters:archive", kwargs={"list_slug": self.slug})

    @property
    def subject_kind(self) -> subjects.Subject | None:
        return subjects.SUBJECTS.get(self.kind)

    def subject(self):
        """The section, region, topic or author this list follows (None for editors' lists and alerts)."""
        kind = self.subject_kind
        return kind.model.objects.filter(pk=self.subject_id).first() if kind and self.subject_id else None


class SubscriberStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    SUPPRESSED = "suppressed", "Suppressed (bounced or complained)"


class Subscriber(models.Model):
    """Only confirmed addresses are stored: an unconfirmed sign-up lives in its signed link until it is clicked."""

    email = models.EmailField(max_length=254, unique=True)
    key = models.CharField(max_length=32, unique=True, default=new_key, editable=False)
    status = models.CharField(max_length=20, choices=SubscriberStatus.choices, default=SubscriberStatus.ACTIVE)
    paused_until = models.DateTimeField(null=True, blank=True)
    lists = models.ManyToManyField(NewsletterList, through="Subscription", related_name="subscribers")
    confirmed_at = models.DateTimeField(default=timezone.now)
    signed_up_from = models.CharField(max_length=300, blank=True, default="", help_text="The page of the sign-up.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def receives(self) -> bool:
        if self.status == SubscriberStatus.PAUSED:
            return bool(self.paused_until and self.paused_until <= timezone.now())
        return self.status == SubscriberStatus.ACTIVE


def receiving(queryset):
    """Subscribers that get mail now: active, or paused until a time that has passed."""
    now = timezone.now()
    return queryset.filter(Q(status=SubscriberStatus.ACTIVE) | Q(status=SubscriberStatus.PAUSED, paused_until__lte=now))


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    newsletter = models.ForeignKey(NewsletterList, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "newsletter"], name="one_subscription_per_list")]
        indexes = [models.Index(fields=["newsletter", "created_at"], name="subscription_list_created")]


class EditionKind(models.TextChoices):
    DIGEST = "digest", "Digest"
    ALERT = "alert", "Alert"


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class Edition(models.Model):
    newsletter = models.ForeignKey(NewsletterList, on_delete=models.PROTECT, related_name="editions")
    kind = models.CharField(max_length=10, choices=EditionKind.choices, default=EditionKind.DIGEST)
    subject = models.CharField("subject line", max_length=200)
    intro = models.TextField(blank=True, default="", help_text="A few sentences above the stories (plain text).")
    lead = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Shown first, large."
    )
    articles = models.ManyToManyField(Article, through="EditionItem", related_name="+", blank=True)
    status = models.CharField(max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    issue_date = models.DateField(default=timezone.localdate)
    number = models.PositiveSmallIntegerField(default=1, editable=False, help_text="The day's first, second…")
    scheduled_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients = models.PositiveIntegerField(default=0, editable=False)
    # The mail as handed out, rendered once when the send starts (newsletters.render), with a placeholder for each
    # reader's own links; re-rendered if one of its stories stops being public while it goes out.
    html = models.TextField(blank=True, default="", editable=False)
    text = models.TextField(blank=True, default="", editable=False)
    rendered_ids = models.CharField(max_length=2000, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-issue_date", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "issue_date", "number"], name="one_edition_per_number")
        ]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="edition_status_scheduled")]

    def __str__(self):
        return f"{self.newsletter}: {self.subject}"

    @property
    def issue(self) -> str:
        return f"{self.issue_date:%Y-%m-%d}" + (f"-{self.number}" if self.number > 1 else "")

    def get_absolute_url(self):
        return reverse("newsletters:edition", kwargs={"list_slug": self.newsletter.slug, "issue": self.issue})


class EditionItem(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name="story")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "article"], name="one_item_per_story")]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    CLAIMED = "claimed", "Being handed over"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    BOUNCED = "bounced", "Bounced"
    COMPLAINED = "complained", "Complaint"


class Delivery(models.Model):
    """One reader's copy of one edition. Claimed (``claim``, ``claimed_at``) in a committed write before it is handed
    to the mail service, marked sent in another right after; ``message_id`` is fixed when the row is made, so a copy
    handed over again after a crash carries the same Message-ID."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    email = models.CharField(max_length=254, blank=True, default="")
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    claim = models.CharField(max_length=40, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, db_index=True)
    error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], condition=Q(subscriber__isnull=False), name="one_delivery_per_reader"
            )
        ]
        indexes = [models.Index(fields=["edition", "status", "id"], name="delivery_edition_status")]

    def __str__(self):
        return f"{self.email or 'erased'}: {self.get_status_display()}"


class SuppressionReason(models.TextChoices):
    BOUNCE = "bounce", "Hard bounce"
    COMPLAINT = "complaint", "Spam complaint"
    MANUAL = "manual", "Suppressed by an editor"


class Suppression(models.Model):
    email_digest = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=20, choices=SuppressionReason.choices)
    detail = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.get_reason_display()} ({self.email_digest[:12]}…)"


class ConfirmationMail(models.Model):
    email_digest = models.CharField(max_length=64)
    requester_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)  # claimed by the task that sends it: sent at most once

    class Meta:
        indexes = [
            models.Index(fields=["email_digest", "created_at"], name="confirmation_email_day"),
            models.Index(fields=["requester_digest", "created_at"], name="confirmation_requester_day"),
        ]


class AlertStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the story to go out"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class Alert(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name="story")
    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.PROTECT, related_name="alerts", limit_choices_to={"kind": Kind.ALERTS}
    )
    status = models.CharField(max_length=10, choices=AlertStatus.choices, default=AlertStatus.WAITING, editable=False)
    edition = models.OneToOneField(Edition, null=True, blank=True, on_delete=models.SET_NULL, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "newsletter"], name="one_alert_per_story_and_list")]

    def __str__(self):
        return f"Alert: {self.article}"


class ProviderPace(models.Model):
    """The mail service's rate across every worker: the next moment (``time.time()``) a message may be handed over."""

    name = models.CharField(max_length=100, unique=True)
    next_free = models.FloatField(default=0)
