"""/api/v1/ routes of the sessions app. Charted rows live under their session; the flat read-only
collections (`vitals/`, `side-effects/`, `events/`) serve incremental sync across sessions."""

from clinic.api.routers import ClinicRouter

from . import views

router = ClinicRouter()
router.register("protocols", views.ProtocolViewSet)
router.register("sessions", views.SessionViewSet, "session")
router.register("sessions/<int:session_pk>/vitals", views.ReadingViewSet, "session-vitals")
router.register("sessions/<int:session_pk>/side-effects", views.SideEffectViewSet, "session-side-effect")
router.register("sessions/<int:session_pk>/events", views.SessionEventViewSet, "session-event")
router.register("vitals", views.AllReadingsViewSet, "vitals")
router.register("side-effects", views.AllSideEffectsViewSet, "side-effect")
router.register("events", views.AllSessionEventsViewSet, "event")
router.register("assessments", views.AssessmentViewSet, "assessment")
router.register("alert-rules", views.AlertRuleViewSet, "alert-rule")
router.register("alerts", views.AlertViewSet, "alert")
router.register("rems-records", views.RemsRecordViewSet, "rems-record")

urlpatterns = router.urls
