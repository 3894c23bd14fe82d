"""Copy that arrives in the background: wire and feed sources polled on their own, and the admin's large uploads.

Everything here runs as Django tasks (``tasks.py``) on the database queue (django-tasks-db, ``manage.py
db_worker``), and every story goes through ``ingest.importers.run_import``: the same guids, versions, edited-by-
an-editor holds, embargoes and input guards as a file imported by hand.

    models      Source (what to poll and what it last did), SourceRun (one poll), UploadImport (an admin upload)
    polling     one conditional GET of a feed or wire endpoint, behind the outbound client's guard and limits
    sources     one run of a source: claim it, fetch, import, record counts, errors and backoff; which are due
    folders     drop folders: each file claimed by a rename, then moved to done/ or failed/ with its reason
    uploads     the admin's large dry runs and confirms, run by a worker with progress the page reads
    tasks       the task functions, and the scheduler task that keeps itself queued (no cron needed)
"""
