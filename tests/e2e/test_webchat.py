"""The intranet web chat in headless Chromium (Debian's chromium + chromedriver, driven by Selenium).

Opens the page, asks a question, clicks a button, checks the answers, reloads
and sees the history – against the real Rasa server over Socket.IO.
"""
from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from bot import paths

pytestmark = pytest.mark.server

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture(scope="module")
def page_url(servers, tmp_path_factory) -> Iterator[str]:
    """web/ served on loopback, with an index page pointing at the test's Rasa server."""
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(paths.ROOT / "web", site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("node_modules"))
    index = (site / "index.html").read_text(encoding="utf-8")
    index = index.replace('data-target="samskabelse-chat"',
                          f'data-target="samskabelse-chat" data-server="http://127.0.0.1:{servers.rasa_port}"')
    (site / "index.html").write_text(index, encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.fail("chromium/chromedriver missing: `make test` installs them (scripts/install_chromium.sh)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('chrome')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_window_size(1200, 900)
    yield driver
    driver.quit()


def bot_texts(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text.removeprefix("Rådgiveren: ").strip() for e in driver.find_elements(By.CSS_SELECTOR, ".sk-bot")]


def wait_for(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: condition(d))


def test_ask_click_reload(browser, page_url, kb):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page_url)
    field = browser.find_element(By.ID, "sk-input")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=sk-input]").get_attribute("textContent") == "Dit spørgsmål"
    field.send_keys("Hvad er samskabelsestrappen?", Keys.ENTER)
    staircase = kb.entries["staircase"]
    wait_for(browser, lambda d: any(t == staircase.text for t in bot_texts(d)))
    # The related-topic buttons are real, keyboard-reachable buttons.
    titles = [kb.entries[r].title for r in staircase.related]
    button = wait_for(browser, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, ".sk-buttons button")
                                              if b.text == titles[0]), None))
    button.click()
    target = kb.entries[staircase.related[0]]
    wait_for(browser, lambda d: any(t == target.text for t in bot_texts(d)))
    assert browser.switch_to.active_element == browser.find_element(By.ID, "sk-input")

    before = bot_texts(browser)
    browser.refresh()
    wait_for(browser, lambda d: bot_texts(d) == before)
    users = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".sk-user")]
    assert users[0].endswith("Hvad er samskabelsestrappen?") and users[1].endswith(titles[0])
    # The conversation goes on in the same session after the reload.
    browser.find_element(By.ID, "sk-input").send_keys("fortæl mere", Keys.ENTER)
    wait_for(browser, lambda d: any(t.startswith(target.more[0][:40]) for t in bot_texts(d)) if target.more
             else len(bot_texts(d)) > len(before))


def test_bot_text_is_never_html(browser, page_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page_url)
    browser.find_element(By.ID, "sk-input").send_keys("<b>fed</b><img src=x onerror=alert(1)>", Keys.ENTER)
    wait_for(browser, lambda d: any("<b>fed</b>" in e.text for e in d.find_elements(By.CSS_SELECTOR, ".sk-user")))
    assert browser.find_elements(By.CSS_SELECTOR, ".sk-log img, .sk-log b") == []
