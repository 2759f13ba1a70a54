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

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1280,1600"]


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


def check_pages(pages: list[Path], screenshot_dir: Path) -> list[PageCheck]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    profile = tempfile.mkdtemp(prefix="hubmap-chromium-")
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    results = []
    try:
        for page in pages:
            page = Path(page).resolve()
            driver.get(page.as_uri())
            driver.execute_script("return document.readyState")
            images = driver.execute_script(
                "return Array.from(document.images).map(i => [i.currentSrc.slice(0, 80), i.complete, i.naturalWidth]);")
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
