"""Reads for the charting pages, scoped and shaped so each page costs a fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format

from clinic.access import Action, scope
from sessions import artifacts, course_plan, news2, rems, schedule
from sessions.models import Alert, CoursePlan, InfusionSession, ReadingArtifact, SideEffect, VitalSigns

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


def session_for(user, pk, action=None) -> InfusionSession:
    """One session the user may see; another site's session is a 404, never a 403. With the staff
    its pages name (nurse, supervising physician, who discharged, authorised or signed)."""
    staff = ("nurse", "supervising_physician", "discharged_by", "discharge_override_by", "signed_by")
    queryset = scope(InfusionSession.objects.select_related("patient", "site", "protocol", *staff), user)
    return get_object_or_404(queryset, pk=pk)


def charted_readings(session, alerts) -> list[VitalSigns]:
    """The session's readings in measured order as the chart and review tables show them, each with
    `artifact_list` (its marks and who made them) and `alert_list` (those of `alerts`, the session's
    alerts newest first, raised on it): two queries beyond `alerts`. Lists rather than prefetched
    querysets, which would cost a queryset per reading and relation; the reading a correction
    replaces is one of the same session's, so it is taken from the list rather than joined."""
    readings = list(
        session.readings.select_related("recorded_by")
        .prefetch_related(
            Prefetch("artifacts", queryset=ReadingArtifact.objects.select_related("marked_by"), to_attr="artifact_list")
        )
        .order_by("measured_at", "id")
    )
    raised_on: dict[int, list] = {}
    for alert in alerts:
        raised_on.setdefault(alert.reading_id, []).append(alert)
    by_pk = {reading.pk: reading for reading in readings}
    for reading in readings:
        reading.alert_list = raised_on.get(reading.pk, [])
        if reading.corrects_id in by_pk:
            reading.corrects = by_pk[reading.corrects_id]
    return readings


def chart_details(session) -> dict:
    alerts = list(session.alerts.select_related("acknowledged_by", "reading").order_by("-raised_at", "-id"))
    return {
        "readings": charted_readings(session, alerts),
        "alerts": alerts,
        "events": list(session.events.select_related("recorded_by").order_by("occurred_at", "id")),
        "side_effects": list(session.side_effects.select_related("recorded_by").order_by("onset_at", "id")),
    }


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


def carry_forward_window() -> timedelta:
    return timedelta(minutes=settings.NEWS2_CARRY_FORWARD_MINUTES)


def news2_for_readings(readings) -> dict[int, news2.News2]:
    """NEWS2 of each reading with values carried forward from its session (see `news2.score_series`),
    in one query for however many readings and sessions."""
    readings = list(readings)
    if not readings:
        return {}
    window = carry_forward_window()
    sources = VitalSigns.objects.valid().filter(
        session_id__in={reading.session_id for reading in readings},
        measured_at__gte=min(reading.measured_at for reading in readings) - window,
        measured_at__lte=max(reading.measured_at for reading in readings),
    )
    by_session: dict[int, dict[int, object]] = {}
    everything = [*sources, *readings]
    for reading in artifacts.judged(everything, artifact_marks(r.pk for r in everything)):
        by_session.setdefault(reading.session_id, {})[reading.pk] = reading
    scores = {}
    for series in by_session.values():
        ordered = sorted(series.values(), key=lambda reading: (reading.measured_at, reading.pk))
        scores.update(zip([r.pk for r in ordered], news2.score_series(ordered, window), strict=True))
    return {reading.pk: scores[reading.pk] for reading in readings}


def scored_rows(readings) -> list[tuple]:
    """(reading, NEWS2) for a session's readings in measured order, as the chart and review tables
    show them; the readings come from `charted_readings`."""
    judged = artifacts.judged(readings, artifacts.marks_of_readings(readings))
    return list(zip(readings, news2.score_series(judged, carry_forward_window()), strict=True))


def artifact_marks(reading_ids) -> dict[int, set[str]]:
    """Reading id → the fields marked as artifacts on it (every chartable field for a whole reading)."""
    return artifacts.marks_by_reading(ReadingArtifact.objects.filter(reading_id__in=set(reading_ids)))
