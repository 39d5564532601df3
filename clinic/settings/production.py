"""Production settings: secure defaults, and secrets only from the environment.

`DJANGO_SETTINGS_MODULE=clinic.settings.production manage.py check --deploy` is clean when
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are given real values.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("clinic.settings.production must not run with DEBUG on")
SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or "insecure" in SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be a long random secret (50+ characters)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts this server answers for")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
