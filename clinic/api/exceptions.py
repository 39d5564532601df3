"""One error shape for the whole API, whichever layer refused the request.

Services raise Django's ValidationError and PermissionDenied, so the pages and the API share
their rules; here they become the 400 `{field: [messages]}` and 403 that DRF clients expect.
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with a record stored at the same moment; reload and try again."
    default_code = "conflict"


def field_errors(error: DjangoValidationError) -> dict:
    """Django's error, keyed by field as a serializer would key it (`__all__` → non_field_errors)."""
    errors = as_serializer_error(error)
    if NON_FIELD_ERRORS in errors:
        errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
    return errors


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(field_errors(exc))
    elif isinstance(exc, IntegrityError):
        # A unique constraint lost a race with a concurrent write: the client may retry.
        logger.warning("API write refused by a database constraint", exc_info=exc)
        exc = Conflict()
    return drf_exception_handler(exc, context)


def not_found(request, exception=None):
    """Django's 404 for a URL no route matches: JSON under /api/, the usual page elsewhere.

    An integrator's typo (`/api/v1/sessions/abc/`) must get the API's error shape, not HTML.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
