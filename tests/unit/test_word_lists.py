"""The word lists in generator/data/words/: each file loads, has a header and no duplicate, backs the module
name it always had, and two lists that must not share a word share only the words listed here, each with its
reason. A new overlap fails: either it is a slip (a word in two lists that mean opposite things), or it is
meant, and then it gets a line below.
"""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.quality import analysis, factcheck, lexicon, phrasing, realize
from generator.quality.check import patterns as claim_patterns
from generator.quality.check import terms
from generator.quality.lexicon import WORDS_DIR, load_list, load_table, load_words

FILES = sorted(path.stem for path in WORDS_DIR.glob("*.txt"))
TABLES = {"number_words", "holidays"}  # key<TAB>value files
ORDERED = {"materials", "colours", "certifications", "connectives", "recap_frames", "audience_frames"}

# Each file and the module-level name it backs (names and types as they were when the lists were code).
BACKS: dict[str, tuple[Any, str]] = {
    "number_words": (lexicon, "NUMBER_WORDS"),
    "entity_labels": (lexicon, "ENTITY_LABELS"),
    "extras": (lexicon, "EXTRAS"),
    "audience_words": (lexicon, "AUDIENCE_WORDS"),
    "product_types": (lexicon, "PRODUCT_TYPES"),
    "generic": (lexicon, "GENERIC"),
    "generic_nouns": (lexicon, "GENERIC_NOUNS"),
    "never": (lexicon, "NEVER"),
    "material_words": (lexicon, "MATERIAL_WORDS"),
    "edition_words": (lexicon, "EDITION_WORDS"),
    "materials": (terms, "MATERIALS"),
    "colours": (terms, "COLOURS"),
    "certifications": (terms, "CERTIFICATIONS"),
    "stopwords": (factcheck, "_STOPWORDS"),
    "count_heads": (analysis, "COUNT_HEADS"),
    "mass_heads": (analysis, "MASS_HEADS"),
    "adj_endings": (analysis, "ADJ_ENDINGS"),
    "clause_verbs": (analysis, "CLAUSE_VERBS"),
    "step_next": (analysis, "STEP_NEXT"),
    "spec_labels": (analysis, "SPEC_LABELS"),
    "not_subject": (analysis, "NOT_SUBJECT"),
    "singular_s": (analysis, "SINGULAR_S"),
    "container_heads": (realize, "CONTAINER_HEADS"),
    "part_heads": (realize, "PART_HEADS"),
    "broad_category_heads": (analysis, "BROAD_CATEGORY_HEADS"),
    "type_compounds": (analysis, "TYPE_COMPOUNDS"),
    "unit_words": (analysis, "UNIT_WORDS"),
    "after_verb": (analysis, "AFTER_VERB"),
    "clause_next": (analysis, "CLAUSE_NEXT"),
    "particle_next": (analysis, "PARTICLE_NEXT"),
    "problems": (analysis, "PROBLEMS"),
    "styles": (analysis, "STYLES"),
    "for_heads": (realize, "FOR_HEADS"),
    "acronyms": (analysis, "ACRONYMS"),
    "trailing_qualifiers": (analysis, "TRAILING_QUALIFIERS"),
    "participles": (analysis, "PARTICIPLES"),
    "keyword_verbs": (realize, "KEYWORD_VERBS"),
    "connectives": (realize, "CONNECTIVES"),
    "phrase_glue": (phrasing, "PHRASE_GLUE"),
    "recap_frames": (realize, "RECAP_FRAMES"),
    "audience_frames": (realize, "AUDIENCE_FRAMES"),
    "places": (realize, "PLACES"),
    "people": (realize, "PEOPLE"),
    "occasions": (realize, "OCCASIONS"),
    "events": (realize, "EVENTS"),
    "holidays": (realize, "HOLIDAYS"),
    "qualities": (realize, "QUALITIES"),
    "product_nouns": (realize, "PRODUCT_NOUNS"),
}


