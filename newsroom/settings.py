"""Newsroom settings: one file, every environment differs only by environment variables.

See `.env.example` for the full list. Production is secure by default: with DEBUG off the site needs
SECRET_KEY and ALLOWED_HOSTS, redirects to HTTPS, sends HSTS and marks cookies secure. Plain-HTTP local
use (`make run`) switches that off explicitly with SECURE_HTTPS=0.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from desk import sidebar as desk_sidebar
from newsroom import __version__, errors, metrics, proxies

BASE_DIR = Path(__file__).resolve().parent.parent
# A checkout has templates/ and static/ beside the apps; an installed wheel (pip install .) carries them inside the
# newsroom package (pyproject.toml's package data).
SHIPPED_DIR = BASE_DIR if (BASE_DIR / "templates").is_dir() else Path(__file__).resolve().parent
NEWSROOM_VERSION = __version__  # in /healthz and its X-Newsroom-Version header


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (a long random string), "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The editors' desk is django-unfold over Django's admin (same URLs and permissions); before the admin so its
    # templates win. See desk/ for the sidebar and the dashboard.
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.reversion",
    "unfold.contrib.reversion_compare",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",  # SearchVectorField; harmless on SQLite
    "taggit",
    "django_filters",
    "django_prose_editor",
    "reversion",
    "reversion_compare",
    # Editors' logins: two-factor (TOTP apps and printed recovery codes) and throttling; see newsroom/accounts.py.
    "two_factor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",  # the task queue's tables
    "worker",  # its worker (manage.py run_worker): heartbeats, leases, the periodic jobs apps register
    "newsroom",  # the shared bottom layer's one table: limits every process shares (newsroom/limits.py)
    "pagecache",  # readers' pages cached and purged by key; its table is the purge outbox (pagecache/outbox.py)
    "articles",
    "ingest",
    "ninja",  # the API layer's documentation page and its static files (no CDN)
    "api",  # the content API, partner keys and webhooks
    "live",  # live blogs, the breaking-news banner, Most read
    "pages",  # simple pages (About, Contact…), header and footer menus, site logo and favicon
    "anymail",  # mail services (SES, Mailgun, Postmark, Brevo, SendGrid, SparkPost …) as Django email backends
    "newsletters",  # readers' subscriptions without an account, editions, alerts, delivery (newsletters/)
    "desk",  # the desk's shell: sidebar, dashboard and pages, from each app's desk_hooks.py (after the apps)
]

MIDDLEWARE = [
    # First: the request's id (a trusted proxy's X-Request-ID, or a new one) for every log line and the answer.
    "newsroom.logs.RequestIdMiddleware",
    # Forwarded headers count only from TRUSTED_PROXIES (newsroom/proxies.py), before anything reads the
    # scheme (SecurityMiddleware), the host or the address.
    "newsroom.proxies.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Requests by view and their time for /metrics (page-cache hits included, static files not).
    "newsroom.metrics.MetricsMiddleware",
    # Anonymous readers' pages and the API read from DATABASE_REPLICA_URL when set (newsroom/db_router.py).
    "newsroom.db_router.ReplicaReadsMiddleware",
    # Before sessions and authentication: a cached page is answered without them (and without SQL).
    "pagecache.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.logs.DeskUserMiddleware",  # who did it, in the log lines of desk requests and writes
    "django_otp.middleware.OTPMiddleware",
    "newsroom.accounts.RequireTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Django's CSP middleware, with script-src narrowed to STATIC_URL's path on this host (newsroom/csp.py).
    "newsroom.csp.PageContentSecurityPolicyMiddleware",
    # Last, so it sees the views' exceptions first: a database outage answers 503, not 500.
    "articles.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SHIPPED_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "articles.context_processors.site",
                "newsroom.accounts.desk_context",  # the login pages in the desk's look
                "pages.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}


def _postgresql_options(database: dict) -> None:
    """Timeouts, the connection pool and the PgBouncer mode, the same for the primary and the replica."""
    # An unreachable server fails a request in seconds (a 503) instead of holding a worker until gunicorn kills it.
    database.setdefault("OPTIONS", {})["connect_timeout"] = int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
    # DATABASE_POOL: Django's own pool (psycopg-pool) in each process, instead of a connection kept per thread:
    # "on" (at most 10) or the most connections a process may hold. Pooled connections are not persistent ones.
    pool = os.environ.get("DATABASE_POOL", "").strip().lower()
    if pool and pool not in {"0", "off", "false", "no"}:
        max_size = 10 if pool in {"1", "on", "true", "yes"} else int(pool)
        database["OPTIONS"]["pool"] = {
            "min_size": min(2, max_size),
            "max_size": max_size,
            "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "5")),  # waiting for a free connection
        }
        database["CONN_MAX_AGE"] = 0
        database["CONN_HEALTH_CHECKS"] = False
    # Behind PgBouncer in transaction mode a cursor cannot outlive its transaction: .iterator() must fetch in
    # chunks with client-side cursors instead of a named (server-side) cursor.
    database["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _postgresql_options(DATABASES["default"])
# A read replica (PostgreSQL streaming replication): anonymous readers' pages and the content API read from it,
# everything else from the primary (newsroom/db_router.py). Migrations run on the primary only.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        _postgresql_options(DATABASES["replica"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # the test suite reads the primary's test database
DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while the admin writes; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Background work (django.tasks) goes through the database: `manage.py run_worker` runs it, on several machines if
# need be (PostgreSQL hands each task to one worker with SKIP LOCKED). See ingest/ for what runs there.
# tags.add("ECONOMY") beside an existing "Economy" uses it (names are unique regardless of case, articles.models).
TAGGIT_CASE_INSENSITIVE = True

# django-tasks-db's queue, each task stored with the id of the request that queued it (newsroom/tasks_backend.py).
TASKS = {"default": {"BACKEND": "newsroom.tasks_backend.RequestAwareDatabaseBackend", "QUEUES": ["default"]}}
# `manage.py run_worker` (worker/): each worker beats in the database every HEARTBEAT seconds; a running task whose
# worker has been silent for LEASE seconds goes back on the queue for another worker, at most MAX_ATTEMPTS runs in
# all (then it is failed with the reason); finished task rows are kept KEEP_FINISHED_DAYS.
WORKER = {
    "HEARTBEAT_SECONDS": float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5")),
    "LEASE_SECONDS": float(os.environ.get("WORKER_LEASE_SECONDS", "60")),
    "MAX_ATTEMPTS": int(os.environ.get("WORKER_MAX_ATTEMPTS", "3")),
    "KEEP_FINISHED_DAYS": int(os.environ.get("WORKER_KEEP_FINISHED_DAYS", "7")),
}

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "newsroom.redis_cache.RedisCache",  # Django's, reusing its client (see the module)
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hang pages: articles.caching treats a timeout as a miss.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
            # Each command's round trip for /metrics (a TLS or socket URL keeps redis-py's own connection class).
            | ({"connection_class": metrics.TimedRedisConnection} if REDIS_URL.startswith("redis://") else {}),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}
    )
}
# Every cache key, and the page-purge channel (pagecache/stamps.py), carries the site's prefix: sites sharing one
# Redis server neither read each other's entries nor hear each other's purges. By default the database's name.
CACHES["default"]["KEY_PREFIX"] = os.environ.get(
    "CACHE_KEY_PREFIX", Path(str(DATABASES["default"].get("NAME") or "")).stem
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Installed, static/ is the newsroom app's own (found by the app finder), so it is not listed twice.
STATICFILES_DIRS = [BASE_DIR / "static"] if SHIPPED_DIR == BASE_DIR else []
MEDIA_URL = os.environ.get("MEDIA_URL") or "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Pictures, renditions and the import page's staged uploads: on this machine's disk (the default, `make run`), or
# with MEDIA_STORAGE=s3 in an S3-compatible bucket that every machine reads (newsroom/storage.py; README,
# "Pictures in object storage"). Keys: S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY, or else boto3's own (AWS_* variables,
# an instance role). MEDIA_URL is then the bucket's public address or a CDN in front of it, never the site.
MEDIA_STORAGE = (os.environ.get("MEDIA_STORAGE") or "local").strip().lower()
_MEDIA_BACKEND: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_STORAGE == "s3":
    _s3_bucket = os.environ.get("S3_BUCKET", "")
    _s3_endpoint = os.environ.get("S3_ENDPOINT_URL", "").rstrip("/")
    _s3_region = os.environ.get("S3_REGION", "")
    if not _s3_bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET, the bucket's name.")
    MEDIA_URL = os.environ.get("MEDIA_URL") or (
        f"{_s3_endpoint}/{_s3_bucket}/"
        if _s3_endpoint
        else f"https://{_s3_bucket}.s3.{_s3_region or 'us-east-1'}.amazonaws.com/"
    )
    if not MEDIA_URL.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            "With MEDIA_STORAGE=s3, MEDIA_URL is the bucket's public address or a CDN in front of it "
            "(https://media.example.org/), so pictures are never served from the site's own origin."
        )
    _MEDIA_BACKEND = {
        "BACKEND": "newsroom.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": _s3_bucket,
            "endpoint_url": _s3_endpoint or None,
            "region_name": _s3_region or None,
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or ("path" if _s3_endpoint else None),
        },
    }
    if os.environ.get("S3_ACCESS_KEY_ID"):
        _MEDIA_BACKEND["OPTIONS"] |= {
            "access_key": os.environ["S3_ACCESS_KEY_ID"],
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
        }
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE is {MEDIA_STORAGE!r}: use local (the default) or s3.")
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Media on local disk is served by the web server in production (whitenoise only serves static files), or by Django
# with SERVE_MEDIA; a bucket's media comes from MEDIA_URL.
SERVE_MEDIA = MEDIA_STORAGE == "local" and env_bool("SERVE_MEDIA", DEBUG)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "two_factor:login"
# Where a login lands when its ?next= is missing or refused (an outside host): the admin, not Django's
# /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"

# --- Security: on by default, switched off only for plain-HTTP local use. ---
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_HTTPS else "0"))
# Both are on by default (check --deploy asks for them); a site whose subdomains are not all on HTTPS, or that
# is not ready for the browsers' preload list, turns them off here.
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS and env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = SECURE_HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
# The proxies in front (Varnish, a load balancer, a CDN's edge networks): addresses and CIDR networks whose
# X-Forwarded-For and X-Forwarded-Proto are believed; anyone else's are dropped (newsroom/proxies.py). Loopback
# by default: the shipped Varnish on this machine. deploy/gunicorn.conf.py gives gunicorn the same list.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
try:
    proxies.parse_networks(TRUSTED_PROXIES)
except ValueError as _error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from None
if env_bool("BEHIND_PROXY", False):
    raise ImproperlyConfigured(
        "BEHIND_PROXY is gone: list the proxies in front (addresses or CIDR networks) in TRUSTED_PROXIES instead."
    )
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# An editor's session ends after this long without a request (each request pushes the expiry back).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True

# --- Editors' logins ---
# Staff must log in with a second factor (an authenticator app, or a recovery code); one without a device yet is
# sent to enrol. On in production; `make run`'s DEBUG demo and the test suite turn it off.
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", not DEBUG)
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # every login asks for the token; no "trust this browser"
# django-axes: after LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is refused
# for LOGIN_COOLOFF_MINUTES (a success resets the count). The pair, not the username alone, so someone guessing
# from elsewhere can't lock an editor out of their own desk; the second factor covers what guessing gets past.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "newsroom.proxies.client_ip"  # the reader behind TRUSTED_PROXIES, not the proxy
AXES_USERNAME_CALLABLE = "newsroom.accounts.login_username"
X_FRAME_OPTIONS = "DENY"
# Health checks come over plain HTTP from the load balancer
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # and so does Prometheus

# Pictures come from this site, or from MEDIA_URL's host when media is on a CDN, or from CSP_IMG_SOURCES.
_MEDIA_ORIGIN = ["/".join(MEDIA_URL.split("/")[:3])] if MEDIA_URL.startswith(("https://", "http://")) else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:", *_MEDIA_ORIGIN, *env_list("CSP_IMG_SOURCES")],
    # Not 'self' (any URL of the site, uploads included): the middleware adds STATIC_URL's origin and path.
    "script-src": [CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Newsroom ---
NEWSROOM = {
    "SITE_NAME": os.environ.get("SITE_NAME", "Newsroom"),
    "SITE_LANGUAGE": "en",  # ISO 639, as feeds' channels and the Google News sitemap want it
    "SITE_LOCALE": os.environ.get("SITE_LOCALE", "en-GB"),  # BCP 47, the pages' lang
    "PAGE_SIZE": 20,
    "IMAGE_MAX_BYTES": 25 * 1024 * 1024,
    # Uploads and imported pictures above this are refused from their header, before decoding: a 59-megapixel
    # picture took 7 s of a request. 40 MP is more than any camera a newsroom sends in.
    "IMAGE_MAX_PIXELS": int(os.environ.get("IMAGE_MAX_PIXELS", "40000000")),
    # What imports do with names Newsroom doesn't know: "create" the tag or "report" it. Regions are curated.
    "IMPORT_UNKNOWN_TAGS": os.environ.get("IMPORT_UNKNOWN_TAGS", "create"),
    "IMPORT_UNKNOWN_REGIONS": os.environ.get("IMPORT_UNKNOWN_REGIONS", "report"),
    # Imports fetch pictures from public hosts only, so a feed can't make the server probe its own network.
    "IMPORT_ALLOW_PRIVATE_HOSTS": env_bool("IMPORT_ALLOW_PRIVATE_HOSTS", False),
    "IMPORT_ZIP_MAX_BYTES": 2 * 1024**3,
    # An imported story's body HTML above this fails its item (the rest of the file goes on): a 40 MB body took 48 s
    # and 493 MB to import and made a 42 MB page.
    "IMPORT_MAX_BODY_BYTES": int(os.environ.get("IMPORT_MAX_BODY_BYTES", str(2 * 1024**2))),
    # Uploads above this many bytes are dry-run and imported by a worker, with a progress page, not in the request.
    "IMPORT_BACKGROUND_BYTES": int(os.environ.get("IMPORT_BACKGROUND_BYTES", str(2 * 1024**2))),
    # Polled sources (ingest/): the most one answer may hold, and how long one poll may take, connecting and reading.
    "INGEST_MAX_BYTES": int(os.environ.get("INGEST_MAX_BYTES", str(50 * 1024**2))),
    "INGEST_TIMEOUT": float(os.environ.get("INGEST_TIMEOUT", "30")),
    # Readers' pages from Django's cache (pagecache.pages): on with Redis, where every process shares the
    # cache and so every purge; with the local-memory cache each process would keep its own pages.
    "PAGE_CACHE": env_bool("PAGE_CACHE", bool(REDIS_URL)),
    # ... and each process's own copies of the pages it served, trusted while Redis tells it of every purge
    # (pagecache.memory): a hit without a round trip. Bytes per process; 0 turns the tier off.
    # Embedded posts are named from their provider's oEmbed answer when an editor saves (articles.embeds); off
    # where the server may not reach the internet (a save then names them "A post on YouTube" at once).
    "OEMBED_LOOKUPS": env_bool("OEMBED_LOOKUPS", True),
    "PAGE_MEMORY_BYTES": int(os.environ.get("PAGE_MEMORY_BYTES", str(64 * 1024**2))),
    # Purge targets (articles.purge): Varnish addresses that accept PURGE with an xkey header ...
    "VARNISH_PURGE_URLS": env_list("VARNISH_PURGE_URLS"),
    # ... and the CDNs' purge-by-key APIs, used when both of their values are set.
    "FASTLY_API_TOKEN": os.environ.get("FASTLY_API_TOKEN", ""),
    "FASTLY_SERVICE_ID": os.environ.get("FASTLY_SERVICE_ID", ""),
    "CLOUDFLARE_API_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    "CLOUDFLARE_ZONE_ID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    # The content API (api/): requests a minute per anonymous address and per key (a key may set its own); the
    # origins browsers may call it from (CORS: off when empty, "*" for any); webhooks to private addresses.
    "API_RATE_ANONYMOUS": int(os.environ.get("API_RATE_ANONYMOUS", "60")),
    "API_RATE_KEY": int(os.environ.get("API_RATE_KEY", "600")),
    "API_CORS_ORIGINS": env_list("API_CORS_ORIGINS"),
    "WEBHOOK_ALLOW_PRIVATE_HOSTS": env_bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", False),
    # The site's public address, for the links in webhook bodies (built outside any request); empty: https:// and
    # the first of ALLOWED_HOSTS.
    "SITE_URL": os.environ.get("SITE_URL", "").rstrip("/"),
}
# The editors' desk (django-unfold): sidebar, dashboard and colours, in desk/sidebar.py.
UNFOLD = desk_sidebar.settings(NEWSROOM["SITE_NAME"])

# The key headers are for a cache in front (which strips them): sent when one is configured, or when asked.
NEWSROOM["SEND_SURROGATE_KEYS"] = env_bool(
    "SEND_SURROGATE_KEYS",
    bool(NEWSROOM["VARNISH_PURGE_URLS"] or NEWSROOM["FASTLY_SERVICE_ID"] or NEWSROOM["CLOUDFLARE_ZONE_ID"]),
)
for _url in NEWSROOM["VARNISH_PURGE_URLS"]:
    if not _url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"VARNISH_PURGE_URLS: {_url!r} is not an http(s) address")

# --- Email and newsletters (newsletters/) ---
# EMAIL_BACKEND: smtp (the default: EMAIL_HOST and friends), console (mail printed by the process), file (one file per
# mail in EMAIL_FILE_PATH: `make run`), or a mail service by name through django-anymail (amazon_ses, brevo, mailgun,
# mailjet, postmark, resend, sendgrid, sparkpost …) with its keys as ANYMAIL_<SERVICE>_<SETTING> (ANYMAIL_MAILGUN_API_KEY,
# ANYMAIL_POSTMARK_SERVER_TOKEN …); a dotted path names any other Django email backend. HTTP services go through the
# outbound client (newsletters/esp.py).
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "amazon_ses": "anymail.backends.amazon_ses.EmailBackend",
}
_email_backend = (os.environ.get("EMAIL_BACKEND") or "smtp").strip()
_mailer_backend = (
    _email_backend
    if "." in _email_backend
    else _EMAIL_BACKENDS.get(_email_backend, f"newsletters.esp.{_email_backend}")
)
_mailer_options: dict = {}
if _mailer_backend == _EMAIL_BACKENDS["smtp"]:
    _mailer_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": float(os.environ.get("EMAIL_TIMEOUT", "30")),
    }
elif _mailer_backend == _EMAIL_BACKENDS["file"]:
    _mailer_options = {"file_path": os.environ.get("EMAIL_FILE_PATH") or str(BASE_DIR / "mail")}
MAILERS = {"default": {"BACKEND": _mailer_backend, "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or f"news@{(ALLOWED_HOSTS or ['localhost'])[0].lstrip('.')}"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# anymail's settings, from ANYMAIL_* variables: ANYMAIL_MAILGUN_API_KEY -> ANYMAIL["MAILGUN_API_KEY"]. Its tracking
# webhooks (bounces, complaints) are refused until ANYMAIL_WEBHOOK_SECRET ("user:password" for basic auth) is set.
ANYMAIL = {name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_")}
NEWSLETTER = {
    "FROM_EMAIL": os.environ.get("NEWSLETTER_FROM_EMAIL", ""),  # empty: DEFAULT_FROM_EMAIL
    # Messages a second handed to the mail service, across every worker (its own limit: SES starts at 14); 0: no limit.
    "SEND_RATE": float(os.environ.get("NEWSLETTER_SEND_RATE", "0")),
    # Open and click tracking by the mail service (its pixel and link rewriting): off unless the site turns it on.
    "TRACKING": env_bool("NEWSLETTER_TRACKING", False),
    # Sign-up abuse: sign-ups an hour from one address and for one email; confirmation mails a day for each.
    "SIGNUPS_PER_ADDRESS_HOUR": int(os.environ.get("NEWSLETTER_SIGNUPS_PER_ADDRESS_HOUR", "10")),
    "SIGNUPS_PER_EMAIL_HOUR": 3,
    "CONFIRMATIONS_PER_EMAIL_DAY": int(os.environ.get("NEWSLETTER_CONFIRMATIONS_PER_EMAIL_DAY", "3")),
    "CONFIRMATIONS_PER_ADDRESS_DAY": int(os.environ.get("NEWSLETTER_CONFIRMATIONS_PER_ADDRESS_DAY", "20")),
    # A mail service's API at a private or loopback address (a relay on your own network; the tests): off.
    "ESP_ALLOW_PRIVATE_HOSTS": env_bool("NEWSLETTER_ESP_ALLOW_PRIVATE_HOSTS", False),
}

RELATED_STORIES = {
    "LIMIT": 6,
    "EXACT_REGION_WEIGHT": 1.0,
    "TREE_REGION_WEIGHT": 0.4,
    "TOPIC_WEIGHT": 1.0,
    "SAME_SECTION_BONUS": 0.3,
    "HALF_LIFE_DAYS": 14,
    "WINDOW_DAYS": 365,
    "CACHE_SECONDS": 600,
    # Scale bounds of the ranking query: stories taken per shared tag on each side of the story's publish time,
    # and how many regions of the tree (its own first, then the nearest parents/children) it matches on.
    "PER_TAG_CANDIDATES": 100,
    "MAX_REGIONS": 12,
}

# Search (articles/search/): a dotted path to a SearchBackend (articles/search/backends/base.py); empty: the
# database's own (PostgreSQL's full text, or SQLite's plain match).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "")

# Logs (newsroom/logs.py): one JSON object a line on stderr (time, level, logger, message, request_id, the user for
# desk actions, the task in a worker), or LOG_FORMAT=text for a terminal (the default with DEBUG). LOG_REQUESTS=0
# leaves the one line per request to gunicorn's or nginx's access log.
LOG_FORMAT = (os.environ.get("LOG_FORMAT") or ("text" if DEBUG else "json")).strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}: use json or text.")
NEWSROOM["LOG_REQUESTS"] = env_bool("LOG_REQUESTS", True)
# METRICS=0 leaves out /metrics' own counting (the middleware, SQL and Redis timings); its page then shows only the
# database's figures.
NEWSROOM["METRICS"] = env_bool("METRICS", True)
if not NEWSROOM["METRICS"]:
    MIDDLEWARE.remove("newsroom.metrics.MetricsMiddleware")
    CACHES["default"].get("OPTIONS", {}).pop("connection_class", None)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "newsroom.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logs.JsonFormatter"},
        "text": {"()": "newsroom.logs.TextFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (a plain-text console in DEBUG, mail to ADMINS) give way to the one above.
        "django": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # Django's own request log repeats newsroom.requests' line for every 4xx/5xx: errors only.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}

# /metrics (Prometheus text format; newsroom/metrics.py, newsroom/gauges.py): only for these addresses or networks,
# the reader's address as newsroom.proxies finds it behind TRUSTED_PROXIES. Everyone else gets a 404.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
try:
    proxies.parse_networks(METRICS_ALLOWED_IPS)
except ValueError as _error:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {_error}") from None

# Errors to Sentry (newsroom/errors.py), with cookies, Authorization and passwords scrubbed before sending.
if os.environ.get("SENTRY_DSN"):
    errors.init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=f"newsroom@{__version__}",
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
