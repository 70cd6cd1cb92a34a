"""The API of a person's data (PIPL arts. 45 and 47): download everything, or erase it. It
spans every app, so it lives at the top."""

from typing import cast

from django.contrib.auth import authenticate
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.policies import UserPolicy

from .privacy import erase_person, export_zip


def export_response(user: User) -> HttpResponse:
    response = HttpResponse(export_zip(user), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="chanjiao-{user.username}-{stamp}.zip"'
    return response


class MyDataView(APIView):
    @extend_schema(
        summary="Download everything the portal holds about you",
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="JSON files in a zip")
        },
    )
    def get(self, request: Request) -> HttpResponse:
        return export_response(cast(User, request.user))


PASSWORD = inline_serializer("EraseRequest", {"password": serializers.CharField(trim_whitespace=False)})


class EraseMeView(APIView):
    @extend_schema(
        summary="Erase yourself: names, e-mail and free text go; anonymous figures stay",
        request=PASSWORD,
        responses={204: None},
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        password = request.data.get("password") if hasattr(request.data, "get") else None
        if not isinstance(password, str) or not password:
            return Response(
                {"password": ["Your password confirms the erasure."]}, status=status.HTTP_400_BAD_REQUEST
            )
        if authenticate(request._request, username=user.username, password=password) is None:
            return Response({"password": ["The password is not right."]}, status=status.HTTP_400_BAD_REQUEST)
        erase_person(user, actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EraseUserView(APIView):
    @extend_schema(
        summary="Erase a person of your college, on their request", request=None, responses={204: None}
    )
    def post(self, request: Request, pk: int) -> Response:
        policy = UserPolicy()
        person = get_object_or_404(policy.visible(request.user, User.objects.all()), pk=pk)
        if not policy.can(request.user, "erase", person):
            raise PermissionDenied("Only the person's college administrators erase them.")
        erase_person(person, actor=cast(User, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)
