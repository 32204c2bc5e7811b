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
