"""The queue of REMS records to submit: 7 days from the session, counted in the site's dates."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from sessions import services
from sessions.clinical import rems
from sessions.pages.rems import selectors
from tests.conftest import T0, minutes

from .conftest import CONFIRMED

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def test_the_deadline_is_seven_site_local_days_after_the_dose():
    # 02:00 UTC on the 17th is still the evening of the 16th in New York.
    dosed = datetime.datetime(2026, 11, 17, 2, 0, tzinfo=datetime.UTC)

    assert rems.submission_deadline(dosed, NEW_YORK) == datetime.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("now", "left"),
    [
        (datetime.datetime(2026, 11, 17, 2, 0, tzinfo=datetime.UTC), 7),
        (datetime.datetime(2026, 11, 24, 4, 59, tzinfo=datetime.UTC), 0),  # 23:59 on the 23rd in New York
        (datetime.datetime(2026, 11, 24, 5, 0, tzinfo=datetime.UTC), -1),  # midnight: overdue
    ],
)
def test_days_left_turn_at_the_sites_midnight(now, left):
    dosed = datetime.datetime(2026, 11, 17, 2, 0, tzinfo=datetime.UTC)

    assert rems.days_left(dosed, NEW_YORK, now) == left


def test_it_lists_dosed_esketamine_sessions_until_submitted(discharged_esketamine, session_a, nurse_a):
    now = T0 + minutes(60 * 24 * 8)
    rows = selectors.rems_queue(nurse_a, now=now)

    assert [(row.session, row.days_left, row.overdue) for row in rows] == [(discharged_esketamine, -1, True)]

    services.save_rems_record(session=discharged_esketamine, by=nurse_a, values=CONFIRMED, complete=True)
    services.submit_rems_record(
        session=discharged_esketamine, by=nurse_a, submitted_on=datetime.date(2026, 11, 20), now=now
    )
    assert selectors.rems_queue(nurse_a, now=now) == []


def test_the_queue_shows_another_site_nothing(discharged_esketamine, nurse_b):
    assert selectors.rems_queue(nurse_b, now=T0) == []


def test_the_queue_page_marks_a_completed_record_submitted(nurse_client, discharged_esketamine, nurse_a, at):
    services.save_rems_record(session=discharged_esketamine, by=nurse_a, values=CONFIRMED, complete=True)
    at(60 * 24)
    page = nurse_client.get(reverse("rems-queue")).content.decode()
    assert "6" in page and 'value="2026-11-17"' in page

    response = nurse_client.post(
        reverse("rems-submit", args=[discharged_esketamine.pk]), {"submitted_on": "2026-11-17"}
    )

    assert response.status_code == 302
    discharged_esketamine.rems_record.refresh_from_db()
    assert discharged_esketamine.rems_record.submitted_on == datetime.date(2026, 11, 17)
    assert "Every REMS record is submitted" in nurse_client.get(reverse("rems-queue")).content.decode()
