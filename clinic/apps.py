from django.apps import AppConfig


class ClinicConfig(AppConfig):
    """Clinic-wide data: sites, staff roles, patients and the medication catalog."""

    name = "clinic"
    verbose_name = "Clinic"
