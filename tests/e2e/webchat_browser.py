"""Helpers for the web chat tests in headless Chromium: the page served on loopback, and reading and waiting on it."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot import paths

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request log in the test output
        pass


def serve_site(servers, tmp_path_factory, port: int) -> ThreadingHTTPServer:
    """web/ served on loopback, with an index page pointing at the test's Rasa server."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(paths.ROOT / "web", site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("node_modules"))
    index = (site / "index.html").read_text(encoding="utf-8")
    index = index.replace(
        'data-target="samskabelse-chat"',
        f'data-target="samskabelse-chat" data-server="http://127.0.0.1:{servers.rasa_port}"',
    )
    (site / "index.html").write_text(index, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def bot_texts(driver) -> list[str]:
    """The text of each bot bubble (without its source line, Markdown block and buttons)."""
    from selenium.webdriver.common.by import By

    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".sk-bot .sk-text")]


def wait_for(driver, condition, timeout: float = 30):
    """Until condition holds; a page that redraws meanwhile (the log cleared after a deletion) is read again."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(
        driver, timeout, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)
    ).until(lambda d: condition(d))


SHOTS = paths.ROOT / "results" / "webchat"


AXE = paths.ROOT / ".build" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"


SIZES = {"desktop": (1920, 1080), "laptop": (1366, 768), "phone": (390, 844), "narrow": (320, 568)}


def screenshot(driver, name: str) -> None:
    """A test artefact for people to look at (results/webchat/<name>.png); nothing is compared."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def viewport(driver, size: str) -> None:
    """An exact viewport (CSS pixels), as a device of that size shows the page."""
    width, height = SIZES[size]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800},
    )


def reset_viewport(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def layout(driver) -> dict:
    """Where the parts of the page are: cut off (outside the screen), overlapping (out of order), fonts."""
    return driver.execute_script("""
        var out = {width: window.innerWidth, height: window.innerHeight, cut: [], overlap: [], fonts: {},
                   scrollWidth: document.documentElement.scrollWidth,
                   scrollHeight: document.documentElement.scrollHeight};
        var order = ['header', '.sk-log', '#sk-input', '.sk-notice', 'footer'], previous = null;
        var parts = ['header h1', '.sk-view-toggle', '.sk-log', '#sk-input', '.sk-send', '.sk-notice', 'footer'];
        parts.forEach(function (s) {
          var r = document.querySelector(s).getBoundingClientRect();
          if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5)
            out.cut.push(s + ' ' + JSON.stringify(r));
        });
        order.forEach(function (s) {  // top to bottom, each below the one before
          var r = document.querySelector(s).getBoundingClientRect();
          if (previous && r.top < previous.bottom - 0.5)
            out.overlap.push(s + ' starts above the end of the part before');
          previous = r;
        });
        ['body', 'h1', '.sk-intro', '.sk-bot', '.sk-user', '.sk-buttons button', '#sk-input', '.sk-send',
         '.sk-source', '.sk-notice', 'footer'].forEach(function (s) {
          var e = document.querySelector(s); if (e) out.fonts[s] = getComputedStyle(e).fontFamily;
        });
        out.log = document.querySelector('.sk-log').clientHeight;
        return out;""")


def axe_violations(driver) -> list[dict]:
    """axe-core's violations on the page as it is now (all rules it runs by default, best practices too)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: `bash scripts/install_axe.sh` installs axe-core from npm")
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
        " done(r.violations.map(function (v) { return {id: v.id, impact: v.impact,"
        "  nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; })); },"
        " function (e) { done([{id: 'axe failed', impact: String(e), nodes: []}]); });"
    )
    return result
