"""Discharge readiness, adapted from PADSS (Chung 1995) and the Aldrete score.

The nurse confirms what only a person can see (oriented, walking, escort...); the vitals item
is computed: the latest BP and heart rate within 20% of the pre-infusion baseline, as PADSS
scores it.
"""

from decimal import Decimal

from sessions.models import VitalSigns

DISCHARGE_CHECKLIST = (
    ("alert_and_oriented", "Alert and oriented"),
    ("steady_walking", "Walks steadily"),
    ("nausea_controlled", "Nausea controlled"),
    ("escort_present", "Escort present"),
    ("no_driving_instruction", "No-driving instruction given"),
)

_TOLERANCE = Decimal("0.20")
_COMPARED = ("systolic", "diastolic", "heart_rate")


def vitals_near_baseline(session) -> bool:
    """True when every compared value of the latest reading is within 20% of its baseline.

    With no baseline or no reading after the infusion started, the check cannot pass.
    """
    readings = list(VitalSigns.objects.valid().filter(session=session).order_by("measured_at", "id"))
    started = session.infusion_started_at
    before = [r for r in readings if started and r.measured_at < started and r.systolic is not None]
    after = [r for r in readings if started and r.measured_at >= started and r.systolic is not None]
    if not before or not after:
        return False
    baseline, latest = before[-1], after[-1]
    for field in _COMPARED:
        base, now = getattr(baseline, field), getattr(latest, field)
        if base is None or now is None:
            continue
        if abs(Decimal(now) - Decimal(base)) > _TOLERANCE * Decimal(base):
            return False
    return True
