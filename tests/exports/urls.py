"""The exports mounted as the project will mount them, so these tests need no other routing."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("sessions.exports.urls"))]
