from .alerting import Alert, AlertRule, Comparator, Metric, RuleReference, Severity
from .charting import Addendum, Assessment, SessionEvent, SideEffect, VitalSigns
from .clearance import SessionClearance
from .course_plan import CoursePlan
from .infusion import InfusionSession, Phase
from .protocol import Protocol
from .rems import RemsRecord

__all__ = [
    "Addendum",
    "Alert",
    "AlertRule",
    "Assessment",
    "Comparator",
    "CoursePlan",
    "InfusionSession",
    "Metric",
    "Phase",
    "Protocol",
    "RemsRecord",
    "RuleReference",
    "SessionClearance",
    "SessionEvent",
    "Severity",
    "SideEffect",
    "VitalSigns",
]
