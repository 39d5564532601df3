from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from clinic import views
from clinic.api import urls as clinic_api
from clinic.api.renderers import allow_inline_styles
from sessions.api import urls as sessions_api

# The REST API, version 1: one namespace ("api") for the clinic and sessions apps' routes.
api_v1 = [*clinic_api.urlpatterns, *sessions_api.urlpatterns]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("accounts/", views.account, name="account"),
    path("accounts/token/", views.token_create, name="account-token-create"),
    path("accounts/token/revoke/", views.token_delete, name="account-token-revoke"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/v1/", include("sessions.exports.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", allow_inline_styles(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("", include("sessions.urls")),
]

handler404 = "clinic.api.exceptions.not_found"
