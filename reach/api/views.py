"""The API of group robots (``robots/``, with ``test/`` and ``deliveries/``): the same
services and policy as the pages. The webhook address and the secret are written, never
read: an answer holds the masked address and whether a secret is saved."""

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.viewsets import ScopedViewSet
from accounts.errors import Invalid
from accounts.models import Notification, Role
from colleges.models import College
from enterprises.models import Enterprise

from .. import platforms, services
from ..models import Delivery, Platform, Robot
from ..permissions import DeliveryPolicy, RobotPolicy


class RobotSerializer(serializers.ModelSerializer[Robot]):
    webhook_url = serializers.CharField(max_length=500, write_only=True)
    secret = serializers.CharField(max_length=200, write_only=True, required=False, allow_blank=True)
    clear_secret = serializers.BooleanField(write_only=True, required=False, default=False)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Notification.Kind.choices), required=False
    )
    platform = serializers.ChoiceField(choices=Platform.choices)
    webhook = serializers.SerializerMethodField(help_text="The webhook address, masked.")
    signed = serializers.SerializerMethodField(help_text="Whether a signing secret is saved.")

    class Meta:
        model = Robot
        fields = [
            "id",
            "college",
            "enterprise",
            "platform",
            "name",
            "webhook_url",
            "secret",
            "clear_secret",
            "webhook",
            "signed",
            "kinds",
            "language",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["college", "enterprise", "created_at", "updated_at"]

    def get_webhook(self, robot: Robot) -> str:
        return platforms.masked(robot.webhook_url)

    def get_signed(self, robot: Robot) -> bool:
        return bool(robot.secret)


class RobotUpdateSerializer(RobotSerializer):
    webhook_url = serializers.CharField(max_length=500, write_only=True, required=False, allow_blank=True)
    platform = serializers.ChoiceField(choices=Platform.choices, required=False)


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    class Meta:
        model = Delivery
        fields = ["id", "robot", "event", "kind", "state", "attempts", "last_error", "created_at", "sent_at"]
        read_only_fields = fields


class RobotViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Group robots: a college's administrators and an enterprise's engineers set up their
    organisation's WeCom, DingTalk or Feishu robots and choose which notifications each
    receives; a platform administrator reads them all."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    policy = RobotPolicy()
    base_queryset = Robot.objects.select_related("college", "enterprise")
    serializer_class = RobotSerializer
    filterset_fields = ["platform", "active", "college", "enterprise"]
    ordering_fields = ["name", "created_at"]

    def get_serializer_class(self) -> Any:
        if getattr(self, "action", None) == "partial_update":
            return RobotUpdateSerializer
        return RobotSerializer

    def perform_create(self, serializer: Any) -> None:
        self.check_write("create", {})
        user = self.actor
        owner = user.college if user.role == Role.COLLEGE_ADMIN else user.enterprise
        if not isinstance(owner, College | Enterprise):  # a platform administrator
            raise Invalid(
                "college", _("Only a college's administrators or an enterprise's engineers set up robots.")
            )
        data = dict(serializer.validated_data)
        data.pop("clear_secret", None)
        serializer.instance = services.robot_create(actor=user, owner=owner, **data)

    def perform_update(self, serializer: Any) -> None:
        self.check_write("update", serializer.instance)
        serializer.instance = services.robot_update(
            robot=serializer.instance, actor=self.actor, data=dict(serializer.validated_data)
        )

    def perform_destroy(self, instance: Robot) -> None:
        self.check_write("delete", instance)
        services.robot_delete(robot=instance, actor=self.actor)

    @extend_schema(
        summary="Send a test message to the robot", request=None, responses={202: DeliverySerializer}
    )
    @action(detail=True, methods=["post"])
    def test(self, request: Request, pk: str | None = None) -> Response:
        robot = cast(Robot, self.get_object())
        self.check_write("test", robot)
        delivery = services.robot_test(robot=robot, actor=self.actor)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="The robot's recent messages", request=None, responses=DeliverySerializer(many=True)
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        robot = cast(Robot, self.get_object())
        rows = DeliveryPolicy().visible(request.user, Delivery.objects.filter(robot=robot))
        state = request.query_params.get("state", "")
        if state:
            if state not in Delivery.State.values:
                raise Invalid("state", _("Choose pending, sent or failed."))
            rows = rows.filter(state=state)
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(DeliverySerializer(page, many=True).data)
        return Response(DeliverySerializer(rows, many=True).data)
