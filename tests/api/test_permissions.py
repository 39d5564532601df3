"""Who may call what: every endpoint × nurse A, physician A, admin A, nurse B, anonymous.

Site A's rows are invisible to site B (404, or 400 when named in a body, as any unknown id);
roles decide writes exactly as on the pages (403); no login is 401; clinical rows are never
deleted (405).
"""

import pytest

from tests.conftest import BASELINE

from .conftest import ROLES

READ = dict.fromkeys(ROLES[:4], 200) | {"anonymous": 401}
READ_SITE_A = READ | {"nurse_b": 404}
CHART = {"nurse_a": 201, "physician_a": 201, "admin_a": 403, "nurse_b": 404, "anonymous": 401}
NO_DELETE = dict.fromkeys(ROLES[:3], 405) | {"nurse_b": 405, "anonymous": 401}

RULE = {"name": "Low SpO2", "metric": "spo2", "comparator": "lt", "threshold": "92", "severity": "critical"}
PATIENT = {"mrn": "NEW-1", "given_name": "Ada", "family_name": "Byron", "date_of_birth": "1990-01-02"}

# (method, url, body, expected status per role); {placeholders} are ids from the `world` fixture.
MATRIX = [
    ("get", "/api/v1/sites/", None, READ),
    ("get", "/api/v1/sites/{site}/", None, READ_SITE_A),
    ("get", "/api/v1/protocols/", None, READ),
    ("get", "/api/v1/protocols/{protocol}/", None, READ),
    ("get", "/api/v1/medications/", None, READ),
    ("get", "/api/v1/patients/", None, READ),
    ("get", "/api/v1/patients/{patient}/", None, READ_SITE_A),
    ("post", "/api/v1/patients/", {**PATIENT, "site": "{site}"}, CHART | {"nurse_b": 400}),
    ("patch", "/api/v1/patients/{patient}/", {"allergies": "latex"}, CHART | {"nurse_a": 200, "physician_a": 200}),
    ("delete", "/api/v1/patients/{patient}/", None, NO_DELETE),
    ("get", "/api/v1/patients/{patient}/medications/", None, READ_SITE_A),
    ("post", "/api/v1/patients/{patient}/medications/", {"medication": "{medication}", "dose": "20 mg"}, CHART),
    ("get", "/api/v1/sessions/", None, READ),
    ("get", "/api/v1/sessions/{session}/", None, READ_SITE_A),
    (
        "post",
        "/api/v1/sessions/",
        {"patient": "{patient}", "protocol": "{protocol}", "weight_value": "70", "weight_unit": "kg"},
        CHART | {"nurse_b": 400},
    ),
    ("delete", "/api/v1/sessions/{session}/", None, NO_DELETE),
    ("get", "/api/v1/sessions/{session}/vitals/", None, READ_SITE_A),
    ("get", "/api/v1/sessions/{session}/vitals/{reading}/", None, READ_SITE_A),
    ("post", "/api/v1/sessions/{session}/vitals/", BASELINE, CHART),
    ("delete", "/api/v1/sessions/{session}/vitals/{reading}/", None, NO_DELETE | {"nurse_b": 404}),
    (
        "post",
        "/api/v1/sessions/{session}/vitals/{reading}/correction/",
        {"reason": "Wrong patient", **BASELINE},
        CHART,
    ),
    ("get", "/api/v1/vitals/", None, READ),
    ("get", "/api/v1/vitals/{reading}/", None, READ_SITE_A),
    ("post", "/api/v1/vitals/", BASELINE, NO_DELETE),
    ("get", "/api/v1/sessions/{session}/side-effects/", None, READ_SITE_A),
    ("post", "/api/v1/sessions/{session}/side-effects/", {"term": "dizziness", "severity": "mild"}, CHART),
    ("get", "/api/v1/side-effects/{side_effect}/", None, READ_SITE_A),
    ("get", "/api/v1/sessions/{session}/events/", None, READ_SITE_A),
    ("post", "/api/v1/sessions/{session}/events/", {"kind": "note", "note": "Music on"}, CHART),
    ("get", "/api/v1/events/{event}/", None, READ_SITE_A),
    ("get", "/api/v1/assessments/", None, READ),
    ("get", "/api/v1/assessments/{assessment}/", None, READ_SITE_A),
    (
        "post",
        "/api/v1/assessments/",
        {"patient": "{patient}", "instrument": "gad7", "items": [1] * 7},
        CHART | {"nurse_b": 400},
    ),
    ("get", "/api/v1/alert-rules/", None, READ),
    ("get", "/api/v1/alert-rules/{rule}/", None, READ_SITE_A),
    (
        "post",
        "/api/v1/alert-rules/",
        {**RULE, "site": "{site}"},
        {"nurse_a": 403, "physician_a": 201, "admin_a": 201, "nurse_b": 403, "anonymous": 401},
    ),
    (
        "patch",
        "/api/v1/alert-rules/{rule}/",
        {"threshold": "125"},
        {"nurse_a": 403, "physician_a": 200, "admin_a": 200, "nurse_b": 404, "anonymous": 401},
    ),
    ("delete", "/api/v1/alert-rules/{rule}/", None, NO_DELETE),
    ("get", "/api/v1/alerts/", None, READ),
    ("get", "/api/v1/alerts/{alert}/", None, READ_SITE_A),
    (
        "post",
        "/api/v1/alerts/{alert}/acknowledge/",
        {"note": "Seen"},
        {"nurse_a": 403, "physician_a": 200, "admin_a": 403, "nurse_b": 404, "anonymous": 401},
    ),
    ("delete", "/api/v1/alerts/{alert}/", None, NO_DELETE),
]


def fill(template, world):
    """Put the world's ids into a URL or body; a whole-string placeholder becomes the integer id."""
    if isinstance(template, str):
        if template.startswith("{") and template.endswith("}") and template.count("{") == 1:
            return world[template[1:-1]]
        return template.format(**world)
    if isinstance(template, dict):
        return {key: fill(value, world) for key, value in template.items()}
    return template


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "body", "expected"), MATRIX, ids=[f"{m} {u}" for m, u, _, _ in MATRIX])
def test_permission_matrix(as_role, world, role, method, url, body, expected):
    client = as_role(role)
    kwargs = {} if body is None else {"data": fill(body, world)}
    response = getattr(client, method)(fill(url, world), **kwargs)
    assert response.status_code == expected[role], response.content


def test_site_b_lists_show_none_of_site_a(api, nurse_b, world):
    client = api(nurse_b)
    assert [site["id"] for site in client.get("/api/v1/sites/").json()["results"]] == [world["site_b"]]
    assert [session["id"] for session in client.get("/api/v1/sessions/").json()["results"]] == [world["session_b"]]
    for collection in ("patients", "vitals", "side-effects", "events", "assessments", "alert-rules", "alerts"):
        ids = {row.get("site") for row in client.get(f"/api/v1/{collection}/").json()["results"]}
        assert world["site"] not in ids, collection


def test_a_physician_of_another_site_cannot_change_site_a_rules(api, physician_b, world):
    assert api(physician_b).patch(f"/api/v1/alert-rules/{world['rule']}/", {"active": False}).status_code == 404


def test_an_unauthenticated_call_is_challenged_for_a_token(api, world):
    response = api().get("/api/v1/sessions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
