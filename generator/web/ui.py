"""The Gradio Blocks: one function per tab. Layout only; the handlers live in handlers.py.

Gradio 6 pitfalls, kept here on purpose:
- Public API events say `api_visibility="public"`; helper events (`.then` scorecards, the detected-
  fields fill, Stop) say `api_visibility="private"`, so the API lists exactly the four routes.
- `delete_cache=(600, 3600)`: Gradio's cache cleaner deletes uploads after an hour, every ten minutes.
"""
from __future__ import annotations

import inspect
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from ..batch import MAX_ROWS, template_csv
from ..engines import registry
from ..product import CHANNELS, FORMATS, LENGTH_WORDS, MAX_SEED, TONE_PRESETS
from ..ratelimit import RateLimiter
from ..service import DescriptionService
from .components import SafeImage, StrictTextbox, choice_input, number_input, text_input
from .handlers import (
    analyze_image_handler,
    describe_batch_handler,
    describe_handler,
    describe_image_handler,
    fill_detected,
    observed,
    render_preview,
    render_scorecard,
)

TEXT_QUEUE = "text-model"  # every event that runs the text model shares one slot: it uses all cores

EXAMPLES = [
    ["Insulated Water Bottle", "Drinkware", "Hydrova",
     "keeps drinks cold for 24 hours\nkeeps drinks hot for 12 hours\nleak-proof screw lid",
     "stainless steel", "matte black", "750 ml", "hikers and commuters", "reusable, BPA-free",
     "friendly", "medium", "English"],
    ["Trail Running Shoe", "Footwear", "Ridgeline", "Vibram outsole\n8 mm heel-to-toe drop\nrock plate",
     "recycled mesh, EVA foam", "orange and grey", "EU 38 to 47", "trail runners", "grip, lightweight",
     "energetic", "medium", "English"],
    ["Ceramic Coffee Mug", "Kitchen", "", "dishwasher safe\nmicrowave safe", "stoneware", "speckled white",
     "350 ml", "coffee lovers", "gift", "warm", "short", "English"],
]


def _pair(first: tuple[str, str], second: tuple[str, str]) -> tuple[StrictTextbox, StrictTextbox]:
    """Two short text fields side by side: (field, label) each."""
    with gr.Row():
        return text_input(*first, max_length=200), text_input(*second, max_length=200)


def _style_inputs() -> list[gr.components.Component]:
    with gr.Row():
        tone = gr.Dropdown(list(TONE_PRESETS), value="friendly", label="Tone", allow_custom_value=True)
        length = choice_input("length", LENGTH_WORDS, value="medium", label="Length")
        language = text_input("language", "Language", value="English")
    with gr.Accordion("Advanced", open=False), gr.Row():
        variants = choice_input("variants", ["1", "2", "3"], value="1", convert=int,
                                label="Variants (the best is shown; all are in the report)")
        seed = number_input("seed", value=None, precision=0,
                            label=f"Seed (blank or -1: a new text each time; 0 to {MAX_SEED} repeats a result)")
    return [tone, length, language, variants, seed]


def _format_inputs() -> list[gr.components.Component]:
    """Last of each tab's inputs, as `format` and `channel` are the last API parameters: bullets are a layout,
    not coverage; a channel other than the shop gives its own plain description, title and bullets."""
    with gr.Row():
        text_format = choice_input("format", list(FORMATS), value="prose",
                                   label="Format (bullets repeat the facts; html and markdown for a shop)")
        channel = choice_input("channel", list(CHANNELS), value="shop",
                               label="Channel (amazon and google: their title, bullets and limits)")
    return [text_format, channel, *_glossary_inputs()]


def _glossary_inputs() -> list[gr.components.Component]:
    """The brand glossary (quality/glossary.py): the last API parameters of every describing endpoint."""
    with gr.Accordion("Brand glossary", open=False), gr.Row():
        banned = text_input("banned", "Banned words (comma-separated): never used", max_length=2000)
        required = text_input("required", "Required phrases (comma-separated): said once", max_length=2000)
    return [banned, required]


def _output_column(elem_id: str) -> tuple[gr.Textbox, gr.JSON, gr.Markdown, gr.HTML]:
    description = gr.Textbox(label="Description", lines=12, buttons=["copy"], elem_id=elem_id, interactive=False)
    # With format html the box above holds the HTML (its copy button copies it) and this shows it rendered.
    preview = gr.HTML(elem_id=f"{elem_id}-html", visible=False, label="Rendered HTML")
    scorecard = gr.Markdown(elem_id=f"{elem_id}-scorecard")
    report = gr.JSON(label="Report")
    return description, report, scorecard, preview


