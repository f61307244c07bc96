"""The real action server and Rasa server (REST channel), once per test session."""

from __future__ import annotations

from typing import Iterator

import pytest
from standins import StandIn
from webchat_browser import CHROMEDRIVER, CHROMIUM, serve_site

from tools.servers import Servers, free_port


@pytest.fixture(scope="session")
def web_port() -> int:
    """The port the web chat's page is served from in the browser tests: the one origin the server accepts."""
    return free_port()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, web_port) -> Iterator[Servers]:
    """Both servers on a SQLite tracker store, as `make run` starts them; tests tell their conversations apart
    by sender (tests/e2e/chat.py's `sender`). Tests that need other settings or stop a server start their own."""
    workdir = tmp_path_factory.mktemp("servers")
    try:
        assistant = Servers(
            workdir=workdir, tracker_db=workdir / "tracker.db", env={"WEB_PORT": str(web_port)}
        ).__enter__()
    except FileNotFoundError as exc:
        pytest.fail(f"{exc} (`make test` trains first)")
    yield assistant
    assistant.__exit__(None, None, None)


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandIn]:
    """Slack's Web API and the Bot Framework services on loopback, one per test module."""
    with StandIn() as s:
        yield s


# The web chat in headless Chromium (test_webchat.py, test_webchat_page.py): one page and one browser per module.
@pytest.fixture(scope="module")
def page_url(servers, tmp_path_factory, web_port) -> Iterator[str]:
    """The web chat served from the origin the server accepts (WEB_PORT, as `make run` does)."""
    httpd = serve_site(servers, tmp_path_factory, web_port)
    yield f"http://127.0.0.1:{web_port}/index.html"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.fail("chromium/chromedriver missing: `make test` installs them (scripts/install_chromium.sh)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chrome')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_window_size(1200, 900)
    yield driver
    driver.quit()
