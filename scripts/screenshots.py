"""Take the README's screenshots from a running demo: `uv run python scripts/screenshots.py`.

Start `uv run twofold demo` first (or pass --url and --data for another demo).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--data", default="twofold-data")
    parser.add_argument("--out", default="docs")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    email, password = next(iter(json.loads((Path(args.data) / "demo-credentials.json").read_text()).items()))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        scheme = "dark" if args.dark else "light"
        viewport = {"width": 390, "height": 760}
        page = browser.new_page(viewport=viewport, color_scheme=scheme, device_scale_factor=2)
        page.goto(args.url + "/accounts/login/")
        page.screenshot(path=f"{args.out}/login-{scheme}.png")
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(args.url + "/")
        page.screenshot(path=f"{args.out}/today-{scheme}.png")
        for name in ("partner", "settings"):
            page.goto(f"{args.url}/{name}/")
            page.screenshot(path=f"{args.out}/{name}-{scheme}.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
