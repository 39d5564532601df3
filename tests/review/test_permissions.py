"""Who may open and do what on the review pages: one matrix of endpoint × user → status.

Site A's physician, nurse and admin, and site B's physician (the outsider): a nurse or admin
reads but cannot acknowledge or sign (403); the outsider never learns that site A's rows exist (404).
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

READ = {"physician_a": 200, "nurse_a": 200, "admin_a": 200, "physician_b": 404}
ACT = {"physician_a": 302, "nurse_a": 403, "admin_a": 403, "physician_b": 404}


def endpoints(alert, session):
    return {
        "session review": ("get", reverse("review-session", args=[session.pk]), {}, READ),
        "patient course": ("get", reverse("review-patient-course", args=[session.patient_id]), {}, READ),
        "alert history": ("get", reverse("review-alert", args=[alert.pk]), {}, READ),
        "acknowledge": ("post", reverse("review-alert-acknowledge", args=[alert.pk]), {"note": "n"}, ACT),
        "sign": ("post", reverse("review-session-sign", args=[session.pk]), {"attestation": "a", "confirm": "on"}, ACT),
    }


@pytest.mark.parametrize("user", ["physician_a", "nurse_a", "admin_a", "physician_b"])
@pytest.mark.parametrize("endpoint", ["session review", "patient course", "alert history", "acknowledge", "sign"])
def test_permission_matrix(client, request, user, endpoint, alert_a, discharged_session, admin_a, physician_b):
    method, url, data, expected = endpoints(alert_a, discharged_session)[endpoint]
    client.force_login(request.getfixturevalue(user))

    response = getattr(client, method)(url, data)

    assert response.status_code == expected[user]


@pytest.mark.parametrize("name", ["review-alerts", "review-sessions", "review-report", "review-report-csv"])
def test_list_pages_show_the_outsider_nothing_of_site_a(client, physician_b, alert_a, discharged_session, name):
    client.force_login(physician_b)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert discharged_session.patient.full_name not in response.content.decode()
    assert discharged_session.patient.mrn not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("review-alerts"),
        reverse("review-sessions"),
        reverse("review-report"),
        reverse("review-report-csv"),
        reverse("review-session", args=[1]),
        reverse("review-patient-course", args=[1]),
    ],
)
def test_it_asks_anonymous_visitors_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
