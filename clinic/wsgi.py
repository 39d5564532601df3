"""The WSGI application gunicorn serves (`gunicorn clinic.wsgi`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
application = get_wsgi_application()

# Start-up leaves ~170,000 long-lived objects (Django, DRF, our modules); a full garbage
# collection walks them all (~70 ms), about once a dozen requests: most of a page's p95 latency.
# Freeze them out of collection and collect the young generation less often; cycles made while
# serving a request are still collected.
gc.freeze()
gc.set_threshold(10_000, 10, 10)
