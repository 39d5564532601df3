"""Form pieces every page family uses: local date-time inputs, numeric fields for a tablet's
keypad, and a service's refusal put next to the fields it names."""

from django import forms
from django.core.exceptions import ValidationError

LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_MINUTE, **kwargs)


def local_datetime_field(**kwargs):
    return forms.DateTimeField(widget=LocalDateTimeInput(), input_formats=[LOCAL_MINUTE], **kwargs)


def number(label, **attrs):
    return forms.IntegerField(
        label=label, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric", **attrs})
    )


def apply_service_errors(form, error: ValidationError) -> None:
    """Put a service's field-keyed refusal next to the matching fields (others on top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
