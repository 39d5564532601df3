"""A rule's change history, in words a clinician reads: who changed what, from what, to what.

django-simple-history keeps a full row per save; this turns consecutive rows into differences.
"""

from dataclasses import dataclass

from sessions.models import AlertRule, Comparator, Metric, Phase, RuleReference, Severity

_CHOICES = {
    "metric": Metric,
    "comparator": Comparator,
    "reference": RuleReference,
    "severity": Severity,
}
_IGNORED = {"updated_at", "created_by"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: str
    kind: str  # "Created", "Changed", "Deleted"
    changes: list[Change]
    description: str


def changes(rule: AlertRule) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields that differ from the version before it."""
    records = list(rule.history.select_related("history_user").order_by("history_date", "history_id"))
    entries, previous = [], None
    for record in records:
        diff = []
        if previous is not None:
            delta = record.diff_against(previous)
            diff = [
                Change(_label(change.field), _shown(change.field, change.old), _shown(change.field, change.new))
                for change in delta.changes
                if change.field not in _IGNORED
            ]
        kind = {"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type]
        if previous is None or diff or kind != "Changed":
            who = record.history_user
            who = (who.get_full_name() or who.username) if who else "the system"
            entries.append(HistoryEntry(record.history_date, who, kind, diff, record.instance.describe()))
        previous = record
    return entries[::-1]


def _label(field_name: str) -> str:
    return str(AlertRule._meta.get_field(field_name).verbose_name).capitalize()


def _shown(field_name: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if field_name in _CHOICES:
        return str(_CHOICES[field_name](value).label)
    if field_name == "phases":
        return ", ".join(Phase(phase).label for phase in value)
    if field_name == "active":
        return "enabled" if value else "disabled"
    if field_name in ("protocol", "patient"):
        model = AlertRule._meta.get_field(field_name).related_model
        return str(model.objects.filter(pk=value).first() or value)
    return str(value)
