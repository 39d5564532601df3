"""Settings shared by every environment; values come from the environment.

DEBUG, SECRET_KEY and ALLOWED_HOSTS are set by the development (`clinic.settings`) and
production (`clinic.settings.production`) modules, which differ in their defaults.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "huey.contrib.djhuey",
    "clinic",
    "sessions.apps.InfusionsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "clinic.idle.IdleTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# Login on shared clinic workstations. django-axes counts failures per username and address (not
# per address alone: a whole clinic often shares one) and locks that account there for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# How many reverse proxies in front of the app append to X-Forwarded-For (0: clients connect directly).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "clinic.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# A workstation left logged in ends its session after this many minutes without a page
# visit or a form sent (background polling does not count); 0 turns it off.
IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 15)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)  # one clinic day at most
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# No inline script or style anywhere: scripts and styles come from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
# Behind PgBouncer in transaction mode a server-side cursor cannot outlive its transaction.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DISABLE_SERVER_SIDE_CURSORS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "clinic.postgresql"  # Django's, with psycopg's C timestamp loader
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# Stored times are UTC; each site shows its own timezone. TIME_ZONE is the fallback only.
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The API: token auth for machines (listed first, so an anonymous call gets 401 with a
# `WWW-Authenticate: Token` challenge), session auth for the browsable API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "clinic.api.pagination.StableCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "clinic.api.schema.ClinicAutoSchema",
    "EXCEPTION_HANDLER": "clinic.api.exceptions.exception_handler",
    # JSON in; the browsable API's raw-data form sends JSON too.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "clinic.api.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Infusion session monitoring log API",
    "DESCRIPTION": (
        "Sessions, vital signs, side effects, events, assessments, alert rules and alerts of ketamine and "
        "esketamine clinics. Everything is scoped to the caller's sites and role, as on the pages. "
        "Authenticate with `Authorization: Token <token>` (POST /api/v1/auth/token/). Times are ISO 8601 "
        "with a UTC offset; units are given on each field. Lists use cursor pagination (`next`/`previous`); "
        "`updated_since` gives incremental sync."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and its assets come from our own static files: clinic networks are often closed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sessions.exports.schema.restore_fhir_operation_names",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AlertSeverityEnum": "sessions.models.alerting.Severity",
        "SideEffectSeverityEnum": "sessions.models.charting.SideEffect.Severity",
        "PhaseEnum": "sessions.models.infusion.Phase",
        "DrugClassEnum": "clinic.models.DrugClass",
    },
}

# Clinical timing knobs that are site policy rather than per-protocol settings.
LATE_ENTRY_MINUTES = env_int("LATE_ENTRY_MINUTES", 10)
CLOCK_SKEW_SECONDS = env_int("CLOCK_SKEW_SECONDS", 120)
# NEWS2 may use a parameter's latest value from the same session if measured this recently.
NEWS2_CARRY_FORWARD_MINUTES = env_int("NEWS2_CARRY_FORWARD_MINUTES", 30)

# Alert lifecycle: how long a snooze may last, how long an unacknowledged alert waits before it
# escalates to the site's notification targets, and how those deliveries retry.
ALERT_SNOOZE_MAX_MINUTES = env_int("ALERT_SNOOZE_MAX_MINUTES", 15)
ALERT_ESCALATION_MINUTES = env_int("ALERT_ESCALATION_MINUTES", 3)
OVERDUE_ESCALATION_MINUTES = env_int("OVERDUE_ESCALATION_MINUTES", 10)
NOTIFY_MAX_ATTEMPTS = env_int("NOTIFY_MAX_ATTEMPTS", 5)
NOTIFY_RETRY_BASE_SECONDS = env_int("NOTIFY_RETRY_BASE_SECONDS", 10)
NOTIFY_TIMEOUT_SECONDS = env_int("NOTIFY_TIMEOUT_SECONDS", 5)
NOTIFY_DISABLE_AFTER_FAILURES = env_int("NOTIFY_DISABLE_AFTER_FAILURES", 10)

# Background worker (huey). With no settings it keeps its queue in a SQLite file beside the code
# and `make run` starts `manage.py run_huey` next to runserver; production sets HUEY_REDIS_URL.
# HUEY_IMMEDIATE=true runs tasks inline (the tests' mode).
HUEY = {
    "name": "infusion-log",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if env_str("HUEY_REDIS_URL", ""):
    HUEY |= {"huey_class": "huey.RedisHuey", "connection": {"url": env_str("HUEY_REDIS_URL")}}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": env_str("HUEY_SQLITE_PATH", str(BASE_DIR / "huey.sqlite3"))}
