"""Reads for the nurse's board, shaped so each poll costs a fixed number of queries whatever the number of chairs."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.formats import date_format

from clinic.access import scope
from sessions.clinical import course_plan, schedule
from sessions.models import Alert, CoursePlan, InfusionSession, SideEffect

DUE_SOON, DUE, OVERDUE = "soon", "due", "overdue"


@dataclass(frozen=True)
class BoardAlert:
    severity: str
    label: str  # "Critical: SBP above 180"
    message: str

    @classmethod
    def of(cls, alert: Alert) -> "BoardAlert":
        name = (alert.rule_snapshot or {}).get("name") or alert.get_kind_display()
        return cls(alert.severity, f"{alert.get_severity_display()}: {name}", alert.message)


@dataclass(frozen=True)
class BoardRow:
    """One chair, with what the board prints worked out here: each poll renders ~200 of them."""

    session: InfusionSession
    chart_url: str
    phase: str
    elapsed: timedelta | None
    due_state: str | None
    due_minutes: int | None
    due_time: str  # "14:20" at the site, while the reading is not yet due
    open_alerts: list[BoardAlert]
    side_effects: str  # their labels, "Nausea, Headache"
    course: course_plan.Progress | None  # where the patient stands in an active plan
    course_due: str  # the plan's next due date, "19 Nov"


def due_state(due: schedule.Due | None, now: datetime) -> tuple[str | None, int | None]:
    """'soon' before the due time, 'due' (amber) within the grace period, 'overdue' (red) after it."""
    if due is None:
        return None, None
    minutes = int((due.due_at - now).total_seconds() // 60)
    if now <= due.due_at:
        return DUE_SOON, minutes
    return (OVERDUE if due.is_overdue(now) else DUE), -minutes


# What the board shows of a session and what its schedule and phase read; the rest of it (doses,
# checklists, attestations) stays unread on every poll.
BOARD_FIELDS = (
    "site_id",
    "chair",
    "course_number",
    "protocol_snapshot",
    "arrived_at",
    "infusion_started_at",
    "infusion_ended_at",
    "discharged_at",
    "signed_at",
    "patient__given_name",
    "patient__family_name",
    "patient__mrn",
)


def board_details() -> tuple[Prefetch, ...]:
    """What each board row shows beside its session, prefetched (new querysets each time: a
    prefetch leaves hints on the queryset it is given)."""
    return (
        Prefetch(
            "alerts",
            queryset=Alert.objects.open()
            .only("session_id", "kind", "rule_snapshot", "severity", "message")
            .order_by("-raised_at"),
            to_attr="open_alert_list",
        ),
        Prefetch(
            "side_effects",
            queryset=SideEffect.objects.filter(entered_in_error=False).only("session_id", "term", "other_term"),
            to_attr="side_effect_list",
        ),
        Prefetch(
            "patient__course_plans",
            queryset=CoursePlan.objects.filter(status=CoursePlan.Status.ACTIVE).select_related("site"),
            to_attr="active_plans",
        ),
        Prefetch(
            "patient__sessions",
            queryset=InfusionSession.objects.filter(
                # Only what an active plan may count: from a day before it started, whatever the
                # site's offset (`course_plan.treatment_dates` cuts at the site's midnight).
                infusion_started_at__isnull=False,
                patient__course_plans__status=CoursePlan.Status.ACTIVE,
                infusion_started_at__gte=F("patient__course_plans__started_on") - timedelta(days=1),
            ).only("patient_id", "infusion_started_at"),
            to_attr="dosed_sessions",
        ),
    )


def board_sessions(user, site, *, now) -> list[InfusionSession]:
    """Today's sessions at `site` (in its timezone), and any older session still open, with their
    latest reading's time: read once per poll, for the overdue check and then the rows."""
    local_midnight = datetime.combine(now.astimezone(site.tzinfo).date(), time.min, tzinfo=site.tzinfo)
    sessions = scope(InfusionSession.objects.filter(site=site), user).filter(
        Q(arrived_at__gte=local_midnight) | Q(discharged_at__isnull=True, signed_at__isnull=True)
    )
    return list(
        sessions.select_related("patient").only(*BOARD_FIELDS).with_last_reading_at().order_by("chair", "arrived_at")
    )


def course_progress(patient, *, now) -> course_plan.Progress | None:
    """Progress in the patient's active plan, from what `board_details` prefetched."""
    if not patient.active_plans:
        return None
    dosed = [session.infusion_started_at for session in patient.dosed_sessions]
    return course_plan.plan_progress(patient.active_plans[0], dosed, now)


_ANY_PK = "9223372036854775807"  # a key no other part of a URL spells


def link_by_pk(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many keys at the cost of one reverse()."""
    url = reverse(name, args=[_ANY_PK])
    return lambda pk: url.replace(_ANY_PK, str(pk))


def board_rows(sessions: list[InfusionSession], site, *, now) -> list[BoardRow]:
    """The rows of `board_sessions`, with their open alerts, side effects and course, and times in
    the site's timezone."""
    prefetch_related_objects(sessions, *board_details())
    tz = site.tzinfo
    chart_url = link_by_pk("session-chart")
    rows = []
    for session in sessions:
        due = schedule.next_due(session, session.last_reading_at, now)
        state, minutes = due_state(due, now)
        started = session.infusion_started_at
        course = course_progress(session.patient, now=now)
        rows.append(
            BoardRow(
                session=session,
                chart_url=chart_url(session.pk),
                phase=session.phase(now),
                elapsed=(now - started) if started and not session.discharged_at else None,
                due_state=state,
                due_minutes=minutes,
                due_time=due.due_at.astimezone(tz).strftime("%H:%M") if state == DUE_SOON else "",
                open_alerts=[BoardAlert.of(alert) for alert in session.open_alert_list],
                side_effects=", ".join(effect.label for effect in session.side_effect_list),
                course=course,
                course_due=date_format(course.next_due, "j M") if course and course.next_due else "",
            )
        )
    return rows
