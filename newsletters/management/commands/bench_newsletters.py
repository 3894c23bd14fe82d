"""Time rendering and handing N personalised newsletter copies to an SMTP sink on loopback, through the real send
path (the send log, claims, marks, one SMTP connection reused), and watch the process's memory as it goes.

    manage.py bench_newsletters --subscribers 100000        # seeds bench-… readers once (best on a database of its own)
    manage.py bench_newsletters --clean                     # removes them

Ends with a JSON line: readers, seconds to write the send log, seconds to hand every copy over, copies a second,
resident memory (MB) at the start and every tenth of the way, what the sink counted, and the load average.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from articles.models import Article, Section, Status
from newsletters import assembly, sending
from newsletters.models import Delivery, Edition, Kind, NewsletterList, Subscriber, Subscription, new_key

SLUG = "bench-newsletter"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def loadavg() -> str:
    with open("/proc/loadavg") as figures:
        return " ".join(figures.read().split()[:3])


class Command(BaseCommand):
    help = "Time handing N personalised newsletter copies to an SMTP sink on loopback (a JSON line at the end)."

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=100_000)
        parser.add_argument("--stories", type=int, default=8)
        parser.add_argument("--clean", action="store_true", help="remove the bench readers, list and editions")

    def handle(self, *args, subscribers: int, stories: int, clean: bool, **options):
        if clean:
            self._clean()
            return
        newsletter = self._seed(subscribers, stories)
        port = self._free_port()
        sink = subprocess.Popen(  # noqa: S603 (our own module, on loopback)
            [sys.executable, "-m", "newsletters.management.commands._sink", str(port)],
            stdout=subprocess.PIPE,
            text=True,
        )
        sink.stdout.readline()  # "ready"
        mailer = {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
        try:
            with override_settings(MAILERS={"default": mailer}):
                figures = self._send(newsletter, subscribers)
        finally:
            sink.terminate()
            counted = json.loads(sink.communicate(timeout=30)[0].strip().splitlines()[-1])
        figures |= {"sink_messages": counted["messages"], "sink_mb": round(counted["bytes"] / 1024**2, 1)}
        figures["load_after"] = loadavg()
        self.stdout.write(self.style.SUCCESS(json.dumps(figures)))

    def _send(self, newsletter: NewsletterList, count: int) -> dict:
        edition = assembly.new_edition(newsletter=newsletter, subject=f"Bench edition {timezone.now():%H:%M:%S}")
        picked = list(Article.objects.published().filter(slug__startswith="bench-nl-")[:8])
        assembly.fill(edition, picked)
        load_before, rss = loadavg(), [round(rss_mb(), 1)]
        started = time.perf_counter()
        sending.start(edition)
        prepared = time.perf_counter()
        done = threading.Event()

        def watch():
            marks = {round(count * n / 10) for n in range(1, 11)}
            while not done.wait(0.5):
                sent = Delivery.objects.filter(edition=edition, status="sent").count()
                if marks and sent >= min(marks):
                    marks.discard(min(marks))
                    rss.append(round(rss_mb(), 1))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        while sending.run(edition.pk, seconds=3600) == "more":
            pass
        finished = time.perf_counter()
        done.set()
        watcher.join()
        rss.append(round(rss_mb(), 1))
        sent = Delivery.objects.filter(edition=edition, status="sent").count()
        return {
            "readers": count,
            "sent": sent,
            "html_kb": round(len(Edition.objects.get(pk=edition.pk).html.encode()) / 1024, 1),
            "send_log_seconds": round(prepared - started, 2),
            "hand_over_seconds": round(finished - prepared, 2),
            "emails_per_second": round(sent / (finished - prepared), 1),
            "rss_mb": rss,
            "database": os.environ.get("DATABASE_URL", "sqlite").split(":")[0],
            "load_before": load_before,
        }

    @transaction.atomic
    def _seed(self, count: int, stories: int) -> NewsletterList:
        newsletter, _ = NewsletterList.objects.get_or_create(
            slug=SLUG, defaults={"name": "Bench briefing", "kind": Kind.EDITORIAL, "offered": False}
        )
        have = Subscriber.objects.filter(email__endswith="@bench.invalid").count()
        for start in range(have, count, 5000):
            readers = Subscriber.objects.bulk_create(
                Subscriber(email=f"bench-{n}@bench.invalid", key=new_key())
                for n in range(start, min(count, start + 5000))
            )
            Subscription.objects.bulk_create(Subscription(subscriber=r, newsletter=newsletter) for r in readers)
        section, _ = Section.objects.get_or_create(slug="bench-nl", defaults={"name": "Bench newsletters"})
        for n in range(Article.objects.filter(slug__startswith="bench-nl-").count(), stories):
            Article.objects.create(
                headline=f"Bench story {n}: the harbour wall, the ferry and the council",
                slug=f"bench-nl-{n}",
                standfirst="A sentence about what happened, long enough to look like a real standfirst in the mail.",
                body="<p>Bench.</p>",
                section=section,
                status=Status.PUBLISHED,
                published_at=timezone.now(),
            )
        return newsletter

    def _clean(self) -> None:
        newsletter = NewsletterList.objects.filter(slug=SLUG).first()
        if newsletter:
            Edition.objects.filter(newsletter=newsletter).delete()
            newsletter.delete()
        deleted, _ = Subscriber.objects.filter(email__endswith="@bench.invalid").delete()
        Article.objects.filter(slug__startswith="bench-nl-").delete()
        Section.objects.filter(slug="bench-nl").delete()
        self.stdout.write(self.style.SUCCESS(f"Removed the bench newsletter and {deleted} rows."))

    @staticmethod
    def _free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]
