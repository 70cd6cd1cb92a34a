"""The apprenticeship API: ``apprenticeships/`` (with each one's ``progress/``),
``review-forms/``, ``progress-reviews/`` (with ``actions/`` and ``sign/``) and
``portfolio-items/`` (with ``accept/``, ``ask-more/`` and ``download/``)."""

from typing import Any, cast

import django_filters
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.api.viewsets import ScopedViewSet
from accounts.models import User
from enterprises.models import LadderLevel

from .. import progress, services
from ..models import Apprenticeship, PortfolioItem, ProgressReview, Requirement, ReviewAction, ReviewForm
from ..permissions import ApprenticeshipPolicy, PortfolioItemPolicy, ProgressReviewPolicy, ReviewFormPolicy
from ..views import attachment


class ApprenticeshipSerializer(serializers.ModelSerializer[Apprenticeship]):
    learner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    level = serializers.PrimaryKeyRelatedField(queryset=LadderLevel.objects.all())
    mentor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    teacher = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())

    class Meta:
        model = Apprenticeship
        fields = ["id", "learner", "ladder", "level", "college", "mentor", "teacher", "started_on", "active"]
        read_only_fields = ["ladder", "college", "active"]
        validators: list[Any] = []


class ApprenticeshipViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Apprentices on enterprises' ladders, with their mentor and teacher."""

    policy = ApprenticeshipPolicy()
    base_queryset = Apprenticeship.objects.select_related("ladder", "level")
    serializer_class = ApprenticeshipSerializer
    filterset_fields = ["learner", "ladder", "mentor", "teacher", "active"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        self.check_write("create", data)
        serializer.instance = services.apprenticeship_create(**data)

    @extend_schema(
        summary="Progress against the level's requirements, each with its rows", responses=OpenApiTypes.OBJECT
    )
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        apprenticeship = self.get_object()
        return Response(
            {
                "apprenticeship": apprenticeship.pk,
                "requirements": progress.as_json(progress.figures(apprenticeship)),
            }
        )


class ReviewFormSerializer(serializers.ModelSerializer[ReviewForm]):
    class Meta:
        model = ReviewForm
        fields = ["id", "college", "name", "questions"]


class ReviewFormViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The forms a college's progress reviews are held with."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = ReviewFormPolicy()
    base_queryset = ReviewForm.objects.all()
    serializer_class = ReviewFormSerializer

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        self.check_write("create", data)
        serializer.instance = services.review_form_save(
            college=data["college"], name=data["name"], questions=data.get("questions")
        )

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        form = cast(ReviewForm, serializer.instance)
        self.check_write("update", form)
        data = serializer.validated_data
        if "college" in data and data["college"] != form.college:
            raise serializers.ValidationError({"college": "It cannot change."})
        serializer.instance = services.review_form_save(
            college=form.college,
            name=data.get("name", form.name),
            questions=data.get("questions", form.questions),
            form=form,
        )


class ReviewActionSerializer(serializers.ModelSerializer[ReviewAction]):
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())

    class Meta:
        model = ReviewAction
        fields = ["id", "description", "owner", "due_on"]


class ProgressReviewSerializer(serializers.ModelSerializer[ProgressReview]):
    form = serializers.PrimaryKeyRelatedField(queryset=ReviewForm.objects.all(), write_only=True)
    actions = ReviewActionSerializer(many=True, read_only=True)
    signatures = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReview
        fields = [
            "id",
            "apprenticeship",
            "form",
            "due_on",
            "held_on",
            "questions",
            "answers",
            "summary",
            "status",
            "completed_at",
            "overdue",
            "actions",
            "signatures",
        ]
        read_only_fields = ["questions", "status", "completed_at"]
        extra_kwargs = {"due_on": {"required": False}}
        # One open review per apprenticeship is the service's to enforce (409), not a 400.
        validators: list[Any] = []

    def get_signatures(self, review: ProgressReview) -> list[dict[str, Any]]:
        return [
            {"party": s.party, "signer": s.signer_id, "typed_name": s.typed_name, "signed_at": s.signed_at}
            for s in review.signatures.all()
            if s.cleared_at is None
        ]

    def get_overdue(self, review: ProgressReview) -> bool:
        return review.status == ProgressReview.Status.OPEN and review.due_on < timezone.localdate()


class ReviewUpdateSerializer(serializers.Serializer[Any]):
    answers = serializers.JSONField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    held_on = serializers.DateField(required=False)


