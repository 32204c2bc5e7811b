"""CSV batch: read rows of products, describe each, write a result CSV that keeps every column.

A bad row gets its error in its own row, and so does an internal error met by one row; every other row
still runs.

Nothing is lost or overwritten silently:
- The result file holds every row from the start, and is replaced as each row finishes (written to a
  temporary file, flushed and fsynced, then renamed over the result), so a stop, a crash or a restart
  leaves a valid CSV with every row: the rows done so far carry their description, the others none.
- A CSV that already has a `description` column (such a partial result) resumes: rows with a description
  are kept as they are and not described again; only the rest run, and the progress counts only them.
- A CSV with `coverage`, `unsupported_claims` or `error` but no `description` column is refused rather
  than overwritten; so is one whose header names a column twice, or a row with more cells than the header.
- `;`-, tab- and `|`-separated files are read as such (csv.Sniffer), and the result keeps the separator.
- UTF-8 with or without a BOM, else Windows-1252 (Excel's plain CSV on Windows); LF, CRLF or CR line ends.
  The result is UTF-8, with a BOM when the input had one.
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import shops
from .errors import BatchError, GeneratorError
from .product import MAX_SEED, PRODUCT_FIELDS, Product, parse_seed
from .sameness import OpeningSpread, sameness
from .textsafety import strip_markup

log = logging.getLogger(__name__)

__all__ = ["MAX_ROWS", "RESULT_COLUMNS", "BatchError", "BatchInput", "neutralise", "read_rows", "run_batch",
           "template_csv"]

MAX_ROWS = 1000
MAX_CSV_BYTES = 5 * 1024 * 1024
STYLE_COLUMNS = ("tone", "length", "language", "seed", "banned", "required")
STYLE_KEYS = ("tone", "length", "language", "banned", "required")  # a column, else the batch's setting
RESULT_COLUMNS = ("description", "coverage", "unsupported_claims", "error", "seo_title", "seo_description",
                  "near_duplicate")
DELIMITERS = ",;\t|"
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAC_LINE_ENDS = re.compile(r"\r(?!\n)")

TEMPLATE_ROWS = [
    {"name": "Insulated Water Bottle", "category": "Drinkware", "brand": "Hydrova",
     "features": "keeps drinks cold for 24 hours; leak-proof screw lid", "materials": "stainless steel",
     "color": "matte black", "size": "750 ml", "audience": "hikers and commuters", "keywords": "reusable, BPA-free",
     "tone": "friendly", "length": "medium", "language": "English", "seed": "", "banned": "", "required": ""},
]


def neutralise(cell: Any) -> str:
    """Defuse spreadsheet formulas: a cell starting with = + - @ is prefixed with a quote."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _restore(cell: str) -> str:
    """A cell of an earlier result as the merchant typed it (neutralise undone), for describing it."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS) else cell


def template_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(TEMPLATE_ROWS[0]))
    writer.writeheader()
    writer.writerows(TEMPLATE_ROWS)
    return buffer.getvalue()


@dataclass
class BatchInput:
    columns: list[str]
    rows: list[dict[str, str]]
    delimiter: str = ","
    encoding: str = "utf-8"  # as read: utf-8, utf-8-sig (with a BOM) or cp1252; the result keeps a BOM

    @property
    def resumes(self) -> bool:
        """An earlier (partial) result: rows that have a description are kept."""
        return "description" in self.columns

    def is_done(self, row: dict[str, str]) -> bool:
        return self.resumes and bool((row.get("description") or "").strip())


def _header(text: str, delimiter: str) -> list[str]:
    return [column.strip() for column in next(csv.reader(io.StringIO(text), delimiter=delimiter), [])]


def _delimiter(text: str) -> str:
    """The separator: csv.Sniffer's guess on the first lines, kept only if it gives a `name` column."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        guess = ","
    for delimiter in dict.fromkeys(guess + DELIMITERS):
        header = _header(text, delimiter)
        if "name" in header or shops.detect(header):
            return delimiter
    return guess


def _check_columns(columns: list[str]) -> None:
    seen: dict[str, str] = {}
    for column in columns:
        key = column.casefold()
        if key in seen:
            if not column:
                raise BatchError("the header has more than one empty column name; name every column")
            raise BatchError(f"the column '{seen[key]}' appears more than once in the header; each column may "
                             "appear once (rename or remove the copy, or its cells would be lost)")
        seen[key] = column


