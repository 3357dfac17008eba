"""The API's one error shape, ``{"error": {"parameter": ..., "message": ...}}``, and its handlers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError

from .schemas import unknown_parameter


class ApiError(Exception):
    """A refusal the client can act on: the status, the parameter at fault and what is wrong."""

    def __init__(self, status: int, parameter: str | None, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.parameter = parameter
        self.message = message


def not_found(parameter: str | None, message: str) -> ApiError:
    """A 404 naming the path or query parameter that matched nothing."""
    return ApiError(404, parameter, message)


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, parameter: str | None, message: str
) -> HttpResponse:
    body = {"error": {"parameter": parameter, "message": message}}
    return api.create_response(request, body, status=status)


# Pydantic's wording for the few checks on numbers, in plainer words.
_MESSAGES = {
    "int_parsing": "Must be a whole number.",
    "int_from_float": "Must be a whole number.",
    "int_type": "Must be a whole number.",
    "greater_than_equal": "Must be at least {ge}.",
    "less_than_equal": "Must be at most {le}.",
}


def _first_problem(errors: list[dict[str, Any]]) -> tuple[str | None, str]:
    """The parameter and message of the first validation error, in the client's words."""
    error = errors[0]
    context = error.get("ctx") or {}
    location = [part for part in error.get("loc", ()) if part not in ("query", "path")]
    parameter = context.get("parameter") or (str(location[-1]) if location else None)
    template = _MESSAGES.get(str(error.get("type")))
    message = template.format(**context) if template else str(error.get("msg", "Invalid value."))
    return parameter, message


def refuse_query_parameters(request: HttpRequest) -> None:
    """Refuse any query parameter, for endpoints that take none."""
    error = unknown_parameter(request, [])
    if error:
        raise ApiError(400, error.context["parameter"], error.message())  # type: ignore[index]


def install_error_handlers(api: NinjaAPI) -> None:
    """Make every refusal of ``api`` answer in the one error shape."""

    def on_api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
        return _respond(api, request, error.status, error.parameter, error.message)

    def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        parameter, message = _first_problem(error.errors)
        return _respond(api, request, 400, parameter, message)

    def on_http404(request: HttpRequest, error: Http404) -> HttpResponse:
        return _respond(api, request, 404, None, "There is nothing at this address of the API.")

    def on_throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
        wait = int(error.wait or 60) + 1
        response = _respond(
            api, request, 429, None, f"Too many requests from this address; try again in {wait} s."
        )
        response["Retry-After"] = str(wait)
        return response

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(Http404, on_http404)
