"""Copy that arrives in the background: wire and feed sources polled on their own, and the admin's large uploads.

Everything here runs as Django tasks (``tasks.py``) on the database queue (django-tasks-db, ``manage.py
run_worker``), and every story goes through ``ingest.importers.run_import``: the same guids, versions, edited-by-
an-editor holds, embargoes and input guards as a file imported by hand.

    models      Source (what to poll and what it last did), SourceRun (one poll), StagedUpload (an import page
                preview: its files in media storage, the confirm's claim), UploadImport (an admin upload's job)
    staging     where a preview's files wait (media storage, read by every instance) and the confirm's claim
    polling     one conditional GET of a feed or wire endpoint, behind the outbound client's guard and limits
    sources     one run of a source: claim it, fetch, import, record counts, errors and backoff; which are due
    folders     drop folders: each file claimed by a rename, then moved to done/ or failed/ with its reason
    uploads     the admin's large dry runs and confirms, run by a worker with progress the page reads
    tasks       the task functions, and the scheduler task that keeps itself queued (no cron needed)
"""
