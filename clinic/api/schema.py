"""OpenAPI generation: every operation documents the errors it can answer, not only its success."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from clinic.api.exceptions import Conflict


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was refused.")


FIELD_ERRORS = OpenApiResponse(
    {
        "type": "object",
        "additionalProperties": {},
        "description": 'Messages per input field, e.g. {"systolic": ["Systolic BP must be between 40 and 300 '
        'mmHg; got 400."]}; errors that concern no single field are under "non_field_errors".',
    },
    description="Invalid input: messages per field.",
)
UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description="No or invalid credentials (send `Token <token>`).")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Your role at this site does not allow it.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Not found among your sites' records (or an invalid cursor).")
CONFLICT = OpenApiResponse(ErrorSerializer, description=Conflict.default_detail)


class ClinicAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _error_responses(self) -> dict:
        writes = self.method in ("POST", "PUT", "PATCH")
        errors = {}
        if writes or self._is_list_view():
            errors["400"] = FIELD_ERRORS
        if self.method not in getattr(self.view, "public_methods", ()):
            errors["401"] = UNAUTHENTICATED
            errors["403"] = FORBIDDEN
            errors["404"] = NOT_FOUND
        if writes:
            errors["409"] = CONFLICT
        return errors
