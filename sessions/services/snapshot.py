"""What a write on a session judges, read once under the session's row lock.

Charting a reading asks the same rows several times: is this key a retry, when was the latest
reading (the overdue check), what does the new reading score with values carried forward (NEWS2),
which rules are breached and which alerts are open. Reading them once, in three queries whatever
the session's length, keeps a reading's cost flat; the lock keeps them current until the commit.
"""

import bisect
from dataclasses import dataclass

from django.db.models import Q

from sessions.clinical import artifacts, news2
from sessions.models import Alert, ReadingArtifact, VitalSigns
from sessions.selectors import artifact_marks, carry_forward_window


def _measured_order(reading) -> tuple:
    return reading.measured_at, reading.pk


@dataclass
class SessionSnapshot:
    readings: list[VitalSigns]  # every reading, entered in error too, in measured order
    marks: dict[int, set[str]]  # reading id → the fields marked as artifacts on it
    alerts: list[Alert]  # rule alerts, open or not, and open overdue alerts, in the order raised

    @classmethod
    def read(cls, session) -> "SessionSnapshot":
        """Call with the session row locked."""
        readings = list(session.readings.order_by("measured_at", "id"))
        alerts = session.alerts.filter(Q(kind=Alert.Kind.RULE) | Q(kind=Alert.Kind.OVERDUE, resolved_at__isnull=True))
        return cls(
            readings,
            artifact_marks(reading.pk for reading in readings),
            list(alerts.select_related("acknowledged_by", "snoozed_by").order_by("raised_at", "id")),
        )

    def stored(self, client_key: str) -> VitalSigns | None:
        """The reading charted before with this client key, if any (a retry)."""
        return next((reading for reading in self.readings if reading.client_key == client_key), None)

    def add(self, reading: VitalSigns, mark: ReadingArtifact | None = None) -> None:
        """A reading just stored (and the artifact marked with it), in its measured place."""
        bisect.insort(self.readings, reading, key=_measured_order)
        if mark is not None:
            self.marks.setdefault(reading.pk, set()).update(mark.marked_fields)

    def judged(self) -> list[VitalSigns]:
        """The valid readings, in measured order, with their artifact values left out."""
        return artifacts.judged([reading for reading in self.readings if not reading.entered_in_error], self.marks)

    def latest_measured_at(self):
        return max((reading.measured_at for reading in self.readings if not reading.entered_in_error), default=None)

    def news2_of(self, reading: VitalSigns) -> news2.News2:
        """As `selectors.news2_for_readings` scores it, from the rows already read."""
        series = artifacts.judged(self.readings, self.marks)
        scores = news2.score_series(series, carry_forward_window())
        return next(score for judged, score in zip(series, scores, strict=True) if judged.pk == reading.pk)
