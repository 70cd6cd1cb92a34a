"""Downloading a portfolio file: never shown inline from the portal's origin, where an
uploaded document could run as a page of the portal."""

from typing import Any

from django.http import FileResponse, Http404

from .models import PortfolioItem
from .permissions import PortfolioItemPolicy


def attachment(request: Any, item: PortfolioItem) -> FileResponse:
    """The item's file for the apprentice, their mentor, their teacher or their college's
    administrators (404 for anyone else, as for a row they cannot see)."""
    if not item.file or not PortfolioItemPolicy().can(request.user, "download", item):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=item.file_name,
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, it renders in a sandbox with nothing allowed.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
