"""Completing a REMS record refuses while anything is missing; a completed record is frozen."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions import services
from sessions.models import RemsRecord
from tests.conftest import T0, minutes

from .conftest import CONFIRMED


def test_completion_is_refused_with_the_missing_items(dosed_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.save_rems_record(session=dosed_session, by=nurse_a, values=CONFIRMED, complete=True)

    assert refused.value.messages == ["Missing: Time ready to leave (discharge the patient)."]
    assert not RemsRecord.objects.filter(completed_at__isnull=False).exists()


def test_a_draft_is_saved_without_completing(dosed_session, nurse_a):
    record = services.save_rems_record(session=dosed_session, by=nurse_a, values={"device_lot_numbers": "L1"})

    assert (record.device_lot_numbers, record.is_completed) == ("L1", False)
    assert record.history.first().history_user == nurse_a


def test_it_completes_and_freezes_the_charted_items(discharged_esketamine, nurse_a):
    record = services.save_rems_record(
        session=discharged_esketamine, by=nurse_a, values=CONFIRMED, complete=True, now=T0 + minutes(140)
    )

    assert (record.completed_by, record.completed_at) == (nurse_a, T0 + minutes(140))
    assert record.items["blood_pressures"][0]["value"] == "128/82"
    assert record.items["monitoring_minutes"] == 125


def test_a_completed_record_cannot_be_changed(discharged_esketamine, nurse_a):
    services.save_rems_record(session=discharged_esketamine, by=nurse_a, values=CONFIRMED, complete=True)

    with pytest.raises(ValidationError, match="completed"):
        services.save_rems_record(session=discharged_esketamine, by=nurse_a, values={"dose_mg": 84})
    assert RemsRecord.objects.get().dose_mg == 56


def test_it_refuses_a_non_esketamine_session(session_a, nurse_a):
    with pytest.raises(ValidationError, match="esketamine"):
        services.save_rems_record(session=session_a, by=nurse_a, values=CONFIRMED)


def test_it_refuses_another_sites_nurse(discharged_esketamine, nurse_b):
    with pytest.raises(PermissionDenied):
        services.save_rems_record(session=discharged_esketamine, by=nurse_b, values=CONFIRMED)


@pytest.fixture
def completed(discharged_esketamine, nurse_a):
    services.save_rems_record(session=discharged_esketamine, by=nurse_a, values=CONFIRMED, complete=True)
    return discharged_esketamine


def test_it_marks_a_completed_record_submitted(completed, physician_a):
    record = services.submit_rems_record(
        session=completed, by=physician_a, submitted_on=datetime.date(2026, 11, 17), now=T0 + minutes(60 * 24)
    )

    assert (record.submitted_on, record.submitted_by) == (datetime.date(2026, 11, 17), physician_a)


def test_it_refuses_to_submit_a_draft(dosed_session, nurse_a):
    with pytest.raises(ValidationError, match="Complete the record"):
        services.submit_rems_record(session=dosed_session, by=nurse_a, submitted_on=datetime.date(2026, 11, 16))


def test_it_refuses_a_submission_date_in_the_sites_future(completed, nurse_a):
    # 03:00 UTC on the 17th is still the 16th in New York.
    with pytest.raises(ValidationError, match="future"):
        services.submit_rems_record(
            session=completed,
            by=nurse_a,
            submitted_on=datetime.date(2026, 11, 17),
            now=datetime.datetime(2026, 11, 17, 3, 0, tzinfo=datetime.UTC),
        )