def _banner_text(service: DescriptionService) -> str:
    line = service.engines.banner()
    if not line:
        return ""
    loading = any(status.loading for status in service.status.values())
    return f"**{'Loading a model.' if loading else 'Warning: some models are not available.'}** {line}"


def _banner(service: DescriptionService) -> None:
    """Models missing or standing in; while a model downloads, its progress, refreshed every 2 s."""
    text = _banner_text(service)
    banner = gr.Markdown(text, elem_id="model-banner", visible=bool(text))
    if any(status.loading for status in service.status.values()):
        def refresh() -> tuple[dict, gr.Timer]:
            text = _banner_text(service)
            still = any(status.loading for status in service.status.values())
            return gr.update(value=text, visible=bool(text)), gr.Timer(active=still)

        timer = gr.Timer(2.0)
        timer.tick(refresh, outputs=[banner, timer], api_visibility="private", queue=False)


def _text_tab(service: DescriptionService, limiter: RateLimiter) -> None:
    with gr.Row():
        with gr.Column():
            name = text_input("name", "Product name", max_length=200)
            category, brand = _pair(("category", "Category"), ("brand", "Brand"))
            features = text_input("features", "Features (one per line)", lines=4)
            materials = text_input("materials", "Materials (one per line or comma-separated)", lines=2)
            color, size = _pair(("color", "Colour"), ("size", "Size"))
            audience = text_input("audience", "Audience", max_length=200)
            keywords = text_input("keywords", "Keywords (comma-separated)")
            style = _style_inputs()
            text_format = _format_inputs()
            generate = gr.Button("Generate", variant="primary")
        with gr.Column():
            description, report, scorecard, preview = _output_column("description")
    inputs = [name, category, brand, features, materials, color, size, audience, keywords, *style, *text_format]
    gr.Examples(EXAMPLES, inputs=inputs[:12], cache_examples=False)  # without variants and seed
    generate.click(
        observed("/describe", describe_handler(service, limiter)), inputs=inputs, outputs=[description, report],
        api_name="describe", api_visibility="public", concurrency_limit=1, concurrency_id=TEXT_QUEUE,
    ).then(render_scorecard, inputs=report, outputs=scorecard, api_visibility="private", queue=False
           ).then(render_preview, inputs=[description, report], outputs=preview, api_visibility="private", queue=False)


def _image_tab(service: DescriptionService, limiter: RateLimiter) -> None:
    captions = registry.spec("vision", service.settings.vision_engine).captions
    with gr.Row():
        with gr.Column():
            photo = SafeImage(type="filepath", sources=["upload", "webcam", "clipboard"], label="Product photo",
                              elem_id="photo")
            gr.Markdown("**Detected**: check and correct these; only what you keep counts as a fact.")
            name = text_input("name", "Product name or type", max_length=200)
            category, color = _pair(("category", "Category"), ("color", "Colour"))
            text_seen = text_input("text_seen", "Text seen on the product", max_length=200)
            caption = text_input("caption", "Caption", max_length=200, visible=captions)
            with gr.Accordion("More details", open=False):
                brand = text_input("brand", "Brand", max_length=200)
                features = text_input("features", "Features (one per line)", lines=3)
                materials = text_input("materials", "Materials", lines=1)
                size, audience = _pair(("size", "Size"), ("audience", "Audience"))
                keywords = text_input("keywords", "Keywords (comma-separated)")
            style = _style_inputs()
            text_format = _format_inputs()
            generate = gr.Button("Generate from photo", variant="primary")
        with gr.Column():
            detected = gr.JSON(label="Detected (raw)")
            description, report, scorecard, preview = _output_column("photo-description")
    photo.upload(
        observed("/analyze_image", analyze_image_handler(service, limiter)), inputs=photo, outputs=detected,
        api_name="analyze_image", api_visibility="public", concurrency_limit=2, concurrency_id="vision-model",
    ).then(fill_detected, inputs=detected, outputs=[name, category, color, text_seen, caption],
           api_visibility="private", queue=False)
    generate.click(
        observed("/describe_image", describe_image_handler(service, limiter)),
        inputs=[photo, name, category, brand, features, materials, color, size, audience, keywords, *style,
                text_seen, caption, *text_format],
        outputs=[description, report], api_name="describe_image", api_visibility="public",
        concurrency_limit=1, concurrency_id=TEXT_QUEUE,
    ).then(render_scorecard, inputs=report, outputs=scorecard, api_visibility="private", queue=False
           ).then(render_preview, inputs=[description, report], outputs=preview, api_visibility="private", queue=False)


