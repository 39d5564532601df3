from .alerting import AcknowledgeSerializer, AlertRuleSerializer, AlertSerializer
from .charting import (
    ArtifactSerializer,
    AssessmentSerializer,
    CorrectionResultSerializer,
    CorrectionSerializer,
    News2Serializer,
    ReadingSerializer,
    RecordedReadingSerializer,
    SessionEventSerializer,
    SideEffectSerializer,
    vital_values,
)
from .infusion import ProtocolSerializer, SessionSerializer, StartSessionSerializer
from .rems import RemsRecordSerializer

__all__ = [
    "AcknowledgeSerializer",
    "AlertRuleSerializer",
    "AlertSerializer",
    "ArtifactSerializer",
    "AssessmentSerializer",
    "CorrectionResultSerializer",
    "CorrectionSerializer",
    "News2Serializer",
    "ProtocolSerializer",
    "ReadingSerializer",
    "RecordedReadingSerializer",
    "RemsRecordSerializer",
    "SessionEventSerializer",
    "SessionSerializer",
    "SideEffectSerializer",
    "StartSessionSerializer",
    "vital_values",
]
