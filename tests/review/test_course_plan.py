"""Treatment-course plans: progress ("3 of 6", next due, overdue) in the site's dates, the
outcome from the PHQ-9 course, and who may set and end a plan."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions import services
from sessions.clinical import course_plan
from sessions.models import CoursePlan, InfusionSession
from tests.conftest import BASELINE, T0, minutes
from tests.factories import PatientFactory

from .test_course import assessment

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
NOV = {day: datetime.date(2026, 11, day) for day in range(1, 31)}
SIX_OVER_18 = SimpleNamespace(
    induction_treatments=6, induction_days=18, maintenance_interval_days=None, started_on=NOV[2], ended_on=None
)


def test_before_any_treatment_the_first_is_due_on_the_start_date():
    assert course_plan.progress(SIX_OVER_18, [], NOV[1]) == course_plan.Progress(0, 6, False, NOV[2], False)


def test_the_next_induction_treatment_is_due_one_spacing_after_the_last():
    progress = course_plan.progress(SIX_OVER_18, [NOV[2], NOV[5], NOV[8]], NOV[9])

    assert (progress.label, progress.next_due, progress.overdue) == ("3 of 6", NOV[11], False)


def test_it_is_overdue_the_day_after_the_due_date():
    assert course_plan.progress(SIX_OVER_18, [NOV[2], NOV[5], NOV[8]], NOV[12]).overdue is True
    assert course_plan.progress(SIX_OVER_18, [NOV[2], NOV[5], NOV[8]], NOV[11]).overdue is False


def test_after_induction_maintenance_follows_at_its_interval():
    plan = SimpleNamespace(**{**vars(SIX_OVER_18), "maintenance_interval_days": 14})
    dates = [NOV[2], NOV[5], NOV[8], NOV[11], NOV[14], NOV[17]]

    progress = course_plan.progress(plan, dates, NOV[18])
    assert (progress.label, progress.next_due) == ("maintenance · 6 given", datetime.date(2026, 12, 1))


def test_without_maintenance_nothing_is_due_after_induction():
    dates = [NOV[2], NOV[5], NOV[8], NOV[11], NOV[14], NOV[17]]

    assert course_plan.progress(SIX_OVER_18, dates, NOV[25]) == course_plan.Progress(6, 6, False, None, False)


def test_a_treatment_counts_on_the_sites_date():
    # 02:00 UTC on the 2nd is the evening of the 1st in New York: before the plan started.
    dosed = [
        datetime.datetime(2026, 11, 2, 2, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 11, 2, 15, 0, tzinfo=datetime.UTC),
    ]

    assert course_plan.treatment_dates(SIX_OVER_18, dosed, NEW_YORK) == [NOV[2]]


@pytest.mark.parametrize(
    ("totals", "expected"),
    [([20, 4], "remission"), ([20, 9], "response"), ([20, 15], "no_response"), ([20], "")],
)
def test_the_outcome_follows_the_phq9_response_and_remission_rules(totals, expected):
    assessments = [assessment(day, total) for day, total in enumerate(totals)]

    assert course_plan.suggested_outcome(assessments)[0] == expected


def set_plan(patient, by, protocol, **changes):
    """Six treatments over 18 days from 16 Nov, no maintenance, unless `changes` say otherwise."""
    plan = {
        "induction_treatments": 6,
        "induction_days": 18,
        "maintenance_interval_days": None,
        "started_on": NOV[16],
        **changes,
    }
    return services.set_course_plan(patient=patient, by=by, protocol=protocol, **plan)


@pytest.fixture
def plan_a(patient_a, physician_a, iv_protocol):
    return set_plan(patient_a, physician_a, iv_protocol, maintenance_interval_days=28)


def test_a_nurse_may_not_set_a_plan(patient_a, nurse_a, iv_protocol):
    with pytest.raises(PermissionDenied):
        set_plan(patient_a, nurse_a, iv_protocol)


def test_a_patient_has_one_active_plan(plan_a, patient_a, physician_a, iv_protocol):
    with pytest.raises(ValidationError, match="already has an active plan"):
        set_plan(patient_a, physician_a, iv_protocol, induction_treatments=4, induction_days=14)


def test_it_refuses_an_induction_shorter_than_one_day_per_treatment(patient_a, physician_a, iv_protocol):
    with pytest.raises(ValidationError) as refused:
        set_plan(patient_a, physician_a, iv_protocol, induction_days=3)
    assert "induction_days" in refused.value.message_dict


def test_ending_records_the_outcome_and_the_scores(plan_a, physician_a):
    ended = services.end_course_plan(
        plan=plan_a,
        by=physician_a,
        outcome="response",
        ended_on=NOV[16],
        assessments=[assessment(0, 20), assessment(14, 9)],
        now=T0,
    )

    assert (ended.status, ended.outcome, ended.ended_by) == ("ended", "response", physician_a)
    assert ended.outcome_scores == {"first": 20, "latest": 9, "percent_change": -55}
    assert ended.history.first().history_user == physician_a


def test_the_plan_page_lets_a_physician_set_a_plan(physician_client, patient_a, iv_protocol, time_machine):
    time_machine.move_to(T0 + minutes(0), tick=False)
    data = {"protocol": iv_protocol.pk, "induction_treatments": 6, "induction_days": 18, "started_on": "2026-11-16"}

    response = physician_client.post(reverse("review-course-plan", args=[patient_a.pk]), data)

    assert response.status_code == 302
    page = physician_client.get(reverse("review-course-plan", args=[patient_a.pk])).content.decode()
    assert "Treatment 0 of 6" in page and "next due Mon 16 Nov 2026" in page


def test_the_plan_page_shows_a_field_error_for_a_bad_plan(physician_client, patient_a, iv_protocol, time_machine):
    time_machine.move_to(T0 + minutes(0), tick=False)
    data = {"protocol": iv_protocol.pk, "induction_treatments": 6, "induction_days": 2, "started_on": "2026-11-16"}

    response = physician_client.post(reverse("review-course-plan", args=[patient_a.pk]), data)

    assert response.status_code == 200 and "one day per treatment" in response.content.decode()
    assert not CoursePlan.objects.exists()


def test_a_nurse_may_read_the_plan_but_not_set_or_end_it(nurse_client, plan_a, patient_a, iv_protocol, time_machine):
    time_machine.move_to(T0 + minutes(0), tick=False)
    url = reverse("review-course-plan", args=[patient_a.pk])

    page = nurse_client.get(url).content.decode()
    assert "Treatment 0 of 6" in page and "End the course" not in page
    assert nurse_client.post(url, {"protocol": iv_protocol.pk}).status_code == 403
    end = reverse("review-course-plan-end", args=[patient_a.pk])
    assert nurse_client.post(end, {"outcome": "stopped", "ended_on": "2026-11-16"}).status_code == 403


@pytest.mark.parametrize("name", ["review-course-plan", "review-course-plan-end"])
def test_another_sites_staff_get_a_404(client, nurse_b, plan_a, patient_a, name):
    client.force_login(nurse_b)
    method = client.post if name.endswith("end") else client.get

    assert method(reverse(name, args=[patient_a.pk])).status_code == 404


def test_the_physician_ends_the_course_from_the_page(physician_client, plan_a, patient_a, time_machine):
    time_machine.move_to(T0 + minutes(0), tick=False)
    response = physician_client.post(
        reverse("review-course-plan-end", args=[patient_a.pk]), {"outcome": "stopped", "ended_on": "2026-11-16"}
    )

    assert response.status_code == 302
    page = physician_client.get(reverse("review-patient-course", args=[patient_a.pk])).content.decode()
    assert "Stopped early" in page and "No active plan." in page


def test_the_board_and_course_page_show_where_the_patient_is(
    nurse_client, plan_a, infusing_session, patient_a, time_machine
):
    time_machine.move_to(T0 + minutes(20), tick=False)

    board = nurse_client.get("/board/").content.decode()
    assert "1 of 6 · next due 19 Nov" in board
    course = nurse_client.get(reverse("review-patient-course", args=[patient_a.pk])).content.decode()
    assert "Treatment 1 of 6" in course


def test_the_board_counts_a_treatment_from_the_first_hour_of_the_plan_east_of_utc(
    nurse_client, plan_a, infusing_session, site_a, start, patient_a, time_machine
):
    site_a.timezone = "Asia/Tokyo"  # the plan's first day (16 Nov) begins at 15:00 UTC on the 15th
    site_a.save()
    for dosed_at in (datetime.datetime(2026, 11, 15, 14, 30, tzinfo=datetime.UTC), T0 - minutes(22 * 60 + 30)):
        earlier = start(patient_a, arrived_at=dosed_at, now=dosed_at)
        InfusionSession.objects.filter(pk=earlier.pk).update(infusion_started_at=dosed_at, discharged_at=dosed_at)
    time_machine.move_to(T0 + minutes(20), tick=False)

    # 23:30 on the 15th in Tokyo does not count; 00:30 on the 16th and today's session do.
    assert "2 of 6 · next due 19 Nov" in nurse_client.get("/board/").content.decode()


def test_the_board_flags_an_overdue_course(nurse_client, physician_a, iv_protocol, start, patient_a, time_machine):
    set_plan(patient_a, physician_a, iv_protocol, started_on=NOV[10])
    start(patient_a)  # arrived, not yet treated: the first treatment was due on the 10th
    time_machine.move_to(T0 + minutes(5), tick=False)

    assert "overdue since 10 Nov" in nurse_client.get("/board/").content.decode()


def test_the_board_query_count_does_not_grow_with_planned_patients(
    nurse_client, start, patient_a, nurse_a, physician_a, iv_protocol, time_machine
):
    time_machine.move_to(T0 + minutes(5), tick=False)

    def planned_session(patient):
        set_plan(patient, physician_a, iv_protocol)
        session = start(patient)
        services.record_vitals(session=session, values=BASELINE, by=nurse_a, now=T0 + minutes(2))

    def count():
        with CaptureQueriesContext(connection) as captured:
            nurse_client.get("/board/", headers={"HX-Request": "true"})
        return len(captured)

    planned_session(patient_a)
    count()  # the first visit remembers the chosen site in the login session
    one = count()
    for _ in range(3):
        planned_session(PatientFactory(site=patient_a.site))
    assert count() == one
