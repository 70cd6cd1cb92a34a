"""The lifelong-learning API of lifelong.md: certificates, credits, transcripts, credentials,
training sessions and teaching materials."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.base import JsonLdRenderer
from accounts.api.csv_import import Bulk, CsvImportMixin
from accounts.api.viewsets import CrudViewSet, ScopedViewSet
from accounts.models import Role, User
from courses import lifelong, openbadges
from courses.api.serializers import SkillCodesField
from courses.models import Certificate, CertificateType, ConversionRule, Credential, Material, TrainingSession
from courses.permissions import (
    CertificatePolicy,
    CertificateTypePolicy,
    ConversionRulePolicy,
    CredentialPolicy,
    LearnerPolicy,
    MaterialPolicy,
    TrainingSessionPolicy,
)


class CertificateTypeSerializer(serializers.ModelSerializer[CertificateType]):
    class Meta:
        model = CertificateType
        fields = ["id", "code", "name", "issuer", "enterprise", "college"]
        read_only_fields = ["college"]


class ConversionRuleSerializer(serializers.ModelSerializer[ConversionRule]):
    class Meta:
        model = ConversionRule
        fields = ["id", "certificate_type", "module", "credits"]


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    learner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.STUDENT))

    class Meta:
        model = Certificate
        fields = ["id", "learner", "certificate_type", "issued_on", "number", "status", "verified_at"]
        read_only_fields = ["status", "verified_at"]
        validators: list[object] = []  # the service reports a duplicate number as a conflict


class CredentialListSerializer(serializers.ModelSerializer[Credential]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Credential
        fields = [
            "id",
            "learner",
            "kind",
            "name",
            "issued_at",
            "shared",
            "show_grade",
            "revoked_at",
            "revocation_reason",
        ]


class TrainingSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    attendees = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.STUDENT), many=True, required=False
    )
    skills = SkillCodesField(many=True, required=False)

    class Meta:
        model = TrainingSession
        fields = ["id", "college", "title", "date", "hours", "attendees", "skills", "status"]
        read_only_fields = ["status"]


class MaterialSerializer(serializers.ModelSerializer[Material]):
    skills = SkillCodesField(many=True, required=False)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = [
            "id",
            "course",
            "title",
            "last_minor_revision",
            "last_major_revision",
            "skills",
            "flagged_for_review",
            "flag_reason",
            "overdue",
        ]
        read_only_fields = ["flagged_for_review", "flag_reason"]

    def get_overdue(self, material: Material) -> list[str]:
        return lifelong.overdue_revisions(material)


class CertificateTypeViewSet(CrudViewSet):
    """Kinds of industry certificate. An enterprise's engineers define its own kinds (and only
    they verify certificates of them); a college administrator defines kinds no enterprise
    stands behind, owned by their college."""

    policy = CertificateTypePolicy()
    base_queryset = CertificateType.objects.all()
    serializer_class = CertificateTypeSerializer
    filterset_fields = ["code", "enterprise", "college"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = lifelong.certificate_type_create(actor=self.actor, **serializer.validated_data)


class ConversionRuleViewSet(CrudViewSet):
    policy = ConversionRulePolicy()
    base_queryset = ConversionRule.objects.select_related("module__course")
    serializer_class = ConversionRuleSerializer
    filterset_fields = ["certificate_type", "module"]


CERTIFICATE_IMPORT = Bulk(
    Certificate,
    unique=("certificate_type", "number"),
    unique_field="number",
    unique_message=gettext_lazy("A certificate with this number is already recorded."),
    check=lifelong.certificate_problem,
)


class CertificateViewSet(
    CsvImportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Industry certificates; imports rows of learner (id), certificate_type (id), issued_on and number."""

    policy = CertificatePolicy()
    bulk_import = CERTIFICATE_IMPORT
    base_queryset = Certificate.objects.select_related("learner", "certificate_type")
    serializer_class = CertificateSerializer
    filterset_fields = ["learner", "certificate_type", "status"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = lifelong.certificate_submit(**serializer.validated_data)

    @extend_schema(
        summary="Verify a certificate (posts its credits)", request=None, responses=CertificateSerializer
    )
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        certificate = self.get_object()
        self.check_write("verify", certificate)
        certificate = lifelong.certificate_verify(certificate=certificate, actor=self.actor)
        return Response(self.get_serializer(certificate).data)


class GraduateSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()


class LearnerViewSet(ScopedViewSet):
    """A learner's transcript and graduation."""

    schema_nouns = ("learner", "learners")

    policy = LearnerPolicy()
    base_queryset = User.objects.filter(role=Role.STUDENT)
    serializer_class = GraduateSerializer

    @extend_schema(summary="Get a learner's transcript", responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def transcript(self, request: Request, pk: str | None = None) -> Response:
        learner = self.get_object()
        self.check_write("transcript", learner)
        return Response(lifelong.transcript(learner))

    @extend_schema(summary="Graduate a learner", request=GraduateSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"])
    def graduate(self, request: Request, pk: str | None = None) -> Response:
        learner = self.get_object()
        self.check_write("graduate", learner)
        data = GraduateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = lifelong.learner_graduate(
            learner=learner, actor=self.actor, date=data.validated_data["date"]
        )
        return Response({"learner": learner.pk, "graduated_on": profile.graduated_on.isoformat()})  # type: ignore[union-attr]


class RevokeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, help_text="Why: the holder and every verifier see it.")


class SharingSerializer(serializers.Serializer[Any]):
    shared = serializers.BooleanField(
        help_text="Show the holder's name on the credential and list it on their profile."
    )
    show_grade = serializers.BooleanField(required=False, default=False, help_text="Also show the grade.")


class CredentialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Open Badges 3.0 credentials, known by their unguessable public id. A credential's own
    URL is public, so employers can check it; the list is for the learner and their
    college's admins."""

    policy = CredentialPolicy()
    base_queryset = Credential.objects.select_related(
        "learner__learner_profile", "issuer_college", "issuer_enterprise"
    ).prefetch_related("skills")
    serializer_class = CredentialListSerializer
    filterset_fields = ["learner", "kind"]
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    renderer_classes = [JSONRenderer, JsonLdRenderer]

    def get_permissions(self) -> list[Any]:
        # Narrower than the policy's public read: a credential's own URL is public, the list is not.
        return [AllowAny()] if getattr(self, "action", None) == "retrieve" else [IsAuthenticated()]

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            queryset = queryset.filter(
                learner__in=LearnerPolicy().visible(self.request.user, User.objects.all())
            )
        return queryset

    @extend_schema(
        summary="Get a credential as Open Badges 3.0 JSON-LD",
        responses={(200, "application/ld+json"): OpenApiTypes.OBJECT},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        credential = self.get_object()
        base_url = request.build_absolute_uri("/").rstrip("/")
        return Response(
            openbadges.signed_credential(credential, base_url), content_type="application/ld+json"
        )

    @extend_schema(
        summary="Revoke a credential", request=RevokeSerializer, responses=CredentialListSerializer
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, public_id: str | None = None) -> Response:
        """By an admin of the issuing college or an engineer of the issuing enterprise: the
        credential's bit in its issuer's status list flips. 409 if it is already revoked."""
        credential = self.get_object()
        self.check_write("revoke", credential)
        data = RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credential = lifelong.credential_revoke(
            credential=credential, actor=self.actor, **data.validated_data
        )
        return Response(CredentialListSerializer(credential).data)

    @extend_schema(
        summary="Choose what a credential shows publicly",
        request=SharingSerializer,
        responses=CredentialListSerializer,
    )
    @action(detail=True, methods=["post"])
    def sharing(self, request: Request, public_id: str | None = None) -> Response:
        """By the holder: share the credential (name shown, listed on their public profile),
        and show the grade or not."""
        credential = self.get_object()
        self.check_write("share", credential)
        data = SharingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credential = lifelong.credential_share(credential=credential, actor=self.actor, **data.validated_data)
        return Response(CredentialListSerializer(credential).data)


class TrainingSessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    policy = TrainingSessionPolicy()
    base_queryset = TrainingSession.objects.prefetch_related("attendees", "skills")
    serializer_class = TrainingSessionSerializer
    filterset_fields = ["college", "status"]

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.save()

    @extend_schema(summary="Close a training session", request=None, responses=TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        session = self.get_object()
        self.check_write("close", session)
        return Response(self.get_serializer(lifelong.training_close(session=session, actor=self.actor)).data)


class MaterialViewSet(CrudViewSet):
    policy = MaterialPolicy()
    base_queryset = Material.objects.prefetch_related("skills")
    serializer_class = MaterialSerializer
    filterset_fields = ["course", "flagged_for_review"]

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        overdue = self.request.query_params.get("overdue")
        if overdue is not None:
            if overdue.lower() not in ("true", "false"):
                raise serializers.ValidationError({"overdue": ["Use true or false."]})
            matching = lifelong.overdue_materials(queryset)
            queryset = (
                matching if overdue.lower() == "true" else queryset.exclude(pk__in=matching.values("pk"))
            )
        return queryset
