"""The README's screenshot of the Batch tab: the real app, a Shopify export of 20 products, headless Chromium.

    .venv/bin/python scripts/screenshot_batch.py docs/images/batch-tab.png
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import shop_files  # noqa: E402
from tests.helpers import start_server  # noqa: E402


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp())
    source = shop_files.shopify(work / "products_export.csv", 20)
    with start_server(work / "server.log") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url, wait_until="networkidle")
        page.get_by_role("tab", name="Batch").click()
        page.locator("#batch-file input[type=file]").set_input_files(str(source))
        page.get_by_role("button", name="Describe all rows").click()
        page.get_by_text("Sameness:").first.wait_for(timeout=300_000)
        page.get_by_text("Sameness:").first.wait_for(state="hidden", timeout=30_000)  # the notice closes itself
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
