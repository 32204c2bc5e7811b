"""The batch CSV: formula cells, the template and unusable files (no model); rows on a scripted engine."""
import csv
import io

import pytest

from generator.batch import MAX_ROWS, BatchError, neutralise, read_rows, template_csv


@pytest.mark.parametrize("cell, expected", [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-5", "'-5"),
                                            ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain"), (None, "")])
def test_formula_cells_are_neutralised(cell, expected):
    assert neutralise(cell) == expected


def test_template_has_every_describe_column():
    columns = next(csv.reader(io.StringIO(template_csv())))
    for column in ("name", "category", "brand", "features", "materials", "color", "size", "audience", "keywords",
                   "tone", "length", "language"):
        assert column in columns


@pytest.mark.parametrize(
    "content, fragment",
    [(b"", "empty"), (b"title,brand\nx,y\n", "needs a 'name' column"), (b"name\n", "no rows"),
     (b"name\n\xff\xfe\x00bad\n", "not UTF-8"),
     (("name\n" + "x\n" * (MAX_ROWS + 1)).encode(), "more than 1000 rows")],
)
def test_unusable_files_say_why(tmp_path, content, fragment):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(BatchError, match=fragment):
        read_rows(path)


# --- issue 15 (CSV rules) and issue 14 (resume) --------------------------------------------------------

@pytest.mark.parametrize(
    "content, fragment",
    [(b"name,name,features,features\nA,B,c,d\n", "the column 'name' appears more than once"),
     (b"name,Features,features\nA,c,d\n", "the column 'Features' appears more than once"),
     (b"name,error\nMug,my own note\n", "already has a column 'error', which the result would overwrite"),
     (b"name,coverage\nMug,full\n", "already has a column 'coverage'"),
     (b"name,features\nMug,safe,red\n", "row 1 has 3 cells but the header has 2 columns"),
     (b"title;brand\nx;y\n", "its header, read as separated by semicolons, has 'title', 'brand'")],
    ids=["duplicate", "duplicate-case", "error-column", "coverage-column", "extra-cell", "semicolons-no-name"],
)
def test_csv_rules_say_what_is_wrong(tmp_path, content, fragment):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(BatchError, match=fragment):
        read_rows(path)


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_the_separator_is_detected_and_kept(tmp_path, delimiter):
    path = tmp_path / "in.csv"
    with open(path, "w", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([["name", "features", "color"],
                                                           ["Mug", "dishwasher safe, 350 ml", "red"]])
    batch = read_rows(path)
    assert batch.delimiter == delimiter and batch.rows == [
        {"name": "Mug", "features": "dishwasher safe, 350 ml", "color": "red"}]


def scripted_service():
    from generator.service import DescriptionService
    from generator.settings import Settings
    from tests.fakes import ScriptedTextEngine, ScriptedVisionEngine

    service = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=ScriptedTextEngine(),
                                 vision_engine=ScriptedVisionEngine())
    service.load()
    return service


def test_rows_with_a_description_are_kept_and_the_rest_described(tmp_path):
    from generator.batch import run_batch
    from tests.helpers import read_csv, write_csv

    source = write_csv(tmp_path / "partial.csv", [
        {"sku": "1", "name": "Water Bottle", "description": "Written by hand.", "error": ""},
        {"sku": "2", "name": "Water Bottle", "description": "", "error": "an earlier failure"},
        {"sku": "3", "name": "Water Bottle", "description": "", "error": ""},
    ])
    out = tmp_path / "out.csv"
    assert list(run_batch(scripted_service(), source, out, {})) == [(0, 2), (1, 2), (2, 2)]
    result = read_csv(out)
    assert [row["sku"] for row in result] == ["1", "2", "3"]
    assert result[0]["description"] == "Written by hand." and result[0]["coverage"] == ""
    assert all(row["description"] and not row["error"] for row in result[1:])
    assert list(result[0]) == ["sku", "name", "description", "error", "coverage", "unsupported_claims", "seo_title",
                               "seo_description", "near_duplicate"]


def test_every_row_is_in_the_file_from_the_start_and_a_done_file_runs_nothing(tmp_path):
    from generator.batch import run_batch
    from tests.helpers import read_csv, write_csv

    source = write_csv(tmp_path / "in.csv", [{"name": f"Mug {i}"} for i in range(3)])
    out = tmp_path / "out.csv"
    steps = run_batch(scripted_service(), source, out, {})
    assert next(steps) == (0, 3)
    assert [row["description"] for row in read_csv(out)] == ["", "", ""]  # valid, every row, none done
    assert list(steps) == [(1, 3), (2, 3), (3, 3)]
    again = tmp_path / "again.csv"
    assert list(run_batch(scripted_service(), out, again, {})) == [(0, 0)]
    assert read_csv(again) == read_csv(out)


def test_an_internal_error_on_one_row_costs_only_that_row(tmp_path):
    from generator.batch import run_batch
    from tests.helpers import read_csv, write_csv

    service = scripted_service()
    describe = service.describe

    def fail_on_the_second(product, *args, **kwargs):  # a fault injected on purpose: a bug met by one row
        if product["name"] == "Mug 1":
            raise IndexError("Cannot choose from an empty sequence")
        return describe(product, *args, **kwargs)

    service.describe = fail_on_the_second
    source = write_csv(tmp_path / "in.csv", [{"name": f"Mug {i}"} for i in range(3)])
    out = tmp_path / "out.csv"
    assert list(run_batch(service, source, out, {}))[-1] == (3, 3)
    result = read_csv(out)
    assert result[0]["description"] and result[2]["description"]
    assert result[1]["description"] == "" and result[1]["error"].startswith("internal error (IndexError) on this row")


# --- issue 24: CSVs as shops and spreadsheets write them ---------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    ("name,features\nCafé Mug,dishwasher safe\n".encode("cp1252"), "cp1252"),  # Excel's plain CSV on Windows
    ("name,features\nCafé Mug,dishwasher safe\n".encode("utf-8-sig"), "utf-8-sig"),  # Excel's CSV UTF-8
    ("name,features\nCafé Mug,dishwasher safe\n".encode(), "utf-8"),
], ids=["windows-1252", "utf-8-bom", "utf-8"])
def test_excel_encodings_are_read_and_said(tmp_path, data, encoding):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    batch = read_rows(path)
    assert batch.encoding == encoding and batch.rows[0]["name"] == "Café Mug"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_ending_is_read(tmp_path, ending):
    path = tmp_path / "in.csv"
    path.write_bytes(ending.join(["name,features", 'Mug,"dishwasher safe, microwave safe"', "Bowl,stackable", ""])
                     .encode())
    assert [row["name"] for row in read_rows(path).rows] == ["Mug", "Bowl"]


