"""One error hierarchy and one table: what each error means to Gradio, the REST routes and the metrics."""
import pytest

from generator.batch import BatchError
from generator.errors import (
    KINDS,
    UNEXPECTED,
    EngineFailed,
    EngineNotReady,
    GeneratorError,
    InvalidInput,
    RateLimited,
    kind_of,
)
from generator.images import ImageError
from generator.product import ValidationError
from generator.ratelimit import RateLimited as RateLimitedFromRatelimit
from generator.web.errors import http_error


@pytest.mark.parametrize("exc, text", [
    (ValidationError("name", "is required"), "name: is required"),
    (ImageError("the file is empty"), "image: the file is empty"),
    (BatchError("the CSV is empty"), "file: the CSV is empty"),
])
def test_bad_input_keeps_its_name_and_text_and_is_invalid_input(exc, text):
    assert isinstance(exc, InvalidInput) and isinstance(exc, GeneratorError)
    assert str(exc) == text and exc.field == text.split(":")[0]
    assert kind_of(exc) is KINDS[InvalidInput]


def test_a_rate_limit_is_not_a_value_error():
    exc = RateLimited("2 requests a minute", 30)
    assert RateLimitedFromRatelimit is RateLimited
    assert not isinstance(exc, ValueError) and isinstance(exc, GeneratorError)
    assert str(exc) == "Too many requests: the limit is 2 requests a minute. Try again in 30 s."


@pytest.mark.parametrize("exc, status, title, outcome, ui, http", [
    (ValidationError("seed", "must be a number"), 422, "Invalid input", "invalid",
     "seed: must be a number", "seed: must be a number"),
    (RateLimited("2 requests a minute", 9), 429, "Slow down", "rate_limited",
     "Too many requests: the limit is 2 requests a minute. Try again in 9 s.",
     "Too many requests: the limit is 2 requests a minute. Try again in 9 s."),
    (EngineNotReady("the text model did not load: OSError"), 503, "Model unavailable", "error",
     "The model is not available: the text model did not load: OSError",
     "The model is not available: the text model did not load: OSError"),
    (EngineFailed("the text server at http://h/v1 did not answer within 2 s"), 503, "Model server problem", "error",
     "The text server at http://h/v1 did not answer within 2 s",
     "the text server at http://h/v1 did not answer within 2 s"),
    (KeyError("x"), 500, "Error", "error",
     "Generation failed (KeyError). Please try again.", "Generation failed (KeyError). Please try again."),
])
def test_one_table_gives_status_title_outcome_and_messages(exc, status, title, outcome, ui, http):
    kind = kind_of(exc)
    assert (kind.status, kind.title, kind.outcome) == (status, title, outcome)
    assert (kind.ui_message(exc), kind.http_message(exc)) == (ui, http)


def test_unknown_errors_are_unexpected_and_logged_without_leaking(caplog):
    try:
        raise RuntimeError("internal detail")
    except RuntimeError as exc:
        error = http_error(exc)
    assert kind_of(RuntimeError()) is UNEXPECTED
    assert (error.status_code, error.detail) == (500, "Generation failed (RuntimeError). Please try again.")
    assert "request failed" in caplog.text and "internal detail" in caplog.text  # the log has the traceback


def test_rate_limit_says_when_to_retry_over_http():
    error = http_error(RateLimited("2 requests a minute", 41))
    assert error.status_code == 429 and error.headers == {"Retry-After": "41"}
