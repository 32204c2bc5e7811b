"""What merchant text may not carry to the model or into a description: instructions, markup, huge words.

- **Instructions to the model** are found after folding look-alike characters to their Unicode TS #39
  skeleton (`disarm.skeleton_key`: Cyrillic о, Greek ι, fullwidth and mathematical letters, …), case
  and accents, so "Ignоre previоus instructiоns" (Cyrillic о) reads as the English it imitates. The
  phrasings cover the languages the app writes: English, French, German, Spanish, Italian, Portuguese
  and Dutch.
- **Markup**: a `<` directly followed by a letter, `/`, `!` or `?` starts an HTML tag; "<3" and
  "< 10 cm" are text.
- **Words longer than MAX_WORD_CHARS** letters: no product word is that long, and such runs made
  the small model echo its instructions. Scripts written without spaces (Chinese, Japanese, Thai, …)
  are not counted as one word.
- **Emoji** are kept in the facts (and so in the report and the CSV, unchanged) but left out of what
  the model reads (`for_model`): flag and family sequences made it echo its prompt, or mangle a flag
  into another symbol.
"""
from __future__ import annotations

import re
import unicodedata

import regex
from disarm import skeleton_key

__all__ = ["MAX_WORD_CHARS", "fold", "for_model", "has_markup", "longest_word", "looks_like_instruction",
           "strip_markup"]

MAX_WORD_CHARS = 40

# Verbs that tell a reader to drop what it was told, and the nouns for what it was told, per language,
# written as the fold below leaves them (lower case, no accents, TS #39 prototypes).
_DROP_VERBS = {
    "en": "ignore|ignoring|disregard|forget|override|skip|bypass",
    "fr": "ignore[rz]?|oublie[rz]?|neglige[rz]?|contourne[rz]?",
    "de": "ignoriere?n?|vergiss|vergessen?|missachte?n?|uberspringe?n?",
    "es": "ignora[rn]?|ignoren|olvida[rn]?|olvide[n]?|descarta[rn]?|omite[n]?|omitir",
    "it": "ignora(?:re|te)?|ignori|dimentica(?:re|te)?|dimentichi|trascura(?:re|te)?",
    "pt": "ignore[m]?|ignora[r]?|esqueca[m]?|esquece[r]?|desconsidere[m]?|desconsidera[r]?",
    "nl": "negeer|negeren|vergeet|vergeten|ignoreer|ignoreren|overschrijf",
}
_ORDERS = {
    "en": "instructions?|prompts?|rules|directions|guidelines",
    "fr": "instructions?|consignes?|regles|directives|prompts?",
    "de": "anweisungen|anweisung|instruktionen|regeln|vorgaben|befehle|prompts?",
    "es": "instrucciones|instruccion|reglas|indicaciones|ordenes|directrices",
    "it": "istruzioni|istruzione|regole|indicazioni|direttive",
    "pt": "instrucoes|instrucao|regras|orientacoes|comandos|diretrizes",
    "nl": "instructies|instructie|regels|aanwijzingen|opdrachten|richtlijnen",
}
# "You are now a …", "new instructions", "system prompt", role play, per language.
_OTHER_PHRASES = (
    r"you are now|new instructions?|(?:system|developer) (?:prompt|message|instructions?)"
    r"|act as (?:an?|the) (?:ai|assistant|model|chatbot)"
    r"|(?:tu es|vous etes) (?:maintenant|desormais) (?:un|une|le|la)|nouvelles? instructions"
    r"|(?:prompt|message|instructions?) (?:du )?systeme"
    r"|du bist (?:jetzt|nun) (?:ein|eine|der|die|das)|neue anweisungen|system-?(?:prompt|nachricht|anweisung)"
    r"|ahora eres (?:un|una|el|la)|nuevas instrucciones|(?:prompt|mensaje) del sistema"
    r"|(?:ora|adesso) sei (?:un|una|il|lo|la)|nuove istruzioni|(?:prompt|messaggio) di sistema"
    r"|(?:agora voce e|voce agora e) (?:um|uma|o|a)|novas instrucoes|(?:prompt|mensagem) do sistema"
    r"|(?:je|u) bent nu (?:een|de|het)|nieuwe instructies|systeem-?(?:prompt|bericht|instructies)"
)
_INSTRUCTION_RE = re.compile((
    r"\b(?:" + "|".join(_DROP_VERBS.values()) + r")\b[^.!?;]{0,40}?\b(?:" + "|".join(_ORDERS.values()) + r")\b"
    r"|\b(?:" + _OTHER_PHRASES + r")\b"
).replace("l", "i"))  # as fold() reads text: l and i are one letter (no regex syntax above uses an l)
# Chat-template tokens, matched on the text itself (the skeleton folds `|` into `l`).
_CHAT_TOKEN_RE = re.compile(r"<\|[a-z_]+\|>|\[/?INST\]|<</?SYS>>", re.IGNORECASE)

