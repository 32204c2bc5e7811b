"""Input components that refuse what the API should not accept, with messages naming the field.

Gradio 6 pitfalls, kept here on purpose:
- `is_template = True` makes the frontend render a subclass as its parent component.
- The field name is set as an attribute after construction (see the factories below): Gradio reads a
  component's constructor signature for its config, so an extra constructor argument would leak there.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import gradio as gr

from ..errors import ImageError, InvalidInput
from .errors import gradio_error


class StrictTextbox(gr.Textbox):
    """A Textbox that rejects non-text API payloads instead of silently str()-ing them."""

    is_template = True  # rendered by the frontend as a plain textbox
    field = "input"  # the API parameter name, used in error messages

    def preprocess(self, payload: Any) -> str | None:
        if payload is not None and not isinstance(payload, str):
            raise gradio_error(InvalidInput(self.field, f"must be text, got {type(payload).__name__}"))
        return payload


class StrictRadio(gr.Radio):
    """A Radio whose out-of-range API values get an error naming the field.

    The API documents a Radio's choices as text (gradio_client shows `Literal['1', '2', '3']`), so the
    choices are text; a number whose text is a choice (2 for '2') is taken as that choice too, and
    `convert` (e.g. int) turns the choice into what the handler takes.
    """

    is_template = True
    field = "input"
    convert: Callable[[Any], Any] | None = None

    def preprocess(self, payload: Any) -> Any:
        choices = [value for _, value in self.choices]
        if isinstance(payload, (int, float)) and not isinstance(payload, bool) and payload not in choices:
            as_text = str(int(payload)) if float(payload).is_integer() else str(payload)
            payload = as_text if as_text in choices else payload
        if payload not in choices:
            raise gradio_error(InvalidInput(self.field, f"must be one of {', '.join(map(str, choices))}; "
                                                        f"got {payload!r}"))
        value = super().preprocess(payload)
        return self.convert(value) if self.convert is not None and value is not None else value


class SafeImage(gr.Image):
    """An Image input that hands the service the uploaded file untouched.

    Gradio's own preprocessing would decode (and re-encode) the upload before our size and
    pixel checks run; the service's safe loader does all of that instead.
    """

    is_template = True

    def preprocess(self, payload: Any) -> str | None:
        if payload is None or not getattr(payload, "path", None):
            raise gradio_error(ImageError("no file was uploaded"))
        return payload.path


class StrictNumber(gr.Number):
    """A Number whose non-numeric API values get an error naming the field."""

    is_template = True
    field = "input"

    def preprocess(self, payload: Any) -> Any:
        if payload is not None and (isinstance(payload, bool) or not isinstance(payload, (int, float))):
            raise gradio_error(InvalidInput(self.field, f"must be a number, got {type(payload).__name__}"))
        return payload


def text_input(field: str, label: str, **kwargs: Any) -> StrictTextbox:
    box = StrictTextbox(label=label, **kwargs)
    box.field = field
    return box


def choice_input(field: str, choices: Iterable[Any], label: str, convert: Callable[[Any], Any] | None = None,
                 **kwargs: Any) -> StrictRadio:
    radio = StrictRadio(list(choices), label=label, **kwargs)
    radio.field = field
    radio.convert = convert
    return radio


def number_input(field: str, label: str, **kwargs: Any) -> StrictNumber:
    number = StrictNumber(label=label, **kwargs)
    number.field = field
    return number