def test_a_bom_in_is_a_bom_out_and_none_in_is_none_out(tmp_path):
    from generator.batch import run_batch

    for bom, name in ((True, "bom.csv"), (False, "plain.csv")):
        source = tmp_path / name
        source.write_bytes(("\ufeff" if bom else "").encode() + "name\nCafé Mug\n".encode())
        out = tmp_path / f"out-{name}"
        list(run_batch(scripted_service(), source, out, {}))
        assert out.read_bytes().startswith(b"\xef\xbb\xbf") is bom
        assert "Café Mug" in out.read_text(encoding="utf-8-sig")


def test_a_file_in_neither_encoding_says_how_to_save_it(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"name\nMug \x81\x8d\n")
    with pytest.raises(BatchError, match="CSV UTF-8"):
        read_rows(path)


def test_a_batch_says_how_much_of_it_sounds_the_same_and_marks_the_rows():
    """Issue 21: catalogue sameness. Ten mugs from the template writer, one seed: the batch spreads their
    openings over the bank, they still share closing lines, and the figure says so with each row marked."""
    import tempfile
    from pathlib import Path

    from generator.batch import run_batch
    from tests.helpers import read_csv, write_csv

    with tempfile.TemporaryDirectory() as folder:
        source = write_csv(Path(folder) / "in.csv", [{"name": f"Ceramic Mug {i}", "features": "dishwasher safe",
                                                       "length": "short", "seed": "1"} for i in range(10)])
        said: list[str] = []
        list(run_batch(scripted_service(), source, Path(folder) / "out.csv", {}, on_layout=said.append))
        rows = read_csv(Path(folder) / "out.csv")
    assert said and said[-1].startswith("Sameness: ") and "of 10 descriptions" in said[-1]
    assert sum("closing" in row["near_duplicate"] for row in rows) >= 5  # the closing lines are shared
    assert not any("opening" in row["near_duplicate"] for row in rows)  # ten openings, each its own


def test_sameness_of_distinct_texts_is_zero():
    from generator.product import Product
    from generator.sameness import sameness

    products = [Product.parse({"name": name}) for name in ("Mug", "Lamp")]
    share, shared = sameness(["A sturdy mug for mornings at home.", "Bright light over any desk you own."], products)
    assert share == 0.0 and shared == [[], []]


def test_the_glossary_comes_from_a_column_or_the_batch_setting(tmp_path):
    from generator.batch import run_batch
    from tests.helpers import read_csv, write_csv

    bottle = {"name": "Water Bottle", "features": "leak-proof lid; keeps drinks cold", "brand": "Hydrova"}
    source = write_csv(tmp_path / "in.csv", [
        {**bottle, "banned": "", "required": ""},  # the batch's setting
        {**bottle, "banned": "cold", "required": "Ships in 24 hours"},  # its own
        {**bottle, "name": "Leak-proof Bottle", "banned": "", "required": ""},  # the setting bans its name
    ])
    out = tmp_path / "out.csv"
    list(run_batch(scripted_service(), source, out, {"banned": "leak-proof", "length": "short"}))
    rows = read_csv(out)
    assert "leak-proof" not in rows[0]["description"].lower() and not rows[0]["error"]
    assert "cold" not in rows[1]["description"].lower() and "leak-proof" in rows[1]["description"].lower()
    assert rows[1]["description"].count("Ships in 24 hours") == 1
    assert rows[2]["description"] == "" and rows[2]["error"].startswith("banned: “leak-proof” is in the product name")