class SignSerializer(serializers.Serializer[Any]):
    typed_name = serializers.CharField(max_length=200)


class ReviewFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    enterprise = django_filters.NumberFilter(field_name="apprenticeship__ladder__enterprise")

    class Meta:
        model = ProgressReview
        fields = ["apprenticeship", "status", "overdue", "enterprise"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        late = {"status": ProgressReview.Status.OPEN, "due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class ProgressReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Three-party progress reviews. A change after a signature clears every signature."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = ProgressReviewPolicy()
    base_queryset = ProgressReview.objects.select_related("apprenticeship").prefetch_related(
        "actions", "signatures"
    )
    serializer_class = ProgressReviewSerializer
    filterset_class = ReviewFilter

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        self.check_write("create", {"apprenticeship": data["apprenticeship"]})
        if (
            not ApprenticeshipPolicy()
            .visible(self.actor, Apprenticeship.objects.filter(pk=data["apprenticeship"].pk))
            .exists()
        ):
            raise serializers.ValidationError({"apprenticeship": "Not found."})
        serializer.instance = services.review_schedule(
            apprenticeship=data["apprenticeship"], form=data["form"], due_on=data.get("due_on")
        )

    @extend_schema(request=ReviewUpdateSerializer, responses=ProgressReviewSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.get_object()
        self.check_write("update", review)
        data = ReviewUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_update(review=review, actor=self.actor, **data.validated_data)
        return Response(ProgressReviewSerializer(self.get_queryset().get(pk=review.pk)).data)

    @extend_schema(
        summary="Agree an action: what, its owner, by when",
        request=ReviewActionSerializer,
        responses={201: ReviewActionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        self.check_write("add_action", review)
        data = ReviewActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.review_add_action(review=review, actor=self.actor, **data.validated_data)
        return Response(ReviewActionSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Sign the review with one's typed name",
        request=SignSerializer,
        responses=ProgressReviewSerializer,
    )
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        self.check_write("sign", review)
        data = SignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_sign(
            review=review, actor=self.actor, typed_name=data.validated_data["typed_name"]
        )
        return Response(ProgressReviewSerializer(self.get_queryset().get(pk=review.pk)).data)


class PortfolioItemSerializer(serializers.ModelSerializer[PortfolioItem]):
    requirements = serializers.ListField(child=serializers.ChoiceField(choices=Requirement.choices))
    file = serializers.FileField(write_only=True, required=False)

    class Meta:
        model = PortfolioItem
        fields = [
            "id",
            "apprenticeship",
            "title",
            "description",
            "file",
            "file_name",
            "content_type",
            "size",
            "link",
            "requirements",
            "status",
            "reason",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = [
            "file_name",
            "content_type",
            "size",
            "status",
            "reason",
            "decided_by",
            "decided_at",
            "created_at",
        ]


class PortfolioReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class PortfolioItemViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """An apprentice's evidence: a file (image, PDF, office document, checked by its bytes)
    or a link, mapped to the level's requirements; the mentor or teacher decides."""

    policy = PortfolioItemPolicy()
    base_queryset = PortfolioItem.objects.select_related("apprenticeship")
    serializer_class = PortfolioItemSerializer
    filterset_fields = ["apprenticeship", "status"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        self.check_write("create", data)
        upload = data.pop("file", None)
        serializer.instance = services.portfolio_add(
            apprenticeship=data["apprenticeship"],
            actor=self.actor,
            title=data["title"],
            requirements=data["requirements"],
            description=data.get("description", ""),
            upload=upload,
            file_name=upload.name if upload is not None else "",
            link=data.get("link", ""),
        )

    @extend_schema(summary="Accept the item as evidence", request=None, responses=PortfolioItemSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        self.check_write("accept", item)
        return Response(PortfolioItemSerializer(services.portfolio_accept(item=item, actor=self.actor)).data)

    @extend_schema(
        summary="Ask for more, with a reason",
        request=PortfolioReasonSerializer,
        responses=PortfolioItemSerializer,
    )
    @action(detail=True, methods=["post"], url_path="ask-more")
    def ask_more(self, request: Request, pk: str | None = None) -> Response:
        item = self.get_object()
        self.check_write("ask_more", item)
        data = PortfolioReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.portfolio_ask_more(item=item, actor=self.actor, reason=data.validated_data["reason"])
        return Response(PortfolioItemSerializer(item).data)

    @extend_schema(
        summary="Download the item's file (as an attachment)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        item = self.get_object()
        return attachment(request, item)
