"""The app's errors: one base class, and one table of what each means to a client.

Every error the app raises on purpose is a `GeneratorError`. The web layer turns one into an
HTTP status (REST routes), a titled Gradio error (UI and API) and a request-outcome label for
the metrics, all from `KINDS` below; the batch job writes its message into the row. Any other
exception is a bug or an outage: it is logged with its traceback and the client gets
"Generation failed (TypeName). Please try again." (HTTP 500) without the internals.
"""
from __future__ import annotations

from dataclasses import dataclass


class GeneratorError(Exception):
    """Base of every error the app raises on purpose; its message is safe to show."""


class InvalidInput(GeneratorError, ValueError):
    """Bad client input. The message starts with the field's name, e.g. `name: is required`."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ValidationError(InvalidInput):
    """A product, style or option field that fails validation."""


class ImageError(InvalidInput):
    """An uploaded photo that cannot be used; the message says what is wrong with the file."""

    def __init__(self, message: str):
        super().__init__("image", message)


class BatchError(InvalidInput):
    """The CSV as a whole is unusable; the message says why."""

    def __init__(self, message: str):
        super().__init__("file", message)


class RateLimited(GeneratorError):
    """A client went past RATE_LIMIT; `retry_after` is in seconds."""

    def __init__(self, limit: str, retry_after: int):
        super().__init__(f"Too many requests: the limit is {limit}. Try again in {retry_after} s.")
        self.retry_after = retry_after


class EngineNotReady(GeneratorError, RuntimeError):
    """The engine failed to load or was never loaded."""


class EngineFailed(GeneratorError, RuntimeError):
    """A backend failed mid-request (a remote server down, slow or refusing); the message says how."""


@dataclass(frozen=True)
class ErrorKind:
    """What one kind of error means to a client.

    `ui` and `http` format the message for Gradio and for the REST routes: `{message}` is the
    exception's text, `{Message}` the same with its first letter capitalised.
    """

    status: int  # HTTP status on the REST routes
    title: str  # title of the Gradio error
    outcome: str  # the `status` label of api_requests_total for a Gradio call
    ui: str = "{message}"
    http: str = "{message}"

    def ui_message(self, exc: BaseException) -> str:
        return _format(self.ui, exc)

    def http_message(self, exc: BaseException) -> str:
        return _format(self.http, exc)


KINDS: dict[type[GeneratorError], ErrorKind] = {
    InvalidInput: ErrorKind(422, "Invalid input", "invalid"),
    RateLimited: ErrorKind(429, "Slow down", "rate_limited"),
    EngineNotReady: ErrorKind(503, "Model unavailable", "error",
                              ui="The model is not available: {message}", http="The model is not available: {message}"),
    # The REST detail keeps the engine's lower-case sentence, as the original routes did.
    EngineFailed: ErrorKind(503, "Model server problem", "error", ui="{Message}"),
}
UNEXPECTED = ErrorKind(500, "Error", "error", ui="Generation failed ({type}). Please try again.",
                       http="Generation failed ({type}). Please try again.")


def kind_of(exc: BaseException) -> ErrorKind:
    """The table entry for `exc`: its class's or its nearest base's; UNEXPECTED for anything else."""
    for cls in type(exc).__mro__:
        if cls in KINDS:
            return KINDS[cls]
    return UNEXPECTED


def _format(template: str, exc: BaseException) -> str:
    text = str(exc)
    return template.format(message=text, Message=text[:1].upper() + text[1:], type=type(exc).__name__)
