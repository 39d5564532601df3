"""Tokens for machines: obtain with a username and password, revoke with DELETE."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from clinic.accounts import token_revoke


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class TokenView(ObtainAuthToken):
    """One token per user, kept until revoked; revoking it signs out every device that holds it."""

    public_methods = ("POST",)

    def get_authenticators(self):
        # Obtaining a token is a login: a stale session cookie must not make it demand CSRF.
        if self._obtaining():
            return []
        return [authentication() for authentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES]

    def get_permissions(self):
        return [AllowAny()] if self._obtaining() else [IsAuthenticated()]

    def _obtaining(self) -> bool:
        return getattr(self.request, "method", None) == "POST"  # no request while the schema is generated

    @extend_schema(
        operation_id="auth_token_obtain",
        request=AuthTokenSerializer,
        responses={200: TokenSerializer},
        auth=[],
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    @extend_schema(
        operation_id="auth_token_revoke",
        responses={204: OpenApiResponse(description="The caller's token is revoked.")},
        tags=["auth"],
    )
    def delete(self, request, *args, **kwargs):
        token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
