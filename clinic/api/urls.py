"""/api/v1/ routes of the clinic app: auth, sites, patients and their medicines, the medication catalog."""

from django.urls import path

from . import views
from .auth import TokenView
from .routers import ClinicRouter

router = ClinicRouter()
router.register("sites", views.SiteViewSet)
router.register("patients", views.PatientViewSet)
router.register("patients/<int:patient_pk>/medications", views.PatientMedicationViewSet, "patient-medication")
router.register("medications", views.MedicationViewSet)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    *router.urls,
]
