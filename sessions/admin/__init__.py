"""Admin for protocols, sessions and what is charted on them, and the alert rules.

Charting rows (sessions, readings, side effects, events, assessments, addenda, alerts) are
view-only here: they are written by `sessions.services`, which validates, locks the session
and judges the alert rules. Protocols and alert rules are configured here; their model
`clean()` validates and simple-history keeps who changed what.
"""

from . import alerting, charting, protocols  # noqa: F401 (each registers its models)
