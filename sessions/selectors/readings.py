"""Readings as every page, the API and the charting services read them: with their artifact marks and
NEWS2 scored with values carried forward."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch

from sessions.clinical import artifacts, news2
from sessions.models import ReadingArtifact, VitalSigns


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
