"""The queue of REMS records still to submit."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from clinic.access import Action, scope
from sessions.clinical import rems
from sessions.models import InfusionSession


@dataclass(frozen=True)
class RemsQueueRow:
    session: InfusionSession
    record: object  # RemsRecord or None before the nurse first saves it
    deadline: date
    days_left: int
    today: date  # at the session's site, the default submission date

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def rems_queue(user, *, now) -> list[RemsQueueRow]:
    """Dosed esketamine sessions at the user's sites whose REMS record is not yet submitted, oldest first."""
    sessions = (
        scope(InfusionSession.objects.all(), user, Action.CHART)
        .filter(protocol_snapshot__drug="esketamine", infusion_started_at__isnull=False)
        .filter(Q(rems_record__isnull=True) | Q(rems_record__submitted_on__isnull=True))
        .select_related("patient", "site", "rems_record")
        .order_by("infusion_started_at", "id")
    )
    return [
        RemsQueueRow(
            session=session,
            record=getattr(session, "rems_record", None),
            deadline=rems.submission_deadline(session.infusion_started_at, session.site.tzinfo),
            days_left=rems.days_left(session.infusion_started_at, session.site.tzinfo, now),
            today=now.astimezone(session.site.tzinfo).date(),
        )
        for session in sessions
    ]
