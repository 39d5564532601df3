"""The nurse's REMS page, its printable page and PDF, and who may reach them."""

import pytest
from django.urls import reverse

from sessions.models import RemsRecord
from tests.pdf import pdf_pages

FORM = {
    "medications_confirmed": "on",
    "medication_classes": ["benzodiazepine"],
    "dose_mg": "56",
    "device_lot_numbers": "LOT-A1, LOT-A2",
    "vitals_acceptable_before_dosing": "true",
    "vitals_acceptable_before_end": "true",
    "other_adverse_events": "",
}


def test_the_page_prefills_from_the_chart_and_lists_what_is_missing(nurse_client, dosed_session):
    page = nurse_client.get(reverse("rems-record", args=[dosed_session.pk])).content.decode()

    assert "128/82 mmHg at 09:05" in page
    assert 'value="LOT-A1"' in page
    assert 'value="benzodiazepine" id="id_medication_classes_0" checked' in page
    assert "Time ready to leave (discharge the patient)" in page


def test_completing_with_items_missing_shows_them_and_stores_no_completion(nurse_client, dosed_session):
    response = nurse_client.post(reverse("rems-record", args=[dosed_session.pk]), {**FORM, "action": "complete"})

    assert response.status_code == 200
    assert "Missing: Time ready to leave (discharge the patient)." in response.content.decode()
    assert not RemsRecord.objects.filter(completed_at__isnull=False).exists()


def test_a_nurse_completes_the_record(nurse_client, discharged_esketamine, nurse_a):
    response = nurse_client.post(
        reverse("rems-record", args=[discharged_esketamine.pk]), {**FORM, "action": "complete"}
    )

    assert response.status_code == 302
    assert RemsRecord.objects.get().completed_by == nurse_a


def test_the_pdf_holds_the_patient_the_readings_and_the_signature(nurse_client, discharged_esketamine):
    nurse_client.post(reverse("rems-record", args=[discharged_esketamine.pk]), {**FORM, "action": "complete"})

    response = nurse_client.get(reverse("rems-pdf", args=[discharged_esketamine.pk]))

    texts = pdf_pages(response)
    text = " ".join(texts)
    patient = discharged_esketamine.patient
    for expected in (
        patient.full_name,
        patient.mrn,
        "128/82",
        "146/92",
        "124/80",
        "56 mg",
        "LOT-A1, LOT-A2",
        "125 minutes",
    ):
        assert expected in text
    assert "Completed by:" in text and "Page 1 of" in texts[0]
    assert all(patient.mrn in page for page in texts)


def test_the_printable_page_is_the_same_document(nurse_client, discharged_esketamine):
    page = nurse_client.get(reverse("rems-print", args=[discharged_esketamine.pk])).content.decode()

    assert "Esketamine REMS patient monitoring record" in page and "Draft — not completed" in page


def test_an_iv_ketamine_session_has_no_rems_record(nurse_client, session_a):
    assert nurse_client.get(reverse("rems-record", args=[session_a.pk])).status_code == 404


@pytest.mark.parametrize("name", ["rems-record", "rems-print", "rems-pdf"])
def test_another_sites_nurse_gets_a_404(client, nurse_b, discharged_esketamine, name):
    client.force_login(nurse_b)

    assert client.get(reverse(name, args=[discharged_esketamine.pk])).status_code == 404


def test_an_admin_may_read_but_not_complete(client, admin_a, discharged_esketamine):
    client.force_login(admin_a)
    url = reverse("rems-record", args=[discharged_esketamine.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {**FORM, "action": "complete"})
    assert response.status_code == 200 and not RemsRecord.objects.exists()


def test_a_saved_draft_shows_its_answers_again(nurse_client, dosed_session):
    url = reverse("rems-record", args=[dosed_session.pk])
    nurse_client.post(url, {**FORM, "vitals_acceptable_before_end": "false", "action": "save"})

    page = nurse_client.get(url).content.decode()

    assert '<option value="true" selected>Yes</option>' in page
    assert '<option value="false" selected>No</option>' in page
    record = RemsRecord.objects.get()
    assert (record.vitals_acceptable_before_dosing, record.vitals_acceptable_before_end) == (True, False)
