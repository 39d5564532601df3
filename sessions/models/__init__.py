from .alerting import Alert, AlertRule, Comparator, Metric, RuleReference, Severity
from .charting import Addendum, Assessment, ReadingArtifact, SessionEvent, SideEffect, VitalSigns
from .clearance import SessionClearance
from .infusion import InfusionSession, Phase
from .notifications import NotificationDelivery, NotificationTarget
from .protocol import Protocol

__all__ = [
    "Addendum",
    "Alert",
    "AlertRule",
    "Assessment",
    "Comparator",
    "InfusionSession",
    "Metric",
    "NotificationDelivery",
    "NotificationTarget",
    "Phase",
    "Protocol",
    "ReadingArtifact",
    "RuleReference",
    "SessionClearance",
    "SessionEvent",
    "Severity",
    "SideEffect",
    "VitalSigns",
]
