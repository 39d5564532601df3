"""The printed session record and discharge instructions, read back from their PDFs."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sessions import services
from tests import factories
from tests.conftest import T0, minutes
from tests.pdf import pdf_page_size, pdf_pages
from tests.review.conftest import chart_high_bp, discharge_now


@pytest.fixture
def signed_session(infusing_session, nurse_a, physician_a, site_a):
    factories.AlertRuleFactory(site=site_a, name="SBP above 180", threshold=Decimal("180"))
    chart_high_bp(infusing_session, nurse_a)
    for at in range(25, 50, 3):  # enough readings for the table to run onto a second page
        services.record_vitals(
            session=infusing_session,
            values={"systolic": 130 + at, "diastolic": 84, "heart_rate": 80, "spo2": 97, "respiratory_rate": 15},
            by=nurse_a,
            measured_at=T0 + minutes(at),
            now=T0 + minutes(at),
        )
    discharge_now(infusing_session, nurse_a, physician_a)
    services.sign_session(
        session=infusing_session, by=physician_a, attestation="Reviewed; well tolerated.", now=T0 + minutes(90)
    )
    infusing_session.refresh_from_db()
    return infusing_session


def test_the_record_pdf_holds_patient_readings_alerts_and_signatures(physician_client, signed_session, physician_a):
    pages = pdf_pages(physician_client.get(reverse("session-record-pdf", args=[signed_session.pk])))
    text = " ".join(pages)

    patient = signed_session.patient
    assert patient.full_name in text and "born 17 May 1980" in text
    assert "120/80" in text and "192/96" in text  # the baseline and the alerting reading
    assert "SBP above 180" in text
    assert "Signed by: " + physician_a.get_full_name() in text
    assert "Reviewed; well tolerated." in text


def test_every_page_of_the_record_carries_the_patient_and_its_page_number(physician_client, signed_session):
    pages = pdf_pages(physician_client.get(reverse("session-record-pdf", args=[signed_session.pk])))

    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"MRN {signed_session.patient.mrn}" in text
        assert f"Page {number} of {len(pages)}" in text


def test_the_discharge_instructions_speak_plainly_and_say_who_to_call(nurse_client, signed_session, site_a):
    site_a.phone = "+1 212 555 0100"
    site_a.save()

    text = " ".join(pdf_pages(nurse_client.get(reverse("discharge-instructions-pdf", args=[signed_session.pk]))))

    assert "Do not drive" in text and "until tomorrow" in text
    assert "1 to 2 hours" in text
    assert "+1 212 555 0100" in text
    assert signed_session.patient.full_name in text


def test_the_printable_instructions_page_is_plain_html(nurse_client, signed_session):
    page = nurse_client.get(reverse("discharge-instructions", args=[signed_session.pk])).content.decode()

    assert "Going home after your treatment" in page and "<script" not in page


@pytest.mark.parametrize("name", ["session-record-pdf", "discharge-instructions", "discharge-instructions-pdf"])
def test_another_sites_staff_get_a_404(client, nurse_b, signed_session, name):
    client.force_login(nurse_b)

    assert client.get(reverse(name, args=[signed_session.pk])).status_code == 404


def test_the_instructions_give_the_next_treatment_of_the_plan(nurse_client, signed_session, physician_a, iv_protocol):
    services.set_course_plan(
        patient=signed_session.patient,
        by=physician_a,
        protocol=iv_protocol,
        induction_treatments=6,
        induction_days=18,
        maintenance_interval_days=None,
        started_on=signed_session.arrived_at.date(),
    )

    text = " ".join(pdf_pages(nurse_client.get(reverse("discharge-instructions-pdf", args=[signed_session.pk]))))

    assert "Thursday 19 November 2026" in text  # three days after this first of six treatments


@pytest.mark.parametrize(("unit_system", "size"), [("metric", (595, 842)), ("us", (612, 792))])
def test_us_sites_print_on_letter_and_others_on_a4(nurse_client, signed_session, site_a, unit_system, size):
    site_a.unit_system = unit_system
    site_a.save()

    response = nurse_client.get(reverse("discharge-instructions-pdf", args=[signed_session.pk]))

    assert pdf_page_size(response) == size
