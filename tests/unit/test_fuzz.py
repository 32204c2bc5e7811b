"""Property tests: no input makes validation, checking, repair or image loading raise anything but
their documented errors."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.images import ImageError, load_image
from generator.product import PRODUCT_FIELDS, Product, Style, ValidationError
from generator.quality.factcheck import check, extract_claims, lint
from generator.quality.repair import repair

values = st.one_of(
    st.none(), st.text(max_size=300), st.integers(), st.floats(allow_nan=True), st.booleans(),
    st.lists(st.one_of(st.text(max_size=50), st.integers()), max_size=40),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.binary(max_size=20),
)
keys = st.one_of(st.sampled_from(PRODUCT_FIELDS), st.text(max_size=10))
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.dictionaries(keys, values, max_size=12))
def test_product_validation_only_raises_validation_error(data):
    try:
        product = Product.parse(data)
    except ValidationError as exc:
        assert exc.field and str(exc).startswith(exc.field)
    else:
        assert product.name and all(len(item) <= 200 for item in product.features)


@FUZZ
@given(st.dictionaries(st.sampled_from(["tone", "length", "language"]), values, max_size=3))
def test_style_validation_only_raises_validation_error(data):
    try:
        Style.parse(data)
    except ValidationError as exc:
        assert exc.field in ("tone", "length", "language")


PRODUCT = Product.parse({"name": "Insulated Water Bottle", "size": "750 ml", "materials": "steel",
                         "keywords": "reusable", "features": "keeps drinks cold for 24 hours"})


@FUZZ
@given(st.text(max_size=2000), st.sampled_from(["short", "medium", "long"]))
def test_checker_and_repair_never_raise(text, length):
    style = Style(length=length)
    report = check(text, PRODUCT, style)
    assert 0.0 <= report.coverage <= 1.0
    extract_claims(text)
    lint(text)
    repaired = repair(text, PRODUCT, style)
    assert check(repaired.text, PRODUCT, style).unsupported_claims == []


@FUZZ
@given(st.binary(max_size=4096))
def test_image_loader_only_raises_image_error(data):
    try:
        image = load_image(data)
    except ImageError as exc:
        assert str(exc).startswith("image: ")
    else:
        assert image.mode == "RGB"
