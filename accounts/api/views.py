from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.viewsets import ScopedViewSet
from accounts.models import User
from accounts.policies import UserPolicy
from accounts.services import user_create
from accounts.throttles import TokenFailureThrottle

from .serializers import (
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserCreateSerializer,
    UserSerializer,
)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    policy = UserPolicy()
    base_queryset = User.objects.order_by("id")
    serializer_class = UserSerializer
    filterset_fields = ["role", "college", "enterprise"]

    @extend_schema(summary="Create a user", request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request: Request) -> Response:
        self.check_write("create")
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Who may be created depends on what is asked for: a college admin adds teachers
        # and students of their own college only.
        self.check_write("create", data.validated_data)
        user = user_create(**data.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Get the calling user", responses=UserSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request: Request) -> Response:
        return Response(UserSerializer(self.actor).data)


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token.

    Failed attempts are counted per account and per address on the shared cache; past the
    limit the endpoint answers 429 until the window passes.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [TokenFailureThrottle]

    @extend_schema(
        summary="Get an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            429: OpenApiResponse(
                description="Too many failed attempts from this address or for this account."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            TokenFailureThrottle.record_failure(request, data.validated_data["username"])
            return Response(
                {"detail": "Unable to log in with the provided credentials."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
