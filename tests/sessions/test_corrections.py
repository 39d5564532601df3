"""Correcting a reading: the old one is struck out with a reason, never edited or deleted."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions import services
from sessions.models import Alert, VitalSigns
from tests import factories
from tests.conftest import BASELINE, T0, minutes


def chart(session, nurse, at, values):
    return services.record_vitals(
        session=session, values=values, by=nurse, measured_at=T0 + minutes(at), now=T0 + minutes(at)
    )


@pytest.fixture
def slip(session_a, nurse_a):
    """SBP typed as 210 instead of 120, measured at T0+5."""
    return chart(session_a, nurse_a, 5, {**BASELINE, "systolic": 210}).reading


@pytest.fixture
def sbp_limit(site_a):
    return factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("180"))


def test_correcting_marks_the_reading_entered_in_error_with_reason_by_and_at(slip, nurse_a):
    services.correct_reading(reading=slip, reason="  Typed 210 for 120 ", by=nurse_a, now=T0 + minutes(9))
    slip.refresh_from_db()
    assert slip.entered_in_error
    assert (slip.error_reason, slip.error_marked_by, slip.error_marked_at) == (
        "Typed 210 for 120",
        nurse_a,
        T0 + minutes(9),
    )
    assert slip.systolic == 210  # the values stay as they were entered


def test_correcting_with_values_adds_a_linked_reading_at_the_same_clinical_time(slip, nurse_a):
    recorded = services.correct_reading(
        reading=slip, reason="Typed 210 for 120", by=nurse_a, values=BASELINE, now=T0 + minutes(9)
    )
    new = VitalSigns.objects.get(pk=recorded.reading.pk)
    assert new.pk != slip.pk
    assert new.corrects_id == slip.pk
    assert (new.measured_at, new.recorded_at, new.recorded_by) == (T0 + minutes(5), T0 + minutes(9), nurse_a)
    assert (new.systolic, new.entered_in_error) == (120, False)
    assert VitalSigns.objects.count() == 2
    assert list(VitalSigns.objects.valid()) == [new]


def test_correcting_without_values_only_strikes_the_reading_out(slip, nurse_a):
    services.correct_reading(reading=slip, reason="Wrong patient", by=nurse_a, now=T0 + minutes(9))
    assert VitalSigns.objects.count() == 1
    assert not VitalSigns.objects.valid().exists()


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_correction_needs_a_reason(slip, nurse_a, reason):
    with pytest.raises(ValidationError) as refused:
        services.correct_reading(reading=slip, reason=reason, by=nurse_a, values=BASELINE, now=T0 + minutes(9))
    assert "reason" in refused.value.message_dict
    slip.refresh_from_db()
    assert not slip.entered_in_error
    assert VitalSigns.objects.count() == 1


def test_the_corrected_values_are_validated_like_any_reading(slip, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.correct_reading(
            reading=slip, reason="Typo", by=nurse_a, values={"systolic": 1200, "diastolic": 80}, now=T0 + minutes(9)
        )
    assert "between 40 and 300" in refused.value.message_dict["systolic"][0]


def test_a_reading_cannot_be_corrected_twice(slip, nurse_a):
    services.correct_reading(reading=slip, reason="Typo", by=nurse_a, values=BASELINE, now=T0 + minutes(9))
    with pytest.raises(ValidationError) as refused:
        services.correct_reading(reading=slip, reason="Again", by=nurse_a, values=BASELINE, now=T0 + minutes(10))
    assert "already marked entered in error" in refused.value.messages[0]
    slip.refresh_from_db()
    assert slip.error_reason == "Typo"
    assert VitalSigns.objects.count() == 2


def test_the_correction_itself_can_be_corrected(slip, nurse_a):
    first = services.correct_reading(reading=slip, reason="Typo", by=nurse_a, values=BASELINE, now=T0 + minutes(9))
    second = services.correct_reading(
        reading=first.reading,
        reason="Still wrong",
        by=nurse_a,
        values={**BASELINE, "systolic": 122},
        now=T0 + minutes(10),
    )
    assert second.reading.corrects == first.reading
    assert [r.systolic for r in VitalSigns.objects.valid()] == [122]


def test_an_alert_raised_by_the_erroneous_reading_is_resolved(session_a, nurse_a, sbp_limit):
    recorded = chart(session_a, nurse_a, 5, {**BASELINE, "systolic": 210})
    alert = recorded.raised[0]
    corrected = services.correct_reading(
        reading=recorded.reading, reason="Typo", by=nurse_a, values=BASELINE, now=T0 + minutes(9)
    )
    alert.refresh_from_db()
    assert corrected.raised == []
    assert alert in corrected.resolved
    assert alert.resolved_at == T0 + minutes(9)
    assert alert.resolved_reason == "Its reading was marked entered in error"
    assert not Alert.objects.open().exists()


def test_striking_out_the_only_breaching_reading_resolves_its_alert(session_a, nurse_a, sbp_limit):
    recorded = chart(session_a, nurse_a, 5, {**BASELINE, "systolic": 210})
    result = services.correct_reading(reading=recorded.reading, reason="Wrong patient", by=nurse_a, now=T0 + minutes(9))
    assert [alert.pk for alert in result.resolved] == [recorded.raised[0].pk]
    assert not Alert.objects.open().exists()


def test_a_correction_that_still_breaches_raises_a_fresh_alert_on_the_new_reading(session_a, nurse_a, sbp_limit):
    recorded = chart(session_a, nurse_a, 5, {**BASELINE, "systolic": 210})
    old_alert = recorded.raised[0]
    corrected = services.correct_reading(
        reading=recorded.reading,
        reason="It was 190",
        by=nurse_a,
        values={**BASELINE, "systolic": 190},
        now=T0 + minutes(9),
    )
    new_alert = corrected.raised[0]
    assert new_alert.pk != old_alert.pk
    assert new_alert.reading == corrected.reading
    assert new_alert.value == 190
    assert list(Alert.objects.open()) == [new_alert]
    old_alert.refresh_from_db()
    assert not old_alert.is_open


def test_a_correction_that_breaches_raises_an_alert_the_slip_did_not(session_a, nurse_a, sbp_limit):
    recorded = chart(session_a, nurse_a, 5, BASELINE)
    corrected = services.correct_reading(
        reading=recorded.reading,
        reason="It was 200",
        by=nurse_a,
        values={**BASELINE, "systolic": 200},
        now=T0 + minutes(9),
    )
    assert [alert.reading for alert in corrected.raised] == [corrected.reading]


def test_another_sites_nurse_cannot_correct(slip, nurse_b):
    with pytest.raises(PermissionDenied):
        services.correct_reading(reading=slip, reason="Typo", by=nurse_b, values=BASELINE, now=T0 + minutes(9))
    slip.refresh_from_db()
    assert not slip.entered_in_error
    assert VitalSigns.objects.count() == 1


def test_an_admin_cannot_correct(slip, admin_a):
    with pytest.raises(PermissionDenied):
        services.correct_reading(reading=slip, reason="Typo", by=admin_a, now=T0 + minutes(9))


def test_a_physician_can_correct(slip, physician_a):
    services.correct_reading(reading=slip, reason="Typo", by=physician_a, now=T0 + minutes(9))
    slip.refresh_from_db()
    assert slip.error_marked_by == physician_a
