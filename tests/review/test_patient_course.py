"""The patient's course: per-session extremes and the questionnaire trend with its markers."""

import pytest
from django.urls import reverse

from sessions import services
from tests.conftest import T0, minutes

pytestmark = pytest.mark.django_db

# PHQ-9 items (item 9 last): totals 20, 12 (item 9 = 1), 9 (response), 4 (remission)
PHQ9_COURSE = (
    [3, 3, 3, 2, 2, 2, 2, 3, 0],
    [2, 2, 1, 1, 2, 1, 1, 1, 1],
    [1, 1, 1, 1, 2, 1, 1, 1, 0],
    [1, 1, 1, 1, 0, 0, 0, 0, 0],
)


@pytest.fixture
def course(patient_a, nurse_a, alert_a, session_a):
    for day, items in enumerate(PHQ9_COURSE):
        when = T0 + minutes(60 * 24 * day - 60)
        services.record_assessment(
            patient=patient_a,
            by=nurse_a,
            instrument="phq9",
            items=items,
            administered_at=when,
            now=when,
            session=session_a if day == 0 else None,
        )
    return patient_a


def test_it_shows_each_session_with_its_extremes(physician_client, course, session_a):
    response = physician_client.get(reverse("review-patient-course", args=[course.pk]))

    assert response.status_code == 200
    ((session, summary, points),) = response.context["rows"]
    assert session == session_a
    assert (summary.peak_systolic, summary.peak_diastolic) == (192, 96)
    assert (summary.systolic_rise, summary.diastolic_rise) == (72, 16)
    assert summary.significant_rise
    assert [point.total for point in points] == [20]
    body = response.content.decode()
    assert "+72/+16" in body and "SBP above 180" in body


def test_it_draws_the_phq9_trend_with_bands_response_remission_and_safety_flag(physician_client, course):
    response = physician_client.get(reverse("review-patient-course", args=[course.pk]))

    ((chart, _points, _outcome),) = response.context["charts"]
    assert [mark.total for mark in chart.marks] == [20, 12, 9, 4]
    assert [mark.is_response for mark in chart.marks] == [False, False, True, True]
    assert [mark.is_remission for mark in chart.marks] == [False, False, False, True]
    assert [mark.safety_flag for mark in chart.marks] == [False, True, False, False]
    assert [band.label for band in chart.bands] == ["minimal", "mild", "moderate", "moderately severe", "severe"]
    body = response.content.decode()
    assert 'class="course-chart"' in body and "⚑" in body
    assert "item 9 (thoughts of self-harm) scored 1" in body


def test_a_patient_without_assessments_says_so(physician_client, patient_a, session_a):
    response = physician_client.get(reverse("review-patient-course", args=[patient_a.pk]))

    assert "No questionnaire recorded" in response.content.decode()


def test_another_sites_patient_is_not_found(physician_client, patient_b):
    assert physician_client.get(reverse("review-patient-course", args=[patient_b.pk])).status_code == 404


def test_a_value_marked_as_artifact_does_not_count_in_the_sessions_extremes(
    physician_client, infusing_session, nurse_a
):
    for at, systolic in ((20, 150), (25, 230), (30, 152)):
        services.record_vitals(
            session=infusing_session,
            values={"systolic": systolic, "diastolic": 90},
            by=nurse_a,
            measured_at=T0 + minutes(at),
            now=T0 + minutes(at),
        )
    slipped = infusing_session.readings.get(systolic=230)
    services.mark_artifact(
        reading=slipped, fields=["systolic"], reason="Cuff slipped", by=nurse_a, now=T0 + minutes(31)
    )

    response = physician_client.get(reverse("review-patient-course", args=[infusing_session.patient_id]))

    ((_, summary, _),) = response.context["rows"]
    assert summary.peak_systolic == 152
