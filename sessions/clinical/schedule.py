"""When the next reading is due, and whether it is overdue.

Intervals come from the protocol snapshot (published IV-ketamine series chart every ~10 min
during the infusion and ~15 min after). A baseline is due on arrival; during each phase the
next reading is due one interval after the later of the phase start and the last reading.
A reading is overdue once the grace period of the current phase has passed (a protocol may give
the infusion a shorter grace than observation); sessions started before grace per phase existed
keep the protocol-wide grace in their snapshot.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sessions.models import Phase


@dataclass(frozen=True)
class Due:
    due_at: datetime
    grace: timedelta

    def is_overdue(self, now: datetime) -> bool:
        return now > self.due_at + self.grace

    def overdue_by(self, now: datetime) -> timedelta:
        return max(now - self.due_at, timedelta(0))


def next_due(session, last_reading_at: datetime | None, now: datetime) -> Due | None:
    """`last_reading_at`: measured time of the session's latest valid reading, if any."""
    snapshot = session.protocol_snapshot
    phase = session.phase(now)
    grace = timedelta(minutes=grace_minutes(snapshot, phase))
    if phase == Phase.PRE_CHECK:
        return None if last_reading_at else Due(session.arrived_at, grace)
    if phase == Phase.INFUSION:
        phase_start = session.infusion_started_at
        interval = snapshot["infusion_interval_minutes"]
    elif phase == Phase.OBSERVATION:
        phase_start = session.infusion_ended_at
        interval = snapshot["observation_interval_minutes"]
    else:
        return None
    anchor = max(phase_start, last_reading_at) if last_reading_at else phase_start
    return Due(anchor + timedelta(minutes=interval), grace)


def grace_minutes(snapshot: dict, phase: str) -> int:
    return snapshot.get("overdue_grace_by_phase", {}).get(phase, snapshot["overdue_grace_minutes"])
