"""Development and test settings: the zero-setup default of `make run` and `make test`.

Production uses `clinic.settings.production`, which has no insecure defaults.
"""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-secret-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Development serves static files straight from the finders; no collectstatic needed.
STATIC_ROOT = None
