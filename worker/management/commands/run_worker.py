"""``manage.py run_worker``: the task worker (``worker.runner``), run under systemd as ``newsroom-worker@N``."""

import os
import socket

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

from worker.conf import conf
from worker.runner import LeasedWorker


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue, with a heartbeat and leases (a dead worker's task runs again "
        "elsewhere), the periodic jobs the apps register, and waiting out database outages. SIGTERM stops it cleanly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="Queues to take tasks from, comma-separated.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--worker-id", default="", help="Unique among all workers (default: host-pid-random).")
        parser.add_argument("--no-startup-delay", action="store_false", dest="startup_delay")
        parser.add_argument(
            "--no-schedule", action="store_false", dest="schedule_jobs", help="Take tasks only; run no periodic jobs."
        )

    def handle(self, *args, queue_name, interval, worker_id, startup_delay, schedule_jobs, **options):
        if interval < 0:
            raise CommandError("--interval must be 0 or more")
        worker_id = worker_id or default_worker_id()
        if len(worker_id) > 64:
            raise CommandError("--worker-id must be at most 64 characters")
        worker = LeasedWorker(
            conf=conf(),
            worker_id=worker_id,
            queue_names=queue_name.split(","),
            interval=interval,
            startup_delay=startup_delay,
            schedule_jobs=schedule_jobs,
        )
        worker.configure_signals()
        worker.run()
