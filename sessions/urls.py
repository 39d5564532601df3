"""The app's pages, one URL list per page family (`sessions/pages/*/urls.py`); the API and the exports
are routed from `clinic/urls.py`."""

from django.urls import include, path

urlpatterns = [
    path("", include("sessions.pages.charting.urls")),
    path("", include("sessions.pages.rems.urls")),
    path("rules/", include("sessions.pages.rules.urls")),
    path("review/", include("sessions.pages.review.urls")),
]
