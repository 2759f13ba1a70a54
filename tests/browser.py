"""Test helper: open the rendered report in headless Chromium, as a reviewer would, and check it.

For each page: every image has loaded (natural width > 0), every local link points
at a file that exists, and a screenshot is saved. Uses Debian's `chromium` and
`chromedriver`; nothing is downloaded.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1600",
]


def available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


@dataclass
class PageCheck:
    page: Path
    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    links: int = 0
    broken_links: list[str] = field(default_factory=list)
    screenshot: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.broken_images and not self.broken_links


TABLES_JS = """
return Array.from(document.querySelectorAll('table')).map(t => ({
  caption: t.caption ? t.caption.textContent.trim() : null,
  headers: Array.from(t.querySelectorAll('th')).map(th => th.textContent.trim()),
  first: Array.from(t.querySelectorAll('tbody tr')).map(r => r.cells.length ? r.cells[0].textContent.trim() : ''),
  cells: Array.from(t.querySelectorAll('td')).map(td => td.textContent.trim()),
}));
"""
# Elements wider than their box: the page itself, or a notebook output that would need a scroll bar.
OVERFLOW_JS = """
const wide = [document.documentElement, ...document.querySelectorAll('.jp-OutputArea-output, table')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
    || e === document.documentElement && e.scrollWidth > window.innerWidth);
return wide.map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth);
"""


@dataclass
class PageTables:
    page: Path
    tables: list[dict]
    overflowing: list[str]


def read_tables(pages: list[Path]) -> list[PageTables]:
    """Every table on each page as a reader's browser lays it out (1280 px wide), and what overflows."""
    driver, profile = _driver()
    try:
        out = []
        for page in pages:
            driver.get(Path(page).resolve().as_uri())
            out.append(PageTables(Path(page), driver.execute_script(TABLES_JS), driver.execute_script(OVERFLOW_JS)))
        return out
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    profile = tempfile.mkdtemp(prefix="hubmap-chromium-")
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    driver.set_window_size(1280, 1600)
    return driver, profile


def check_pages(pages: list[Path], screenshot_dir: Path) -> list[PageCheck]:
    driver, profile = _driver()
    results = []
    try:
        for page in pages:
            page = Path(page).resolve()
            driver.get(page.as_uri())
            driver.execute_script("return document.readyState")
            images = driver.execute_script(
                "return Array.from(document.images).map(i => [i.currentSrc.slice(0, 80), i.complete, i.naturalWidth]);"
            )
            links = driver.execute_script("return Array.from(document.links).map(a => a.href);")
            check = PageCheck(page, images=len(images), links=len(links))
            check.broken_images = [src for src, complete, width in images if not complete or width == 0]
            for href in links:
                url = urlparse(href)
                if url.scheme == "file" and not Path(unquote(url.path)).exists():
                    check.broken_links.append(href)
            check.screenshot = Path(screenshot_dir) / f"{page.stem}.png"
            check.screenshot.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(check.screenshot))
            results.append(check)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return results
