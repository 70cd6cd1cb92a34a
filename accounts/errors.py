"""Domain errors raised by the services of every app.

They live in the lowest layer (accounts), so that services stay free of HTTP and every app
can raise them without importing a peer. ``accounts.api.base.exception_handler`` turns them into
responses: ``Conflict`` is 409, ``Invalid`` is 400 naming the field, ``Forbidden`` is 403,
``TooMany`` is 429.
"""


class DomainError(Exception):
    """Base class: a request the domain refuses."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Conflict(DomainError):
    """The object's state does not allow the action (a full offering, a closed project)."""


class Invalid(DomainError):
    """Bad input for one field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Forbidden(DomainError):
    """The user may see the object but not do this to it."""


class TooMany(DomainError):
    """The person has done this as often as the portal allows for now (429)."""