@pytest.mark.parametrize("name", FILES)
def test_every_file_loads_with_a_header_and_no_duplicate(name: str) -> None:
    text = (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    module, attr = BACKS[name]
    assert text.startswith(f"# {attr} ({module.__name__})"), "the header says which list it is and what it is for"
    entries = load_list(name)
    assert entries, "no entries"
    assert all(entry and entry == entry.strip() for entry in entries), "blank lines and padding are not entries"
    assert not any(entry.startswith("#") for entry in entries)
    if name in TABLES:
        assert all(entry.count("\t") == 1 for entry in entries), "key<TAB>value, one tab"
        keys = [entry.split("\t")[0] for entry in entries]
        assert len(load_table(name)) == len(entries)
    else:
        assert not any("\t" in entry for entry in entries)
        keys = list(entries)
    assert [key for key, count in Counter(keys).items() if count > 1] == []


def test_every_file_backs_a_module_list_of_the_same_name_and_type() -> None:
    assert set(FILES) == set(BACKS)
    for name, (module, attr) in BACKS.items():
        value = getattr(module, attr)
        if name in TABLES:
            table = load_table(name)
            assert isinstance(value, dict) and list(value) == list(table)
            assert value == (table if name == "holidays" else {k: int(v) for k, v in table.items()})
        elif name in ORDERED:
            assert isinstance(value, tuple) and value == load_list(name)  # order kept: rng.choice, longest-first ties
        elif name == "entity_labels":
            assert isinstance(value, set) and value == set(load_words(name))
        elif name == "mass_heads":
            assert value == load_words(name) | lexicon.MATERIAL_WORDS
        else:
            assert isinstance(value, frozenset) and value == load_words(name)


def test_a_table_line_without_a_tab_is_an_error(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.txt").write_text("# a header\none\t1\ntwo 2\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "WORDS_DIR", tmp_path)
    with pytest.raises(ValueError, match="two 2"):
        lexicon.load_table("broken")
    lexicon.load_list.cache_clear()  # forget the file read from tmp_path


# Pairs of lists that say opposite or exclusive things about a word, and the words they may share (with why).
# A word missing here that both lists hold, or a word here that they no longer share, fails the test.
OVERLAPS: list[tuple[str, frozenset[str], str, frozenset[str], dict[str, str]]] = [
    ("EXTRAS", lexicon.EXTRAS, "PRODUCT_TYPES", lexicon.PRODUCT_TYPES, {
        "belt": "sold on its own (a leather belt) and a part of another product (a coat's belt)",
        "belts": "plural of belt",
        "camera": "a product, and a part of one (a doorbell's camera)",
        "cameras": "plural of camera",
        "charger": "a product (a USB charger), and an extra a device may come with",
        "chargers": "plural of charger",
        "clock": "a product (a wall clock), and a part of one (an oven's clock)",
        "heater": "a product (a fan heater), and a part of one (a kettle's heater)",
        "lamp": "a product (a desk lamp), and a part of one (a cooker hood's lamp)",
        "mic": "a product (a USB mic), and a part of one (a webcam's built-in mic)",
        "lamps": "plural of lamp",
        "shelf": "a product (a wall shelf), and a part of one (a fridge's shelf)",
        "smartphone": "a product, and the extra an app or a mount promises (a smartphone holder)",
        "speaker": "a product (a Bluetooth speaker), and a part of one (a laptop's speaker)",
        "speakers": "plural of speaker",
        "tripod": "a product, and an accessory a camera may come with",
        "tripods": "plural of tripod",
    }),
    ("AUDIENCE_WORDS", lexicon.AUDIENCE_WORDS, "PRODUCT_TYPES", lexicon.PRODUCT_TYPES, {
        "menswear": "names a kind of clothing and whom it is for: both flags are right",
        "womenswear": "names a kind of clothing and whom it is for: both flags are right",
    }),
    ("MATERIAL_WORDS", lexicon.MATERIAL_WORDS, "PRODUCT_TYPES", lexicon.PRODUCT_TYPES, {
        "jersey": "a knit fabric (a jersey dress) and a garment (a football jersey)",
    }),
    # GENERIC is what a model may add; the lists after it are what it may not add unless the facts say so.
    ("GENERIC", lexicon.GENERIC, "NEVER", lexicon.NEVER, {
        "best": "GENERIC for the connective 'Best of all,' (test_phrases); NEVER, checked first, refuses 'the best'",
    }),
    ("GENERIC", lexicon.GENERIC, "EXTRAS", lexicon.EXTRAS, {
        "stands": "the verb ('it stands 30 cm tall') is generic; noun_flags flags only the noun, an extra",
    }),
    ("GENERIC", lexicon.GENERIC, "MATERIAL_WORDS", lexicon.MATERIAL_WORDS, {
        "down": "the preposition is generic; the filling (a down duvet) is a material head",
    }),
    ("GENERIC", lexicon.GENERIC, "PRODUCT_TYPES", lexicon.PRODUCT_TYPES, {}),
    ("GENERIC", lexicon.GENERIC, "AUDIENCE_WORDS", lexicon.AUDIENCE_WORDS, {}),
    ("GENERIC", lexicon.GENERIC, "MATERIALS", frozenset(terms.MATERIALS), {}),
    ("GENERIC", lexicon.GENERIC, "COLOURS", frozenset(terms.COLOURS), {}),
    ("GENERIC", lexicon.GENERIC, "CERTIFICATIONS", frozenset(terms.CERTIFICATIONS), {}),
    # What a model line may call the product must not be another product, an extra, an audience or a claim.
    ("GENERIC_NOUNS", lexicon.GENERIC_NOUNS, "PRODUCT_TYPES", lexicon.PRODUCT_TYPES, {}),
    ("GENERIC_NOUNS", lexicon.GENERIC_NOUNS, "EXTRAS", lexicon.EXTRAS, {}),
    ("GENERIC_NOUNS", lexicon.GENERIC_NOUNS, "AUDIENCE_WORDS", lexicon.AUDIENCE_WORDS, {}),
    ("GENERIC_NOUNS", lexicon.GENERIC_NOUNS, "NEVER", lexicon.NEVER, {}),
    # The checker's three kinds of term.
    ("MATERIALS", frozenset(terms.MATERIALS), "COLOURS", frozenset(terms.COLOURS), {
        "gold": "a metal and its colour: the checker reads either claim",
        "silver": "a metal and its colour: the checker reads either claim",
        "copper": "a metal and its colour: the checker reads either claim",
        "bronze": "a metal and its colour: the checker reads either claim",
    }),
    ("MATERIALS", frozenset(terms.MATERIALS), "CERTIFICATIONS", frozenset(terms.CERTIFICATIONS), {}),
    ("COLOURS", frozenset(terms.COLOURS), "CERTIFICATIONS", frozenset(terms.CERTIFICATIONS), {}),
    # A head is counted or not; a container is not a material; an edition word is not the product's type.
    ("COUNT_HEADS", analysis.COUNT_HEADS, "MASS_HEADS", analysis.MASS_HEADS, {}),
    ("CONTAINER_HEADS", realize.CONTAINER_HEADS, "MATERIAL_WORDS", lexicon.MATERIAL_WORDS, {}),
    ("EDITION_WORDS", lexicon.EDITION_WORDS, "PRODUCT_TYPES", lexicon.PRODUCT_TYPES, {}),
    # realize.keyword_frames tries PLACES, QUALITIES, OCCASIONS, PRODUCT_NOUNS | PRODUCT_TYPES, PEOPLE in this
    # order: a word in two of them gets the first one's frames only.
    ("PLACES", realize.PLACES, "QUALITIES", realize.QUALITIES, {}),
    ("PLACES", realize.PLACES, "OCCASIONS", realize.OCCASIONS, {}),
    ("PLACES", realize.PLACES, "PRODUCT_NOUNS | PRODUCT_TYPES", realize.PRODUCT_NOUNS | lexicon.PRODUCT_TYPES, {
        "desk": "a product, but as a keyword the place it is used: 'perfect for the desk' (PLACES comes first)",
        "table": "a product, but as a keyword the place it is used: 'perfect for the table' (PLACES comes first)",
    }),
    ("PLACES", realize.PLACES, "PEOPLE", realize.PEOPLE, {}),
    ("QUALITIES", realize.QUALITIES, "OCCASIONS", realize.OCCASIONS, {}),
    ("QUALITIES", realize.QUALITIES, "PRODUCT_NOUNS | PRODUCT_TYPES", realize.PRODUCT_NOUNS | lexicon.PRODUCT_TYPES,
     {}),
    ("QUALITIES", realize.QUALITIES, "PEOPLE", realize.PEOPLE, {}),
    ("OCCASIONS", realize.OCCASIONS, "PRODUCT_NOUNS | PRODUCT_TYPES", realize.PRODUCT_NOUNS | lexicon.PRODUCT_TYPES,
     {}),
    ("OCCASIONS", realize.OCCASIONS, "PEOPLE", realize.PEOPLE, {}),
    ("PEOPLE", realize.PEOPLE, "PRODUCT_NOUNS | PRODUCT_TYPES", realize.PRODUCT_NOUNS | lexicon.PRODUCT_TYPES, {}),
]


@pytest.mark.parametrize(("a", "words_a", "b", "words_b", "allowed"), OVERLAPS,
                         ids=[f"{a}-{b}" for a, _, b, _, _ in OVERLAPS])
def test_two_lists_share_only_the_words_allowed(a: str, words_a: frozenset[str], b: str, words_b: frozenset[str],
                                                allowed: dict[str, str]) -> None:
    shared = words_a & words_b
    assert sorted(shared - set(allowed)) == [], f"new overlap of {a} and {b}: a slip, or allow it here with a reason"
    assert sorted(set(allowed) - shared) == [], f"{a} and {b} no longer share these: remove them from the test"


def _each(reason: str, *words: str) -> dict[str, str]:
    return dict.fromkeys(words, reason)


# terms.MATERIALS (what the checker reads as a material claim) and lexicon.MATERIAL_WORDS (what analysis and
# the realizer take for a material head) are two lists on purpose. Merging them would change texts: a word added
# to the checker flags sentences it passes now, a word added to the heads changes articles and "made from"
# clauses. Every difference is listed, so that closing one is a decision, not an accident.
ONLY_CHECKED: dict[str, str] = {
    **_each("a phrase: the checker matches the whole phrase; the heads are single words", "stainless steel",
            "cast iron", "faux leather", "vegan leather", "organic cotton", "memory foam", "carbon fiber",
            "carbon fibre", "sterling silver"),
    **_each("an adjective ('a wooden handle'): a claim the checker reads, never a head noun", "wooden"),
    **_each("a trade name: checked as a claim, not taken for a head", "gore-tex", "kevlar"),
}
ONLY_HEADS: dict[str, str] = {
    **_each("a wood the realizer says 'made from'; the checker knows only wood, bamboo, oak, walnut, pine, teak",
            "ash", "beech", "birch", "cedar", "mahogany", "maple", "pakkawood", "rosewood", "spruce", "hardwood",
            "plywood", "mdf"),
    **_each("a fibre, yarn or weave the realizer says 'made from'; not (yet) a material claim the checker reads",
            "acetate", "alpaca", "flax", "hemp", "jute", "lambswool", "lyocell", "mohair", "rayon", "sisal",
            "tencel", "viscose", "twill", "rattan", "wicker"),
    **_each("a plastic, an alloy or a finish the realizer says 'made from'; not (yet) a claim the checker reads",
            "abs", "polyurethane", "pu", "tpu", "resin", "enamel", "chrome", "alloy"),
    **_each("a mineral or a wax the realizer says 'made from'; not (yet) a material claim the checker reads",
            "clay", "terracotta", "wax", "soy"),
    **_each("the British spelling of the checker's 'fiberglass', which the checker lacks", "fibreglass"),
    **_each("a substance merchants list as a material (seventh blind round: 'has a metallic foil', 'features a 100% "
            "fluorocarbon'), said 'made from'; not (yet) a material claim the checker reads", "polystyrene",
            "fluorocarbon", "duroplast", "melamine", "polyamide", "microfibre", "polyethylene", "tpe", "tpr", "pla",
            "ripstop", "velour", "terry", "muslin", "pongee", "percale", "poplin", "tulle", "lycra", "polycotton",
            "hollowfibre", "coir", "quartz", "zirconia", "calfskin", "sheepskin", "hickory", "sandalwood", "foil",
            "beeswax", "carbonate", "fabric", "metal", "wadding", "padding", "stuffing", "blend", "fibre", "fiber",
            "vermeil", "plating", "flannel"),
    **_each("a material after a product's type (thirteenth round: 'PICKLEBALL PADDLE CARBON' was 'this paddle "
            "carbon'); the checker reads 'carbon fiber', and 'carbon' alone is no claim", "carbon"),
    **_each("also an everyday word (down the hill, felt soft, modal dialog, a football jersey): as a claim it would "
            "misfire", "down", "felt", "modal", "jersey"),
}


def test_the_checkers_materials_and_the_material_heads_differ_only_as_listed() -> None:
    checked, heads = frozenset(terms.MATERIALS), lexicon.MATERIAL_WORDS
    assert sorted(checked - heads) == sorted(ONLY_CHECKED)
    assert sorted(heads - checked) == sorted(ONLY_HEADS)


# keyword_frames reads EVENTS only for a keyword that is a place: an event that is no place is never read.
EVENTS_NOT_PLACES: dict[str, str] = {}  # "wedding" and "barbecue" were, until they became places too ("perfect
# for a wedding", not "ideal for wedding")


def test_events_are_places_but_for_the_ones_listed() -> None:
    assert sorted(realize.EVENTS - realize.PLACES) == sorted(EVENTS_NOT_PLACES)


# A handful of closed-class words may stay in code, next to the rule that uses them; a longer list is data.
MOST_WORDS_IN_CODE = 12


def _literal_words(node: ast.AST) -> int:
    """How many string constants a literal collection holds: a list, tuple, set or dict of strings, or
    frozenset("a b c".split()); 0 for anything else."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        values = node.elts
    elif isinstance(node, ast.Dict):
        values = [key for key in node.keys if key is not None]
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
          and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
        return len(node.func.value.value.split())
    else:
        return 0
    strings = [v for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return len(strings) if len(strings) == len(values) else 0


def test_no_word_list_is_defined_in_the_quality_code() -> None:
    quality = Path(lexicon.__file__).parent
    found = []
    for path in sorted(quality.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            count = _literal_words(node)
            if count > MOST_WORDS_IN_CODE:
                found.append(f"{path.name}:{node.lineno} ({count} words)")
    assert found == [], "move these lists to generator/data/words/ (or data/*.toml)"


def test_the_pattern_and_phrase_tables_compile_and_fill() -> None:
    import re

    from generator.quality import phrases

    table = lexicon.load_data("claim_patterns")
    written = [(group, kind, pattern) for group in claim_patterns.GROUPS for kind, patterns in table[group].items()
               for pattern in patterns]
    assert all(re.compile(pattern) and claim_patterns.spell_out(pattern) for _, _, pattern in written)
    tokens = [pattern for group in table["tokens"].values() for patterns in group.values() for pattern in patterns]
    _, keys = claim_patterns._matcher()  # every pattern is one Matcher key
    assert len(keys) == len(written) + len(tokens)
    assert set(phrases.OPENINGS) == set(phrases.CLOSINGS) == set(phrases.GROUP_PRESETS) == set(
        phrases.TONE_GROUPS.values())
    slots = {"n": "Rain Boots", "t": "rain boots", "a": "rain boots", "a_new": "new rain boots"}
    for lines in phrases.OPENINGS.values():
        assert len(lines) == 16 and all(line.format(**slots) for line in lines)
