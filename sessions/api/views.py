"""The sessions API. Views only parse, call a service and serialize: every rule lives in `services`,
the same functions the pages call, and every queryset starts from `clinic.access.scope`."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from clinic.access import Action, scope
from clinic.api.mixins import CheckedWriteViewSet, GroupWideViewSetMixin, ScopedViewSetMixin
from sessions import services
from sessions.models import (
    Alert,
    AlertRule,
    Assessment,
    InfusionSession,
    Protocol,
    RemsRecord,
    SessionEvent,
    SideEffect,
    VitalSigns,
)

from . import filters
from .serializers import (
    AcknowledgeSerializer,
    AlertRuleSerializer,
    AlertSerializer,
    ArtifactSerializer,
    AssessmentSerializer,
    CorrectionResultSerializer,
    CorrectionSerializer,
    ProtocolSerializer,
    ReadingSerializer,
    RecordedReadingSerializer,
    RemsRecordSerializer,
    SessionEventSerializer,
    SessionSerializer,
    SideEffectSerializer,
    StartSessionSerializer,
    vital_values,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"
CLIENT_KEY_LENGTH = 64
READ_ONLY = ["get", "head", "options"]


class ReadCreateViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """List, read and create through a service; never change or delete (PUT/PATCH/DELETE answer 405)."""

    ordering = ("id",)

    def perform_create(self, serializer):
        serializer.instance = self.record(by=self.request.user, **serializer.validated_data)

    def record(self, *, by, **data):
        raise NotImplementedError


class SessionViewSet(ReadCreateViewSet):
    queryset = InfusionSession.objects.select_related(
        "nurse", "supervising_physician", "discharged_by", "discharge_override_by", "signed_by"
    )
    serializer_class = SessionSerializer
    filterset_class = filters.SessionFilterSet
    ordering_fields = ("id", "arrived_at", "updated_at")
    ordering = ("-id",)

    def get_serializer_class(self):
        return StartSessionSerializer if self.action == "create" else SessionSerializer

    @extend_schema(request=StartSessionSerializer, responses={201: SessionSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = services.start_session(by=request.user, **serializer.validated_data)
        return Response(SessionSerializer(session, context=self.get_serializer_context()).data, status.HTTP_201_CREATED)


class SessionChildViewSet(ReadCreateViewSet):
    """Rows charted on one session, at /sessions/{session_pk}/<rows>/; a session outside your sites is a 404.

    The flat read-only twin of each (`/vitals/`, `/side-effects/`, `/events/`) serves incremental sync
    across sessions with the same serializer and filters.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "session_pk" in kwargs:
            self.get_session()  # another site's session is a 404 before any input is read

    def get_session(self) -> InfusionSession:
        if not hasattr(self, "_session"):
            sessions = scope(InfusionSession.objects.select_related("site"), self.request.user)
            self._session = get_object_or_404(sessions, pk=self.kwargs["session_pk"])
        return self._session

    def get_queryset(self):
        queryset = super().get_queryset()
        if "session_pk" in self.kwargs:
            queryset = queryset.filter(session=self.get_session())
        return queryset

    def perform_create(self, serializer):
        serializer.instance = self.record(session=self.get_session(), by=self.request.user, **serializer.validated_data)


