"""Reads for the charting pages, scoped and shaped so each page costs a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from clinic.access import Action, scope
from sessions import artifacts, course_plan, news2, rems, schedule
from sessions.models import Alert, CoursePlan, InfusionSession, ReadingArtifact, SideEffect, VitalSigns

DUE_SOON, DUE, OVERDUE = "soon", "due", "overdue"


@dataclass(frozen=True)
class BoardRow:
    session: InfusionSession
    phase: str
    elapsed: timedelta | None
    due: schedule.Due | None
    due_state: str | None
    due_minutes: int | None
    open_alerts: list
    side_effects: list
    course: course_plan.Progress | None = None  # where the patient stands in an active plan


def due_state(due: schedule.Due | None, now: datetime) -> tuple[str | None, int | None]:
    """'soon' before the due time, 'due' (amber) within the grace period, 'overdue' (red) after it."""
    if due is None:
        return None, None
    minutes = int((due.due_at - now).total_seconds() // 60)
    if now <= due.due_at:
        return DUE_SOON, minutes
    return (OVERDUE if due.is_overdue(now) else DUE), -minutes


def with_board_details(sessions):
    return (
        sessions.select_related("patient", "site", "nurse")
        .with_last_reading_at()
        .prefetch_related(
            Prefetch(
                "alerts",
                queryset=Alert.objects.open().order_by("-raised_at"),
                to_attr="open_alert_list",
            ),
            Prefetch(
                "side_effects",
                queryset=SideEffect.objects.filter(entered_in_error=False),
                to_attr="side_effect_list",
            ),
            Prefetch(
                "patient__course_plans",
                queryset=CoursePlan.objects.filter(status=CoursePlan.Status.ACTIVE).select_related("site"),
                to_attr="active_plans",
            ),
            Prefetch(
                "patient__sessions",
                queryset=InfusionSession.objects.filter(infusion_started_at__isnull=False).only(
                    "patient_id", "infusion_started_at"
                ),
                to_attr="dosed_sessions",
            ),
        )
    )


def course_progress(patient, *, now) -> course_plan.Progress | None:
    """Progress in the patient's active plan, from what `with_board_details` prefetched."""
    if not patient.active_plans:
        return None
    dosed = [session.infusion_started_at for session in patient.dosed_sessions]
    return course_plan.plan_progress(patient.active_plans[0], dosed, now)


def board_rows(user, site, *, now) -> list[BoardRow]:
    """Today's sessions at `site` (in its timezone), and any older session still open."""
    local_midnight = datetime.combine(now.astimezone(site.tzinfo).date(), time.min, tzinfo=site.tzinfo)
    sessions = scope(InfusionSession.objects.filter(site=site), user).filter(
        Q(arrived_at__gte=local_midnight) | Q(discharged_at__isnull=True, signed_at__isnull=True)
    )
    rows = []
    for session in with_board_details(sessions).order_by("chair", "arrived_at"):
        due = schedule.next_due(session, session.last_reading_at, now)
        state, minutes = due_state(due, now)
        started = session.infusion_started_at
        rows.append(
            BoardRow(
                session=session,
                phase=session.phase(now),
                elapsed=(now - started) if started and not session.discharged_at else None,
                due=due,
                due_state=state,
                due_minutes=minutes,
                open_alerts=session.open_alert_list,
                side_effects=session.side_effect_list,
                course=course_progress(session.patient, now=now),
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
