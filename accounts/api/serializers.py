from typing import Any

from rest_framework import serializers

from accounts.api.base import OptionalEmailField
from accounts.models import Role, User


class UserSerializer(serializers.ModelSerializer[User]):
    role = serializers.SerializerMethodField()
    email = OptionalEmailField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "college", "enterprise"]
        read_only_fields = fields

    def get_role(self, user: User) -> str:
        return Role.PLATFORM_ADMIN if user.is_platform_admin else user.role


class UserCreateSerializer(serializers.ModelSerializer[User]):
    """A new user. ``college`` and ``enterprise`` are the user model's own relations, so this
    layer names no organisation app."""

    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    password = serializers.CharField(write_only=True, min_length=8, max_length=128)
    email = serializers.EmailField(required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = User
        fields = ["username", "password", "email", "first_name", "last_name", "role", "college", "enterprise"]
        extra_kwargs = {
            "first_name": {"required": False, "allow_blank": True},
            "last_name": {"required": False, "allow_blank": True},
            "college": {"required": False, "allow_null": True},
            "enterprise": {"required": False, "allow_null": True},
        }
        validators: list[object] = []  # user_create checks the username, naming the field


class TokenRequestSerializer(serializers.Serializer[dict[str, str]]):
    username = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    code = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="The current two-factor code (or a recovery code), for an account that uses two-factor authentication.",
    )


class TokenResponseSerializer(serializers.Serializer[dict[str, str]]):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`. It is shown once.")
    expiry = serializers.DateTimeField(allow_null=True)


class ApiTokenSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(
        source="token_key", help_text="The token's first characters: how to tell it apart."
    )
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
