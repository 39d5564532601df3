"""Work that runs outside the request, on the huey queue (see README, "Background worker").

Charting never waits for these: escalation runs in the periodic check, and notification attempts
are tasks of their own (`sessions/notifications/queue.py`), so a slow receiver only delays itself.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sessions import services


@db_periodic_task(crontab(minute="*"))
def check_alerts():
    """Raise overdue-reading alerts and escalate the ones left unacknowledged. Safe to run late or
    twice: both decide from timestamps and skip what is already done."""
    services.alert_overdue_readings()
    services.escalate_alerts()
