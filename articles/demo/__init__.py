"""The demo newsroom's content (``manage.py load_demo``). Other apps add their own demo content when
``demo_loaded`` is sent, inside the command's transaction (pages: About, Contact, Privacy ...)."""

from django.dispatch import Signal

demo_loaded = Signal()
