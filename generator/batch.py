"""CSV batch: read rows of products, describe each, write a result CSV that keeps every column.

A bad row gets its error in its own row; every other row still runs. The result file is
rewritten after each row, so a cancelled job still holds every row already done.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .errors import BatchError, GeneratorError
from .product import PRODUCT_FIELDS, parse_seed

__all__ = ["MAX_ROWS", "RESULT_COLUMNS", "BatchError", "neutralise", "read_rows", "run_batch", "template_csv"]

MAX_ROWS = 1000
MAX_CSV_BYTES = 5 * 1024 * 1024
STYLE_COLUMNS = ("tone", "length", "language", "seed")
RESULT_COLUMNS = ("description", "coverage", "unsupported_claims", "error")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEMPLATE_ROWS = [
    {"name": "Insulated Water Bottle", "category": "Drinkware", "brand": "Hydrova",
     "features": "keeps drinks cold for 24 hours; leak-proof screw lid", "materials": "stainless steel",
     "color": "matte black", "size": "750 ml", "audience": "hikers and commuters", "keywords": "reusable, BPA-free",
     "tone": "friendly", "length": "medium", "language": "English", "seed": ""},
]


def neutralise(cell: Any) -> str:
    """Defuse spreadsheet formulas: a cell starting with = + - @ is prefixed with a quote."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(TEMPLATE_ROWS[0]))
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS)
    return buffer.getvalue()


def read_rows(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise BatchError("the CSV is empty")
    if size > MAX_CSV_BYTES:
        raise BatchError(f"the CSV is {size / 1e6:.1f} MB; the limit is {MAX_CSV_BYTES // (1024 * 1024)} MB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BatchError("the CSV is not UTF-8 text") from None
    try:
        reader = csv.DictReader(io.StringIO(text))
        columns = [column.strip() for column in (reader.fieldnames or [])]
        if "name" not in columns:
            raise BatchError("the CSV needs a 'name' column (download the template to see every column)")
        rows: list[dict[str, str]] = []
        for row in reader:
            if len(rows) == MAX_ROWS:
                raise BatchError(f"the CSV has more than {MAX_ROWS} rows; split it into smaller files")
            rows.append({column.strip(): (value or "") for column, value in row.items() if column is not None})
    except csv.Error as exc:
        raise BatchError(f"the CSV cannot be read: {exc}") from None
    if not rows:
        raise BatchError("the CSV has a header but no rows")
    return columns, rows


def _row_inputs(row: dict[str, str], defaults: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], int | None]:
    product = {key: row.get(key) or None for key in PRODUCT_FIELDS}
    product["features"] = (row.get("features") or "").replace(";", "\n") or None
    style = {key: row.get(key) or defaults.get(key) for key in ("tone", "length", "language")}
    # The seed column follows the API's rule (generator.product.parse_seed): -1 or empty is random.
    seed_text = (row.get("seed") or "").strip()
    seed = int(seed_text) if re.fullmatch(r"-?\d+", seed_text) else seed_text or defaults.get("seed")
    return product, style, parse_seed(seed)


def describe_row(service: Any, row: dict[str, str], defaults: dict[str, Any],
                 client: str | None = None) -> dict[str, str]:
    try:
        product, style, seed = _row_inputs(row, defaults)
        result = service.describe(product, style, seed=seed, client=client)
    except GeneratorError as exc:  # a bad row or a model problem: said in the row, the other rows run
        return {"description": "", "coverage": "", "unsupported_claims": "", "error": str(exc)}
    check = result.report["check"]
    return {"description": result.text, "coverage": f"{check['coverage']:.2f}",
            "unsupported_claims": "; ".join(check["unsupported_claims"]), "error": ""}


def write_result(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    fieldnames = columns + [column for column in RESULT_COLUMNS if column not in columns]
    partial = path.with_suffix(".tmp")
    with open(partial, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: neutralise(value) for key, value in row.items()})
    partial.replace(path)  # readers never see a half-written file


def run_batch(
    service: Any, csv_path: str | Path, out_path: str | Path, defaults: dict[str, Any], workers: int = 1,
    should_stop: Callable[[], bool] = lambda: False, client: str | None = None,
) -> Iterator[tuple[int, int]]:
    """Describe every row; yields (rows done, rows total) after each, with out_path rewritten each time."""
    columns, rows = read_rows(csv_path)
    out_path = Path(out_path)
    done: list[dict[str, str] | None] = [None] * len(rows)
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        futures = [pool.submit(describe_row, service, row, defaults, client) for row in rows]
        for index, future in enumerate(futures):
            done[index] = future.result()
            write_result(out_path, columns, [{**rows[i], **result} for i, result in enumerate(done) if result])
            yield index + 1, len(rows)
            if should_stop():
                return
    finally:
        # On cancel (or GeneratorExit from the UI), rows not started are dropped; the file keeps the rest.
        pool.shutdown(wait=False, cancel_futures=True)
