"""Cursor pagination for every list: stable under concurrent inserts, which an offset is not."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

_BIGINT = (-(2**63), 2**63 - 1)


class StableCursorPagination(CursorPagination):
    """Ordered by the view's `ordering` (default newest id first); `page_size` is capped."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        """A cursor is opaque but client-held: a tampered position is an invalid cursor, not a 500."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        try:
            field = self._model._meta.get_field(self.ordering[0].lstrip("-"))
            value = field.to_python(cursor.position)
        except (FieldDoesNotExist, DjangoValidationError, ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        if isinstance(field, models.IntegerField) and not _BIGINT[0] <= value <= _BIGINT[1]:
            raise NotFound(self.invalid_cursor_message)
        return cursor