_MARKUP_RE = re.compile(r"<[A-Za-z/!?]")
_TAG_RE = re.compile(r"<[A-Za-z/!?][^<>]*>?")
_SPACES_RE = re.compile(r"[ \t]{2,}")
# A run of word characters, not counting scripts written without spaces between words.
_LONG_WORD_RE = regex.compile(
    r"(?:(?![\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}])\w)"
    + "{" + str(MAX_WORD_CHARS + 1) + ",}"
)
_GRAPHEME_RE = regex.compile(r"\X")
_EMOJI_PART_RE = regex.compile(r"\p{Regional_Indicator}|\p{Emoji_Modifier}|[\u200d\ufe0f\u20e3\U000E0020-\U000E007F]")
_PICTOGRAPHIC_RE = regex.compile(r"\p{Extended_Pictographic}|[#*0-9]")
_PRESENTATION_RE = regex.compile(r"\p{Emoji_Presentation}|\p{Regional_Indicator}")


def fold(text: str) -> str:
    """Text as the instruction filter reads it: compatibility forms (fullwidth, mathematical letters) and case
    folded, look-alikes mapped to their TS #39 prototype (Cyrillic о to o), accents dropped, and l read as i:
    TS #39 folds I to l, and case folding makes i of it, so "lgnore" may be a capital I."""
    skeleton = skeleton_key(unicodedata.normalize("NFKC", text).casefold())
    decomposed = unicodedata.normalize("NFD", skeleton)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().replace("l", "i")


def looks_like_instruction(text: str) -> bool:
    """Whether `text` talks to the model (in any of the app's languages, look-alike letters or not)."""
    return bool(_CHAT_TOKEN_RE.search(text) or _INSTRUCTION_RE.search(fold(text)))


def has_markup(text: str) -> bool:
    return bool(_MARKUP_RE.search(text))


def strip_markup(text: str) -> tuple[str, int]:
    """`text` without HTML tags, and how many were removed."""
    cleaned, count = _TAG_RE.subn("", text)
    return (_SPACES_RE.sub(" ", cleaned).strip() if count else text), count


def longest_word(text: str) -> int:
    """The length of the longest run of letters and digits over MAX_WORD_CHARS, else 0."""
    return max((len(match) for match in _LONG_WORD_RE.findall(text)), default=0)


def _is_emoji(grapheme: str) -> bool:
    if _PRESENTATION_RE.match(grapheme):
        return True
    return bool(_PICTOGRAPHIC_RE.match(grapheme) and _EMOJI_PART_RE.search(grapheme))


def for_model(text: str) -> str:
    """`text` as the model reads it: emoji (flags, families, skin tones, keycaps) left out."""
    if text.isascii():
        return text
    kept = [grapheme for grapheme in _GRAPHEME_RE.findall(text) if not _is_emoji(grapheme)]
    return " ".join("".join(kept).split())