class ReadingViewSet(SessionChildViewSet):
    queryset = VitalSigns.objects.select_related(
        "session", "recorded_by", "error_marked_by", "corrected_by"
    ).prefetch_related("artifacts__marked_by")
    serializer_class = ReadingSerializer
    filterset_class = filters.ReadingFilterSet
    ordering_fields = ("id", "measured_at", "updated_at")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                description="Client key (at most 64 characters): a retry with the same key returns the stored "
                "reading with 200 and stores nothing new. Same as the `client_id` field.",
            )
        ],
        responses={
            201: OpenApiResponse(RecordedReadingSerializer, description="Stored; its NEWS2 and the alerts it raised."),
            200: OpenApiResponse(RecordedReadingSerializer, description="A retry: the reading stored before."),
        },
    )
    def create(self, request, *args, **kwargs):
        """Chart a reading through `record_vitals`: validated, stored, judged against the alert rules."""
        session = self.get_session()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        recorded = services.record_vitals(
            session=session,
            values=vital_values(data),
            by=request.user,
            measured_at=data.get("measured_at"),
            source=data.get("source", VitalSigns.Source.MANUAL),
            note=data.get("note", ""),
            client_key=self.client_key(data),
        )
        answer = RecordedReadingSerializer(recorded, context=self.get_serializer_context()).data
        return Response(answer, status.HTTP_200_OK if recorded.replayed else status.HTTP_201_CREATED)

    def client_key(self, data) -> str:
        header = self.request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        field = data.get("client_key", "").strip()
        if header and field and header != field:
            raise ValidationError({"client_id": [f"Differs from the {IDEMPOTENCY_HEADER} header; send one key."]})
        if len(header) > CLIENT_KEY_LENGTH or not header.isprintable():
            raise ValidationError(
                {IDEMPOTENCY_HEADER: [f"At most {CLIENT_KEY_LENGTH} printable characters."]},
            )
        return header or field

    @extend_schema(
        request=ArtifactSerializer,
        responses={201: OpenApiResponse(ReadingSerializer, description="Marked; the reading with its artifacts.")},
    )
    @action(detail=True, methods=["post"])
    def artifact(self, request, *args, **kwargs):
        """Mark the reading, or some of its values, as an artifact with a reason."""
        serializer = ArtifactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mark = services.mark_artifact(reading=self.get_object(), by=request.user, **serializer.validated_data)
        reading = self.get_queryset().get(pk=mark.reading_id)
        return Response(ReadingSerializer(reading, context=self.get_serializer_context()).data, status.HTTP_201_CREATED)

    @extend_schema(
        request=CorrectionSerializer,
        responses={
            201: OpenApiResponse(CorrectionResultSerializer, description="Marked in error and replaced."),
            200: OpenApiResponse(CorrectionResultSerializer, description="Marked in error (no values given)."),
        },
    )
    @action(detail=True, methods=["post"])
    def correction(self, request, *args, **kwargs):
        """Mark the reading entered in error with a reason; vital values given are stored as its replacement."""
        reading = self.get_object()
        serializer = CorrectionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        values = {name: value for name, value in vital_values(serializer.validated_data).items() if value is not None}
        recorded = services.correct_reading(
            reading=reading, reason=serializer.validated_data["reason"], by=request.user, values=values or None
        )
        replacement = recorded.reading if values else None
        result = {
            "entered_in_error": replacement.corrects if replacement else recorded.reading,
            "reading": replacement,
            "news2": recorded.news2 if replacement else None,
            "alerts": recorded.raised,
            "resolved_alerts": recorded.resolved,
        }
        answer = CorrectionResultSerializer(result, context=self.get_serializer_context()).data
        return Response(answer, status.HTTP_201_CREATED if replacement else status.HTTP_200_OK)


class SideEffectViewSet(SessionChildViewSet):
    queryset = SideEffect.objects.select_related("session", "recorded_by", "error_marked_by")
    serializer_class = SideEffectSerializer
    filterset_class = filters.SideEffectFilterSet
    ordering_fields = ("id", "onset_at", "updated_at")
    record = staticmethod(services.record_side_effect)


class SessionEventViewSet(SessionChildViewSet):
    queryset = SessionEvent.objects.select_related("session", "recorded_by", "error_marked_by")
    serializer_class = SessionEventSerializer
    filterset_class = filters.SessionEventFilterSet
    ordering_fields = ("id", "occurred_at", "updated_at")
    record = staticmethod(services.record_event)


class AllReadingsViewSet(ReadingViewSet):
    """Readings across all your sessions, for incremental sync (`updated_since`, ordered by `updated_at`)."""

    http_method_names = READ_ONLY


class AllSideEffectsViewSet(SideEffectViewSet):
    http_method_names = READ_ONLY


class AllSessionEventsViewSet(SessionEventViewSet):
    http_method_names = READ_ONLY


class AssessmentViewSet(ReadCreateViewSet):
    queryset = Assessment.objects.select_related("recorded_by", "error_marked_by")
    serializer_class = AssessmentSerializer
    filterset_class = filters.AssessmentFilterSet
    ordering_fields = ("id", "administered_at", "updated_at")
    record = staticmethod(services.record_assessment)


class RemsRecordViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Esketamine REMS monitoring records of your sites; `submitted=false` lists those still to send."""

    queryset = RemsRecord.objects.select_related("completed_by", "submitted_by")
    serializer_class = RemsRecordSerializer
    filterset_class = filters.RemsRecordFilterSet
    ordering_fields = ("id", "completed_at", "updated_at")
    ordering = ("id",)


class ProtocolViewSet(GroupWideViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Protocol.objects.all()
    serializer_class = ProtocolSerializer
    filterset_fields = ("drug", "route", "active")
    ordering_fields = ("id", "name")
    ordering = ("id",)


class AlertRuleViewSet(CheckedWriteViewSet):
    """Read by all staff; created and changed by physicians and admins. Deactivate a rule (`active`: false)
    rather than delete it: alerts keep pointing at the rule that raised them."""

    queryset = AlertRule.objects.select_related("created_by")
    serializer_class = AlertRuleSerializer
    filterset_class = filters.AlertRuleFilterSet
    ordering_fields = ("id", "updated_at")
    ordering = ("id",)
    write_action = Action.CONFIGURE_RULES


class AlertViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Alert.objects.select_related("session", "acknowledged_by")
    serializer_class = AlertSerializer
    filterset_class = filters.AlertFilterSet
    ordering_fields = ("id", "raised_at", "updated_at")
    ordering = ("-id",)

    @extend_schema(request=AcknowledgeSerializer, responses={200: AlertSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, *args, **kwargs):
        """Record that a physician took notice; acknowledging again keeps the first acknowledgement."""
        serializer = AcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert = services.acknowledge_alert(alert=self.get_object(), by=request.user, **serializer.validated_data)
        return Response(AlertSerializer(alert, context=self.get_serializer_context()).data)
