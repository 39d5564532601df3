"""The esketamine REMS monitoring record of a session, its printable form, and the queue to submit."""

from django.urls import path

from sessions.pages.rems import views

urlpatterns = [
    path("sessions/<int:pk>/rems/", views.rems_record, name="rems-record"),
    path("sessions/<int:pk>/rems/print/", views.rems_print, name="rems-print"),
    path("sessions/<int:pk>/rems.pdf", views.rems_pdf, name="rems-pdf"),
    path("sessions/<int:pk>/rems/submit/", views.rems_submit, name="rems-submit"),
    path("rems/", views.rems_queue, name="rems-queue"),
]
