"""Validate exported JSON as FHIR R4 with fhir.resources (its R4B models, wire-compatible with R4
for every resource exported here).

fhir.resources checks structure, cardinality, datatypes and unknown elements, but not code
bindings; the required bindings of the elements we emit are checked here against the R4 value
sets, so a typo such as status "complete" fails too.
"""

from fhir.resources.R4B import get_fhir_model_class

_OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error"}
REQUIRED_BINDINGS = {
    ("Observation", "status"): _OBSERVATION_STATUS | {"unknown"},
    ("DetectedIssue", "status"): _OBSERVATION_STATUS | {"unknown"},
    ("DetectedIssue", "severity"): {"high", "moderate", "low"},
    ("Encounter", "status"): {
        "planned",
        "arrived",
        "triaged",
        "in-progress",
        "onleave",
        "finished",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
    ("MedicationAdministration", "status"): {
        "in-progress",
        "not-done",
        "on-hold",
        "completed",
        "entered-in-error",
        "stopped",
        "unknown",
    },
    ("AdverseEvent", "actuality"): {"actual", "potential"},
    ("Bundle", "type"): {"document", "message", "transaction", "batch", "searchset", "collection", "history"},
    ("Patient", "gender"): {"male", "female", "other", "unknown"},
}


def validate(resource: dict):
    """The parsed model; raises when `resource` is not valid FHIR."""
    resource_type = resource["resourceType"]
    model = get_fhir_model_class(resource_type).model_validate(resource)
    for (bound_type, element), allowed in REQUIRED_BINDINGS.items():
        if bound_type == resource_type and element in resource:
            assert resource[element] in allowed, f"{resource_type}.{element} = {resource[element]!r}"
    for entry in resource.get("entry", []):
        validate(entry["resource"])
    return model
