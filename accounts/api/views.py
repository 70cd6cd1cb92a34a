from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import mfa, throttles
from accounts.api.viewsets import ScopedViewSet
from accounts.models import AuditEntry, User
from accounts.policies import AuditPolicy, UserPolicy
from accounts.services import token_issue, token_revoke, tokens_of, user_create

from .serializers import (
    ApiTokenSerializer,
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
    """Exchange a user name and password (and, for an account with two-factor authentication,
    its current code) for an API token.

    The token is stored hashed, expires (``REST_KNOX["TOKEN_TTL"]``), is listed and revoked by
    its owner under ``auth/tokens/``, and every token of a person is revoked when their
    password changes. Attempts are counted per account and per client address before the
    password is checked (``accounts.throttles``): past the limit, 429 with ``Retry-After``.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        summary="Get an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            429: OpenApiResponse(description="Too many attempts for this account or from this address."),
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        verdict = throttles.attempt(request._request, username)
        if not verdict.allowed:
            return Response(
                {"detail": _too_many(verdict.retry_after)},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(verdict.retry_after)},
            )
        user = authenticate(request._request, username=username, password=data.validated_data["password"])
        if user is None or not user.is_active:
            return Response(
                {"detail": "Unable to log in with the provided credentials."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if mfa.enabled(user):
            if not mfa.check_code(user, data.validated_data.get("code", "")):
                return Response(
                    {
                        "code": [
                            "This account uses two-factor authentication: send its current code (or a recovery code)."
                        ]
                    },
                    status=status.HTTP_400_BAD_REQUEST,
                )
        elif mfa.required(user):
            return Response(
                {
                    "detail": "Your role must use two-factor authentication: set it up on your profile page first."
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        throttles.succeeded(request._request, user)
        instance, token = token_issue(user, request=request._request)
        return Response({"token": token, "expiry": instance.expiry})


def _too_many(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"Too many login attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


class TokenListView(APIView):
    """The caller's own API tokens (never their secret: only its first characters)."""

    @extend_schema(summary="List your API tokens", responses=ApiTokenSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(ApiTokenSerializer(tokens_of(request.user), many=True).data)


class TokenDetailView(APIView):
    @extend_schema(summary="Revoke one of your API tokens", request=None, responses={204: None})
    def delete(self, request: Request, key: str) -> Response:
        if not token_revoke(request.user, key):
            raise NotFound("You have no such token.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    """Revoke the token this request was made with."""

    @extend_schema(summary="Revoke the token in use", request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "model", "object_id", "summary", "before", "after"]
        read_only_fields = fields  # the log is written by the platform alone


class AuditLogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Every state change of the portal's records: who, when, the fields before and after.
    Platform admins read all of it; a college or an enterprise the entries of its own rows."""

    policy = AuditPolicy()
    base_queryset = AuditEntry.objects.order_by("-at", "-id")
    serializer_class = AuditEntrySerializer
    filterset_fields = ["action", "model", "object_id", "actor"]