def read_rows(path: str | Path) -> BatchInput:
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise BatchError("the CSV is empty")
    if size > MAX_CSV_BYTES:
        raise BatchError(f"the CSV is {size / 1e6:.1f} MB; the limit is {MAX_CSV_BYTES // (1024 * 1024)} MB")
    text, encoding = _decode(path.read_bytes())
    # Old Mac files end lines with CR alone; csv reads LF and CRLF, and CR inside quoted cells is kept.
    text = _MAC_LINE_ENDS.sub("\n", text) if "\n" not in text else text
    try:
        delimiter = _delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        columns = [column.strip() for column in next(reader, [])]
        if "name" not in columns and not shops.detect(columns):
            raise BatchError("the CSV needs a 'name' column (download the template to see every column); "
                             f"its header, read as separated by {_DELIMITER_NAMES[delimiter]}, has "
                             f"{', '.join(repr(column) for column in columns[:8]) or 'no column'}")
        _check_columns(columns)
        rows: list[dict[str, str]] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if len(rows) == MAX_ROWS:
                raise BatchError(f"the CSV has more than {MAX_ROWS} rows; split it into smaller files")
            if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns):]):
                raise BatchError(f"row {len(rows) + 1} has {len(cells)} cells but the header has {len(columns)} "
                                 f"column{'s' if len(columns) > 1 else ''}; quote any cell that holds the separator")
            rows.append({column: (cells[index] if index < len(cells) else "") for index, column in enumerate(columns)})
    except csv.Error as exc:
        raise BatchError(f"the CSV cannot be read: {exc}") from None
    if not rows:
        raise BatchError("the CSV has a header but no rows")
    if "description" not in columns and not shops.detect(columns):
        for column in RESULT_COLUMNS[1:]:
            if column in columns and any(row[column].strip() for row in rows):
                raise BatchError(f"the CSV already has a column '{column}', which the result would overwrite; "
                                 "rename it (a result file of this app, which has a 'description' column, resumes "
                                 "instead)")
    return BatchInput(columns, rows, delimiter, encoding)


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: UTF-8 (with or without Excel's BOM), else Windows-1252, the
    encoding Excel on Windows saves a plain "CSV" in."""
    save_as = "in Excel, save it with File > Save As > 'CSV UTF-8 (comma delimited)'"
    if b"\x00" in data:  # UTF-16 ("Unicode Text") or a binary file: no CSV of text holds NUL bytes
        raise BatchError(f"the CSV is not UTF-8 text (it looks like UTF-16 or a binary file); {save_as}")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            raise BatchError(f"the CSV starts as UTF-8 but is not valid UTF-8 text; {save_as}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise BatchError(f"the CSV is not UTF-8 text, nor Windows-1252; {save_as}") from None
    return text, "cp1252"


def _row_inputs(row: dict[str, str], defaults: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], int | None]:
    product = {key: row.get(key) or None for key in PRODUCT_FIELDS}
    product["features"] = (row.get("features") or "").replace(";", "\n") or None
    style = {key: row.get(key) or defaults.get(key) for key in STYLE_KEYS}
    # The seed column follows the API's rule (generator.product.parse_seed): -1 or empty is random.
    seed_text = (row.get("seed") or "").strip()
    seed = int(seed_text) if re.fullmatch(r"-?\d+", seed_text) else seed_text or defaults.get("seed")
    return product, style, parse_seed(seed)


def describe_row(service: Any, row: dict[str, str], defaults: dict[str, Any],
                 client: str | None = None, spread: OpeningSpread | None = None) -> dict[str, str]:
    try:
        product, style, seed = _row_inputs(row, defaults)
        result = service.describe(product, style, seed=seed, client=client,
                                  avoid_openings=spread.avoid() if spread else None)
        if spread:
            spread.record(strip_markup(result.text)[0], result.product)
    except GeneratorError as exc:  # a bad row or a model problem: said in the row, the other rows run
        return {"description": "", "coverage": "", "unsupported_claims": "", "error": str(exc), "seo_title": "",
                "seo_description": ""}
    except Exception as exc:  # a bug met by this row only: logged, said in the row, and the other rows still run
        log.exception("batch row failed with an internal error")
        return {"description": "", "coverage": "", "unsupported_claims": "", "seo_title": "", "seo_description": "",
                "error": f"internal error ({type(exc).__name__}) on this row; the other rows ran. Please report it"}
    check, seo = result.report["check"], result.report["seo"]
    return {"description": result.text, "coverage": f"{check['coverage']:.2f}",
            "unsupported_claims": "; ".join(check["unsupported_claims"]), "error": "",
            "seo_title": seo["title"], "seo_description": seo["description"]}


def write_result(path: Path, columns: list[str], rows: list[dict[str, str]], delimiter: str = ",",
                 bom: bool = False, exact: bool = False) -> None:
    """Replace `path` with these rows, durably: a crash leaves either the old file or the new one, whole. The
    result is UTF-8, with a BOM when the input had one (Excel reads accents right only then). `exact` (a shop's
    own export): the columns and every cell as read, no result columns and no formula defusing."""
    fieldnames = columns + ([] if exact else [column for column in RESULT_COLUMNS if column not in columns])
    partial = path.with_name(path.name + ".tmp")
    with open(partial, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, extrasaction="ignore", delimiter=delimiter)
        writer.writeheader()
        for row in rows:
            writer.writerow(row if exact else {key: neutralise(value) for key, value in row.items()})
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)  # readers never see a half-written file
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def run_batch(
    service: Any, csv_path: str | Path, out_path: str | Path, defaults: dict[str, Any], workers: int = 1,
    should_stop: Callable[[], bool] = lambda: False, client: str | None = None, overwrite: bool = False,
    use_description: bool = False, on_layout: Callable[[str], None] = lambda text: None,
) -> Iterator[tuple[int, int]]:
    """Describe every row that has no description yet; yields (rows done, rows to do): (0, n) once the result
    file holds every row, then after each row finishes, with `out_path` replaced each time."""
    batch = read_rows(csv_path)
    out_path = Path(out_path)
    layout = shops.detect(batch.columns)
    if layout is not None:
        yield from run_shop_batch(service, batch, layout, out_path, defaults, should_stop, client, overwrite,
                                  use_description, on_layout)
        return
    rows = [dict(row) for row in batch.rows]
    todo = [index for index, row in enumerate(rows) if not batch.is_done(row)]
    bom = batch.encoding == "utf-8-sig"
    write_result(out_path, batch.columns, rows, batch.delimiter, bom)
    yield 0, len(todo)
    if not todo:
        return
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        inputs = {index: ({key: _restore(value) for key, value in rows[index].items()} if batch.resumes
                          else rows[index]) for index in todo}
        spread = OpeningSpread()  # the batch's openings spread over the writer's frames
        futures: dict[Future[dict[str, str]], int] = {
            pool.submit(describe_row, service, inputs[index], defaults, client, spread): index for index in todo}
        for done, future in enumerate(as_completed(futures), start=1):
            rows[futures[future]].update(future.result())
            write_result(out_path, batch.columns, rows, batch.delimiter, bom)
            if done == len(todo):  # the whole batch: how much of it sounds the same, said and marked per row
                on_layout(mark_sameness(rows, set(todo)))
                write_result(out_path, batch.columns, rows, batch.delimiter, bom)
            yield done, len(todo)
            if should_stop():
                return
    finally:
        # On stop (or GeneratorExit from the UI), rows not started are dropped; the file keeps every row, and
        # uploading it again describes the rest.
        pool.shutdown(wait=False, cancel_futures=True)


def mark_sameness(rows: list[dict[str, str]], marked: set[int]) -> str:
    """The figure over every described row; the near_duplicate cell (what a row shares with another) is filled
    on the rows described in this run only, so rows kept from an earlier run stay as they were."""
    described = []
    for index, row in enumerate(rows):
        if row.get("description"):
            try:
                described.append((index, Product.parse(_row_inputs(_restore_row(row), {})[0])))
            except (GeneratorError, ValueError):
                continue
    share, shared = sameness([rows[i]["description"] for i, _ in described], [product for _, product in described])
    for (index, _), kinds in zip(described, shared, strict=True):
        if index in marked:
            rows[index]["near_duplicate"] = ", ".join(kinds)
    return (f"Sameness: {share:.0%} of {len(described)} descriptions share an opening or closing frame, or a run "
            "of six words, with another (marked in near_duplicate)")


def _restore_row(row: dict[str, str]) -> dict[str, str]:
    return {key: _restore(value) for key, value in row.items()}


def _handle_seed(key: str) -> int:
    """A seed from the product's handle or name: a rerun repeats its text, and products vary from each other."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % MAX_SEED


def run_shop_batch(
    service: Any, batch: BatchInput, layout: shops.Layout, out_path: Path, defaults: dict[str, Any],
    should_stop: Callable[[], bool], client: str | None, overwrite: bool, use_description: bool,
    on_layout: Callable[[str], None],
) -> Iterator[tuple[int, int]]:
    """A shop's export: each product described once (html), written back on its first row; every other cell as
    read. By default only products with an empty description or SEO cell are described (`overwrite`: all)."""
    rows = [dict(row) for row in batch.rows]
    items = list(shops.products(batch.columns, rows, layout, use_description))
    targets = [c for c in (layout.description, layout.seo_title, layout.seo_description) if c in batch.columns]
    todo = [p for p in items if overwrite or any(not rows[p.rows[0]][c].strip() for c in targets)]
    on_layout(f"{layout.name}: {len(items)} products in {len(rows)} rows; {len(todo)} to describe")
    bom = batch.encoding == "utf-8-sig"
    write_result(out_path, batch.columns, rows, batch.delimiter, bom, exact=True)
    yield 0, len(todo)
    failures, written = [], []
    spread = OpeningSpread()  # the batch's openings spread over the writer's frames
    for done, product in enumerate(todo, start=1):
        first = rows[product.rows[0]]
        style = {key: defaults.get(key) for key in STYLE_KEYS} | {"format": "html"}
        seed = _handle_seed(first.get(layout.key) or product.facts["name"])
        try:
            result = service.describe(product.facts, style, seed=seed, client=client, avoid_openings=spread.avoid())
            spread.record(strip_markup(result.text)[0], result.product)
        except GeneratorError as exc:
            failures.append(f"{product.facts['name']}: {exc}")
            log.warning("shop batch product failed", extra={"error": str(exc)})
        except Exception:  # a bug met by this product only: logged, and the others still run
            failures.append(f"{product.facts['name']}: internal error")
            log.exception("shop batch product failed with an internal error")
        else:
            shops.write_cells(first, layout, result.text, result.report["seo"], overwrite)
            written.append((strip_markup(result.text)[0], result.product))
        write_result(out_path, batch.columns, rows, batch.delimiter, bom, exact=True)
        yield done, len(todo)
        if should_stop():
            return
    if failures:
        on_layout(f"{len(failures)} product(s) not described: " + "; ".join(failures[:5]))
    if written:  # a shop file gets no extra column: the figure is said only
        share, _ = sameness([text for text, _ in written], [product for _, product in written])
        on_layout(f"Sameness: {share:.0%} of {len(written)} descriptions share an opening or closing frame, or a "
                  "run of six words, with another")


def main(argv: list[str] | None = None) -> int:
    """python -m generator.batch FILE -o OUT: a template, Shopify or WooCommerce CSV, described as the Batch tab
    does, with the settings of the environment."""
    import argparse

    from .service import DescriptionService
    from .settings import Settings

    parser = argparse.ArgumentParser(prog="python -m generator.batch", description=main.__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--tone", default="friendly")
    parser.add_argument("--length", default="medium")
    parser.add_argument("--language", default="English")
    parser.add_argument("--overwrite", action="store_true", help="replace descriptions and SEO cells that exist")
    parser.add_argument("--use-description", action="store_true",
                        help="read the current description's text (HTML stripped) as facts")
    parser.add_argument("--banned", default="", help="brand glossary: comma-separated words no description uses")
    parser.add_argument("--required", default="", help="brand glossary: comma-separated phrases each says once")
    args = parser.parse_args(argv)
    service = DescriptionService(Settings.from_env())
    service.load()
    defaults = {"tone": args.tone, "length": args.length, "language": args.language, "banned": args.banned,
                "required": args.required}
    try:
        for done, total in run_batch(service, args.file, args.out, defaults, overwrite=args.overwrite,
                                     use_description=args.use_description, on_layout=print):
            print(f"{done}/{total}", end="\r", flush=True)
    except BatchError as exc:
        print(f"error: {exc}")
        return 2
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
