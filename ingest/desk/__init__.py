"""Ingest's pages and pieces in the editors' desk: the import page (``imports``), import runs on the activity page
(``activity``); registered with the desk in ``ingest/desk_hooks.py``."""
