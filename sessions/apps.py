from django.apps import AppConfig


class InfusionsConfig(AppConfig):
    """Infusion sessions; labelled "infusions" so it can sit beside django.contrib.sessions."""

    name = "sessions"
    label = "infusions"
    verbose_name = "Infusion sessions"
