from rest_framework import serializers

from accounts.models import Role, User
from colleges.models import College
from enterprises.models import Enterprise


class UserSerializer(serializers.ModelSerializer[User]):
    role = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "role", "college", "enterprise"]
        read_only_fields = fields

    def get_role(self, user: User) -> str:
        return Role.PLATFORM_ADMIN if user.is_platform_admin else user.role


class UserCreateSerializer(serializers.Serializer[User]):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    password = serializers.CharField(write_only=True, min_length=8, max_length=128)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    first_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    last_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)
    college = serializers.PrimaryKeyRelatedField(
        queryset=College.objects.all(), required=False, allow_null=True, default=None
    )
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True, default=None
    )


class TokenRequestSerializer(serializers.Serializer[dict[str, str]]):
    username = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer[dict[str, str]]):
    token = serializers.CharField()
