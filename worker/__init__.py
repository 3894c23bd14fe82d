"""The task worker: django-tasks-db's queue run with leases, a heartbeat per worker and one scheduler shared by all.

See ``runner`` (the loop), ``leases`` (finding and putting back the tasks of workers that died), ``schedule`` (periodic
jobs the apps register, each tick claimed once in the database) and ``manage.py run_worker``. The bottom layer:
it imports no feature app; apps register their periodic jobs from their ``worker_hooks.py``.
"""
