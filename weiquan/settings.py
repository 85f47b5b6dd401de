"""Settings from the environment only (12-factor). The embedded default needs no server: SQLite under var/."""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WEIQUAN_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_from_env_or_file(env_name: str, file_name: str) -> str:
    """Production sets the variable; the embedded default keeps a generated value under var/."""
    value = os.environ.get(env_name)
    if value:
        return value
    path = VAR_DIR / file_name
    if not path.exists():
        # Written aside, then linked into place: processes starting together (two test passes, several server
        # workers on a fresh install) all read the one complete value, never a half-written or a second one.
        draft = VAR_DIR / f".{file_name}.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(48))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_from_env_or_file("WEIQUAN_SECRET_KEY", "secret_key")
# The blind-index key (exact phone lookup), its own secret so that retiring PII keys never moves the index. Unset,
# the index derives from the oldest PII key as before the setting existed: a key generated now for an install that
# already has data would break its lookups, so only a fresh install (no PII keys yet) gets one, written before the
# PII keys so that a process starting alongside never sees the keys without it.
PII_INDEX_KEY = (
    _secret_from_env_or_file("WEIQUAN_PII_INDEX_KEY", "pii_index_key").strip()
    if os.environ.get("WEIQUAN_PII_INDEX_KEY")
    or (VAR_DIR / "pii_index_key").exists()
    or not (os.environ.get("WEIQUAN_PII_KEYS") or (VAR_DIR / "pii_keys").exists())
    else ""
)
# Personal-data keys: comma-separated, newest first; older keys still decrypt (rotation).
PII_KEYS = [k.strip() for k in _secret_from_env_or_file("WEIQUAN_PII_KEYS", "pii_keys").split(",") if k.strip()]
# The platform's Ed25519 signing keys (evidence bundles, event-chain anchors): comma-separated, newest first; only the
# first signs, the others stay published so that what they signed still verifies (weiquan.core.signing).
SIGNING_KEYS = [k.strip() for k in _secret_from_env_or_file("WEIQUAN_SIGNING_KEY", "signing_key").split(",") if k.strip()]
# Public halves of retired keys whose secrets are gone (`weiquan signing-key rotate` appends to var/ without the env).
SIGNING_RETIRED_PUBLIC_KEYS = [
    k.strip()
    for k in (
        os.environ.get("WEIQUAN_SIGNING_RETIRED_KEYS")
        or ((VAR_DIR / "signing_retired_keys").read_text() if (VAR_DIR / "signing_retired_keys").exists() else "")
    ).replace("\n", ",").split(",")
    if k.strip()
]
DEBUG = _env_bool("WEIQUAN_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("WEIQUAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("WEIQUAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# The address people reach the site at, for links in e-mails (e.g. https://weiquan.example.com).
SITE_URL = os.environ.get("WEIQUAN_SITE_URL", "").strip().rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The API docs page's Swagger UI files, shipped inside the pinned django-ninja (no CDN): see decision 0013.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "weiquan.core",
    "weiquan.accounts",
    "weiquan.commerce",
    "weiquan.merchants",
    "weiquan.complaints",
    "weiquan.rights",
    "weiquan.quality",
    "weiquan.fairtrade",
    "weiquan.insight",
    "weiquan.intake",
    "weiquan.privacy",
    "weiquan.agencies",
    "weiquan.knowledge",
    "weiquan.notifications",
    "weiquan.web",
]

MIDDLEWARE = [
    "weiquan.core.metrics.RequestMetricsMiddleware",  # first, to time everything below it
    "django.middleware.security.SecurityMiddleware",
    "weiquan.core.input_guard.InputGuardMiddleware",  # NUL characters, absurd offsets: 4xx, never a 500
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "weiquan.accounts.middleware.IntegrationAccountsMiddleware",
    "weiquan.accounts.middleware.StaffTwoFactorMiddleware",
    "weiquan.web.middleware.PreferredLanguageMiddleware",  # needs request.user, so after authentication
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "weiquan.web.security.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "weiquan.urls"
WSGI_APPLICATION = "weiquan.wsgi.application"
ASGI_APPLICATION = "weiquan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "weiquan.web.context.nav",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'weiquan.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work together; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing half-way (SQLite has no SELECT ... FOR UPDATE).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Connections are kept (conn_max_age above) on SQLite too: opening one (its pragmas, the SQL functions Django
    # registers) costs more CPU than all of a filing's queries (2.3 ms measured), and each server thread keeps its own.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("WEIQUAN_TEST_DB_NAME")} if os.environ.get(
    "WEIQUAN_TEST_DB_NAME"
) else {}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A kept connection is checked before a request uses it: after a database restart (or PgBouncer dropping it)
    # the request reconnects instead of failing on the dead connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if _env_bool("WEIQUAN_DB_TRANSACTION_POOLER"):
    # PgBouncer in transaction mode hands each transaction any server connection: no server-side cursors (they live
    # across transactions) and no prepared statements (psycopg prepares repeated queries by default).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
# A streaming replica for reads that may lag a little (analytics, exports, reports: weiquan.core.dbrouter), used
# while its lag stays under WEIQUAN_REPLICA_MAX_LAG seconds; otherwise those reads go to the primary. Tests mirror it
# onto the default database.
if os.environ.get("WEIQUAN_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["WEIQUAN_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["weiquan.core.dbrouter.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("WEIQUAN_REPLICA_MAX_LAG", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
AUTHENTICATION_BACKENDS = ["weiquan.accounts.backends.GuardedModelBackend"]
# Sign-in throttling (accounts/throttle.py): failures allowed per account and per address, then a lockout that
# doubles with each further failure up to the cap.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("WEIQUAN_LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("WEIQUAN_LOGIN_FAILURES_PER_ADDRESS", "20"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("WEIQUAN_LOGIN_LOCKOUT_SECONDS", "60"))
LOGIN_LOCKOUT_MAX_SECONDS = int(os.environ.get("WEIQUAN_LOGIN_LOCKOUT_MAX_SECONDS", "3600"))
# The shared store for rate limits and throttling: the database cache, or Redis when WEIQUAN_REDIS_URL is set.
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["WEIQUAN_REDIS_URL"]}
    if os.environ.get("WEIQUAN_REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "weiquan_cache"}
)}
if os.environ.get("WEIQUAN_REDIS_URL"):
    # Sessions read from Redis and are written through to the database, so a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Per-user (and per-order) limits on what people post, "N/SECONDS" (core/ratelimit.py).
RATE_LIMITS = {
    "filing_user": os.environ.get("WEIQUAN_RATE_FILING", "20/3600"),
    "filing_order": os.environ.get("WEIQUAN_RATE_FILING_ORDER", "5/86400"),
    "message": os.environ.get("WEIQUAN_RATE_MESSAGES", "60/600"),
    "upload": os.environ.get("WEIQUAN_RATE_UPLOADS", "60/600"),
}
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "weiquan" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step (embedded default)
MEDIA_ROOT = Path(os.environ.get("WEIQUAN_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: evidence goes through permission-checked views
# Evidence and uploads: a directory (shared between web nodes: NFS or the like, WEIQUAN_MEDIA_ROOT), or an
# S3-compatible bucket through django-storages when WEIQUAN_S3_BUCKET is set (`pip install weiquan[s3]`); the
# credentials come from the usual AWS_* variables.
STORAGES = {
    # Encrypted at rest (core/storage.py): files 0600 in 0700 folders, or objects in an S3-compatible bucket.
    "default": {"BACKEND": "weiquan.core.storage_s3.EncryptedS3Storage", "OPTIONS": {
        "bucket_name": os.environ["WEIQUAN_S3_BUCKET"],
        "endpoint_url": os.environ.get("WEIQUAN_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("WEIQUAN_S3_REGION") or None,
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
    }} if os.environ.get("WEIQUAN_S3_BUCKET") else {"BACKEND": "weiquan.core.storage.EncryptedFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
EVIDENCE_MAX_BYTES = int(os.environ.get("WEIQUAN_EVIDENCE_MAX_BYTES", 25 * 1024 * 1024))

EMAIL_BACKEND = os.environ.get("WEIQUAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("WEIQUAN_FROM_EMAIL", "weiquan@localhost")
EMAIL_FILE_PATH = os.environ.get("WEIQUAN_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # the file-based backend's folder

# Background work: the database-backed queue; `weiquan worker` runs it with the periodic scheduler.
# WEIQUAN_TASKS=immediate runs tasks in-process at enqueue time (tests, tiny installs).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("WEIQUAN_TASKS", "database") == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
SWEEP_INTERVAL_SECONDS = int(os.environ.get("WEIQUAN_SWEEP_INTERVAL", "60"))
# Signed chain-head anchors (privacy/anchors.py): to a folder outside the database's reach and/or a URL, hourly.
ANCHOR_DIR = os.environ.get("WEIQUAN_ANCHOR_DIR", str(VAR_DIR / "anchors")).strip()
ANCHOR_URL = os.environ.get("WEIQUAN_ANCHOR_URL", "").strip()
ANCHOR_INTERVAL_SECONDS = int(os.environ.get("WEIQUAN_ANCHOR_INTERVAL", "3600"))
ANCHOR_TIMEOUT_SECONDS = 10

# Personal-data requests and retention (docs/decisions/0014-personal-data-rights-and-erasure.md). The DSR deadline is the platform's own target in working
# days (PIPL sets none). Retention periods are floors of the law where one applies (R-PLAT-RETAIN-3Y: 3 years from the
# transaction; R-PIPL-PIA: processing records 3 years); the sweep never goes below them.
WEIQUAN_DSR_WORKING_DAYS = int(os.environ.get("WEIQUAN_DSR_WORKING_DAYS", "15"))
WEIQUAN_RETENTION = {
    # a consumer with no open case, no transaction and no sign-in for this long is erased (pseudonymised)
    "dormant_account_years": max(3, int(os.environ.get("WEIQUAN_RETENTION_DORMANT_ACCOUNT_YEARS", "3"))),
    # the personal-data access log itself (an accountability record)
    "access_log_years": max(3, int(os.environ.get("WEIQUAN_RETENTION_ACCESS_LOG_YEARS", "3"))),
    # in-page notifications (their texts name cases and orders)
    "notification_days": max(30, int(os.environ.get("WEIQUAN_RETENTION_NOTIFICATION_DAYS", "365"))),
}
# The outbox (weiquan.core.outbox): a claimed task is held for the lease, then taken back from a worker presumed dead;
# a failing task is retried after base, 2x base, 4x base ... seconds (capped), then kept as a dead letter.
TASK_LEASE_SECONDS = int(os.environ.get("WEIQUAN_TASK_LEASE", "300"))
TASK_MAX_ATTEMPTS = int(os.environ.get("WEIQUAN_TASK_MAX_ATTEMPTS", "8"))
TASK_RETRY_BASE_SECONDS = float(os.environ.get("WEIQUAN_TASK_RETRY_BASE", "10"))
TASK_RETRY_MAX_SECONDS = float(os.environ.get("WEIQUAN_TASK_RETRY_MAX", "3600"))
# /readyz answers 503 when the oldest due task has waited longer than this (queue lag), or the oldest pending task
# is older than this (a stuck retry loop), in seconds.
READYZ_MAX_QUEUE_LAG_SECONDS = float(os.environ.get("WEIQUAN_READYZ_MAX_QUEUE_LAG", "300"))
READYZ_MAX_TASK_AGE_SECONDS = float(os.environ.get("WEIQUAN_READYZ_MAX_TASK_AGE", "3600"))
# The SLA board's counts (one pass over every running case) are shared by the staff who open it for this many
# seconds; the page says when they were counted. 0 counts on every view.
SLA_BOARD_CACHE_SECONDS = int(os.environ.get("WEIQUAN_SLA_BOARD_CACHE", "30"))
# /metrics (Prometheus) answers only with `Authorization: Bearer <token>`; unset, it answers 404.
METRICS_TOKEN = os.environ.get("WEIQUAN_METRICS_TOKEN", "")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
# Production means debug off and an https:// site address: then secure cookies, HSTS, the redirect to https and
# two-factor sign-in for staff are on. Each can still be set by its own variable (docs/production.md).
PRODUCTION = not DEBUG and SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _env_bool("WEIQUAN_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = _env_bool("WEIQUAN_SSL_REDIRECT", PRODUCTION)
# Load balancers probe the nodes over plain HTTP: a redirect would pass their check even with the database down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = int(os.environ.get("WEIQUAN_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("WEIQUAN_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _env_bool("WEIQUAN_HSTS_PRELOAD", PRODUCTION)
# The trusted proxy's header that says a request came over https, as "HEADER,value" (empty: no proxy trusted).
_proxy_header = os.environ.get("WEIQUAN_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https" if PRODUCTION else "")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header.split(",", 1)) if "," in _proxy_header else None
STAFF_2FA_REQUIRED = _env_bool("WEIQUAN_STAFF_2FA", PRODUCTION)
X_FRAME_OPTIONS = os.environ.get("WEIQUAN_X_FRAME_OPTIONS", "DENY")  # the evidence viewer opts in per view
SECURE_REFERRER_POLICY = os.environ.get("WEIQUAN_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = os.environ.get(
    "WEIQUAN_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'self'; frame-src 'self'; base-uri 'self'; form-action 'self'",
)
PERMISSIONS_POLICY = os.environ.get(
    "WEIQUAN_PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_pii": {"()": "weiquan.core.logging.RedactPIIFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_pii"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("WEIQUAN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
# The worker retrains the triage model once this many categories were confirmed or corrected since the last model.
INSIGHT_RETRAIN_AFTER = int(os.environ.get("WEIQUAN_RETRAIN_AFTER", "50"))
RIGHTS_API_RATE_LIMIT = os.environ.get("WEIQUAN_RIGHTS_RATE", "600/60")  # requests / seconds per client address

# What gives a date to the deadlines refused while a calendar year was not loaded, run when an operator loads one
# (core/services.py calendar_load_year). Each: `hook(*, actor, year) -> int` (how many got a date); safe to run again.
WEIQUAN_CALENDAR_LOADED_HOOKS = [
    "weiquan.complaints.services.clocks.complaints_fill_refused_deadlines",
    "weiquan.privacy.requests.dsr_fill_refused_deadlines",
    "weiquan.merchants.services.status.status_changes_fill_publish_due",
]

# How many open items wait for a calendar year (no deadline), for the warning staff see: `counter() -> int` each.
WEIQUAN_CALENDAR_REFUSED_COUNTERS = [
    "weiquan.complaints.selectors_calendar.refused_clock_count",
    "weiquan.privacy.requests.dsr_refused_deadline_count",
]

# Apps that offer navigation entries (each: `items(request) -> list[{"url", "label", "badge"?}]`), in menu order.
WEIQUAN_NAV_PROVIDERS = [
    "weiquan.web.nav.items",
    "weiquan.complaints.nav.items",
    "weiquan.rights.nav.items",
    "weiquan.merchants.nav.items",
    "weiquan.quality.nav.items",
    "weiquan.fairtrade.nav.items",
    "weiquan.insight.nav.items",
    "weiquan.knowledge.nav.items",
    "weiquan.agencies.nav.items",
    "weiquan.notifications.nav.items",
    "weiquan.privacy.nav.items",
]

# Tasks enqueued with a complaint event's id after each case change commits (each must be safe to run twice).
WEIQUAN_EVENT_SUBSCRIBERS = [
    "weiquan.notifications.tasks.deliver_event_notifications",
    "weiquan.insight.tasks.on_complaint_event",
    "weiquan.agencies.tasks.on_complaint_event",
]
