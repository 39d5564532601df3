from django.core.management.base import BaseCommand

from sessions.services import alert_overdue_readings


class Command(BaseCommand):
    help = "Raise an alert for every session whose next reading is overdue (run every minute from cron)."

    def handle(self, *args, **options):
        raised = alert_overdue_readings()
        for alert in raised:
            self.stdout.write(f"{alert.site} · {alert.session.patient}: {alert.message}")
        self.stdout.write(self.style.SUCCESS(f"{len(raised)} overdue alert(s) raised."))
