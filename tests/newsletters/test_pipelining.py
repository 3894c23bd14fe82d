"""Copies handed to an SMTP server that offers PIPELINING (as Postfix and the services' relays do) go with MAIL, RCPT
and DATA in one write; the benchmark's sink (newsletters/management/commands/_sink.py) offers it."""

import json
import socket
import subprocess
import sys

from newsletters import assembly, editions
from tests.factories import PublishedArticleFactory
from tests.newsletters.conftest import subscribe


def test_a_pipelining_server_receives_every_copy(settings, morning, editor, committed):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = subprocess.Popen(
        [sys.executable, "-m", "newsletters.management.commands._sink", str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert sink.stdout.readline().strip() == "ready"
        options = {"host": "127.0.0.1", "port": port, "timeout": 30}
        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}}
        subscribe(morning, *[f"reader{n}@example.org" for n in range(5)])
        edition = assembly.new_edition(newsletter=morning, subject="Briefing")
        assembly.fill(edition, [PublishedArticleFactory(headline="Harbour wall repaired")])
        committed(editions.send_now, edition=edition, user=editor)
    finally:
        sink.terminate()
    counted = json.loads(sink.communicate(timeout=30)[0].strip().splitlines()[-1])
    assert counted["messages"] == 5
    assert set(edition.deliveries.values_list("status", flat=True)) == {"sent"}
