from .alerting import Alert, AlertRule, Comparator, Metric, RuleReference, Severity
from .charting import Addendum, Assessment, ReadingArtifact, SessionEvent, SideEffect, VitalSigns
from .clearance import SessionClearance
from .course_plan import CoursePlan
from .infusion import InfusionSession, Phase
from .notifications import NotificationDelivery, NotificationTarget
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
    "NotificationDelivery",
    "NotificationTarget",
    "Phase",
    "Protocol",
    "ReadingArtifact",
    "RemsRecord",
    "RuleReference",
    "SessionClearance",
    "SessionEvent",
    "Severity",
    "SideEffect",
    "VitalSigns",
]
