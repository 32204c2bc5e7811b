"""Versioned prompt templates. Bump PROMPT_VERSION whenever the wording changes:
it is part of every report and of the response cache key."""
from __future__ import annotations

from .product import Product, Style
from .textsafety import for_model

PROMPT_VERSION = "2026-11-28.2"  # .2: emoji are left out of what the model reads

# Short and plain on purpose: the 135M default model follows this better than a long rule list.
# Chosen by prose coverage on the eval products (see generator/eval): facts first, then the task.
SYSTEM_PROMPT = (
    "You write product descriptions for an online shop. Write in the third person about the product."
)

_FACT_LABELS = (
    ("name", "Product"),
    ("brand", "Brand"),
    ("category", "Category"),
    ("features", "Features"),
    ("materials", "Materials"),
    ("color", "Colour"),
    ("size", "Size"),
    ("audience", "For"),
    ("keywords", "Keywords"),
)

_PARAGRAPHS = {"short": "one short paragraph", "medium": "two short paragraphs", "long": "three paragraphs"}

# Word targets become token budgets with headroom; the text is then cut at the last full sentence.
_TOKENS_PER_WORD = 1.5


def fact_lines(product: Product) -> list[str]:
    lines = []
    for key, label in _FACT_LABELS:
        value = getattr(product, key)
        if isinstance(value, tuple):
            value = ", ".join(filter(None, map(for_model, value)))
        value = for_model(value)
        if value:
            lines.append(f"{label}: {value}")
    return lines


def build_messages(product: Product, style: Style) -> list[dict[str, str]]:
    facts = "\n".join(f"- {line}" for line in fact_lines(product))
    language = "" if style.language == "English" else f" in {style.language}"
    tone, name = for_model(style.tone), for_model(product.name)
    user = (
        f"Product facts:\n{facts}\n\n"
        f"Write a {tone} description of the {name}{language} in about {style.target_words} words, "
        f"as {_PARAGRAPHS[style.length]} of prose. Mention every fact above and add nothing else."
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def max_tokens_for(style: Style) -> int:
    return int(style.target_words * _TOKENS_PER_WORD) + 24


# The fine-tuned writer's prompt: the form's facts in a fixed order, then the style, then the cue. No
# instructions and no examples: the adapter was taught the task on this format (training/, data/), so the
# format is part of the adapter's contract. Bump WRITER_FORMAT_VERSION with any change, and retrain.
WRITER_FORMAT_VERSION = "writer-1"
WRITER_CUE = "Description:\n"
_WRITER_LIST_SEPARATOR = "; "  # merchants' features carry commas ("Machine wash cold, lay flat to dry")


def writer_prompt(product: Product, style: Style) -> str:
    """The facts as the writer was trained to read them, ending with the cue its description follows."""
    lines = []
    for key, label in _FACT_LABELS:
        value = getattr(product, key)
        if isinstance(value, tuple):
            value = _WRITER_LIST_SEPARATOR.join(filter(None, map(for_model, value)))
        value = for_model(value)
        if value:
            lines.append(f"{label}: {value}")
    lines.append(f"Tone: {for_model(style.tone)}")
    lines.append(f"Length: {style.length}")
    if style.language != "English":
        lines.append(f"Language: {style.language}")
    return "\n".join(lines) + "\n" + WRITER_CUE


# The editor's prompt: the writer's facts and style, then the realizer's draft of them, then the cue. The editor
# (an adapter trained on it, training/ with --task edit) rewrites the draft as careful copy: the draft carries
# every fact in order, so the model has to reword, not recall. Bump EDITOR_FORMAT_VERSION with any change.
EDITOR_FORMAT_VERSION = "editor-1"
EDITOR_DRAFT = "Draft:\n"


def editor_prompt(product: Product, style: Style, draft: str) -> str:
    """The writer's prompt with the realizer's draft between the facts and the cue."""
    facts = writer_prompt(product, style).removesuffix(WRITER_CUE)
    return f"{facts}{EDITOR_DRAFT}{for_model(' '.join(draft.split()))}\n{WRITER_CUE}"


def realizer_draft(product: Product, style: Style, seed: int) -> str:
    """What the editor is given: the grounded realizer's text for these facts (no model call)."""
    from .quality.repair import repair

    return repair("", product, style, seed).text



# The phraser's prompt: one fact and what the product is, then the cue. The phraser (an adapter trained on it,
# `python -m training train --task phrase`) writes one sentence that states that fact and nothing else; the
# realizer's frames garble fragments no list foresaw ("has an assembly of about 10 minutes"), and a model taught
# on careful sentences does not. Bump PHRASE_FORMAT_VERSION with any change, and retrain.
PHRASE_FORMAT_VERSION = "phrase-1"
PHRASE_CUE = "Sentence:\n"
PHRASE_KINDS = ("feature", "materials", "color", "size", "audience", "keyword")


def phrase_prompt(type_noun: str, plural: bool, kind: str, fact: str) -> str:
    """'Product: rice cooker\\nFact (feature): rinse rice before cooking\\nSentence:\\n'."""
    product = f"{for_model(type_noun)} (plural)" if plural else for_model(type_noun)
    return f"Product: {product}\nFact ({kind}): {for_model(' '.join(fact.split()))}\n{PHRASE_CUE}"
