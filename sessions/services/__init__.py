"""Every write that touches clinical data goes through these functions: the pages, the API
and the commands call the same code, so each rule is implemented once."""

from .alerting import (
    acknowledge_alert,
    alert_overdue_readings,
    alert_overdue_sessions,
    escalate_alerts,
    evaluate_rules,
    snooze_alert,
)
from .charting import (
    RecordedReading,
    correct_reading,
    mark_artifact,
    record_assessment,
    record_side_effect,
    record_vitals,
    resolve_side_effect,
)
from .course_plans import end_course_plan, set_course_plan
from .lifecycle import (
    add_addendum,
    authorize_early_discharge,
    clear_session,
    discharge,
    record_event,
    sign_session,
    start_session,
)
from .notifying import save_notification_target, send_test_notification
from .rems import charted_rems_items, ensure_esketamine, save_rems_record, submit_rems_record
from .rules import save_alert_rule, save_medication_response, save_protocol_grace, set_rule_active

__all__ = [
    "RecordedReading",
    "acknowledge_alert",
    "add_addendum",
    "alert_overdue_readings",
    "alert_overdue_sessions",
    "authorize_early_discharge",
    "charted_rems_items",
    "clear_session",
    "correct_reading",
    "discharge",
    "end_course_plan",
    "ensure_esketamine",
    "escalate_alerts",
    "evaluate_rules",
    "mark_artifact",
    "record_assessment",
    "record_event",
    "record_side_effect",
    "record_vitals",
    "resolve_side_effect",
    "save_alert_rule",
    "save_medication_response",
    "save_notification_target",
    "save_protocol_grace",
    "save_rems_record",
    "send_test_notification",
    "set_course_plan",
    "set_rule_active",
    "sign_session",
    "snooze_alert",
    "start_session",
    "submit_rems_record",
]