def _batch_tab(service: DescriptionService) -> None:
    gr.Markdown(
        f"Upload a CSV with one product a row, up to {MAX_ROWS} rows. Its columns are the `/describe` "
        "parameter names (`name` is required; separate features with `;`). Optional `tone`, `length`, "
        "`language`, `seed`, `banned` and `required` columns override the choices below. The result keeps every "
        "column and adds "
        "`description`, `coverage`, `unsupported_claims` and `error`. It holds every row from the start and is "
        "saved as each row finishes: after a stop (or a crash), upload it again to describe the rest; rows that "
        "have a description are kept as they are. Commas, semicolons and tabs all work as separators.\n\n"
        "**From your shop and back:** a Shopify product export (either header) or a WooCommerce export is "
        "recognised by its columns. Each product is described once, as HTML, on its first row, with its SEO "
        "title and description; every other cell comes back exactly as read, ready to import."
    )
    template_path = Path(tempfile.mkdtemp(prefix="template-")) / "products-template.csv"
    template_path.write_text(template_csv())
    gr.DownloadButton("Download the template CSV", value=str(template_path))
    with gr.Row():
        with gr.Column():
            batch_file = gr.File(label="Products CSV", file_types=[".csv"], type="filepath", elem_id="batch-file")
            tone = gr.Dropdown(list(TONE_PRESETS), value="friendly", label="Tone", allow_custom_value=True)
            length = choice_input("length", LENGTH_WORDS, value="medium", label="Length")
            language = text_input("language", "Language", value="English")
            overwrite = gr.Radio([("Fill empty cells only", False), ("Overwrite", True)], value=False,
                                 label="Shop exports: descriptions and SEO cells that already have text")
            use_description = gr.Checkbox(False, label="Shop exports: read the current description as facts")
            glossary = _glossary_inputs()  # for every row; a template CSV's banned and required columns override
            with gr.Row():
                run = gr.Button("Describe all rows", variant="primary")
                stop = gr.Button("Stop")
        with gr.Column():
            result = gr.File(label="Result CSV", elem_id="batch-result")
    event = run.click(
        observed("/describe_batch", describe_batch_handler(service)),
        inputs=[batch_file, tone, length, language, overwrite, use_description, *glossary],
        outputs=result, api_name="describe_batch", api_visibility="public",
        concurrency_limit=1, concurrency_id="batch",
    )
    stop.click(None, cancels=[event], api_visibility="private")


# Parameters added at the end of an API after it was published: a call without them gets their defaults.
LATER_INPUTS = frozenset({"format", "channel", "banned", "required", "overwrite", "use_description"})


class App(gr.Blocks):
    """The Blocks, with two changes to input checking: a call without the parameters added later (`format`)
    gets their defaults, and a call with too few inputs is told the API's parameter names; Gradio's own
    message lists the input components' Python reprs (`<…StrictTextbox object at 0x…>`).
    """

    def validate_inputs(self, block_fn: Any, inputs: list[Any]) -> None:
        names = list(inspect.signature(block_fn.fn).parameters)[:len(block_fn.inputs)]
        missing = names[len(inputs):]
        if inputs and missing and set(missing) <= LATER_INPUTS:
            # a script written before `format` existed keeps working: the missing inputs take the form's defaults
            inputs.extend(getattr(block, "value", None) for block in block_fn.inputs[len(inputs):])
        if len(inputs) < len(block_fn.inputs):
            raise gr.Error(f"/{block_fn.api_name} takes {len(names)} inputs, in this order: {', '.join(names)}; "
                           f"got {len(inputs)}. Send every one (null for an empty field).", title="Invalid input")
        super().validate_inputs(block_fn, inputs)


def build_ui(service: DescriptionService, limiter: RateLimiter) -> gr.Blocks:
    with App(title="Product Description Generator", delete_cache=(600, 3600)) as demo:
        gr.Markdown("# Product Description Generator\nFill in what you know about the product; "
                    "the description uses only these facts.")
        _banner(service)
        with gr.Tab("Text"):
            _text_tab(service, limiter)
        with gr.Tab("Image"):
            _image_tab(service, limiter)
        with gr.Tab("Batch"):
            _batch_tab(service)
    return demo
