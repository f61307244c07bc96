"""The intranet web chat in headless Chromium (Debian's chromium + chromedriver, driven by Selenium).

Opens the page, asks a question, clicks a button, checks the answers, reloads
and sees the history – against the real Rasa server over Socket.IO. Also: the
first visit (greeting, privacy line, footer), one bubble per reply, scrolling to
an answer's start, the layout at desktop, laptop and phone sizes, WCAG 2.1 AA
with axe-core (scripts/install_axe.sh), and the input's explanations and
offline banner. Screenshots go to results/webchat/ (git-ignored).
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from bot import paths
from bot.names import ChannelMessages

pytestmark = pytest.mark.server

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
    button = wait_for(
        browser,
        lambda d: next(
            (b for b in d.find_elements(By.CSS_SELECTOR, ".sk-buttons button") if b.text == titles[0]), None
        ),
    )
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
    wait_for(
        browser,
        lambda d: (
            any(t.startswith(target.more[0][:40]) for t in bot_texts(d))
            if target.more
            else len(bot_texts(d)) > len(before)
        ),
    )


def test_bot_text_is_never_html(browser, page_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page_url)
    browser.find_element(By.ID, "sk-input").send_keys("<b>fed</b><img src=x onerror=alert(1)>", Keys.ENTER)
    wait_for(browser, lambda d: any("<b>fed</b>" in e.text for e in d.find_elements(By.CSS_SELECTOR, ".sk-user")))
    assert browser.find_elements(By.CSS_SELECTOR, ".sk-log img, .sk-log b") == []


def font_px(driver, selector: str) -> float:
    """The computed font size of the last element matching selector, in CSS pixels."""
    return float(
        driver.execute_script(
            "var all = document.querySelectorAll(arguments[0]);"
            "return parseFloat(getComputedStyle(all[all.length - 1]).fontSize);",
            selector,
        )
    )


def is_projector(driver) -> bool:
    return driver.execute_script("return document.documentElement.classList.contains('sk-projektor');")


def test_presentation_view_for_projectors(browser, page_url, kb):
    """?visning=projektor: much larger text, black on white, full width, big buttons; chatting still works."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    try:
        browser.get(page_url + "?visning=normal")
        field = browser.find_element(By.ID, "sk-input")
        # No maxlength: a longer text is explained, not cut silently (test_input_explains_and_keeps_text).
        assert field.get_attribute("maxlength") is None
        field.send_keys("Hvad er samskabelse?", Keys.ENTER)
        definition = kb.entries["definition"]
        wait_for(browser, lambda d: any(t.startswith(definition.text[:60]) for t in bot_texts(d)))
        toggle = browser.find_element(By.ID, "sk-visning")
        assert toggle.text == "Præsentationsvisning" and toggle.get_attribute("aria-pressed") == "false"
        normal_text, normal_button = font_px(browser, ".sk-bot"), font_px(browser, ".sk-buttons button")

        browser.get(page_url + "?visning=projektor")
        wait_for(browser, lambda d: any(t.startswith(definition.text[:60]) for t in bot_texts(d)))
        assert is_projector(browser)
        assert browser.find_element(By.ID, "sk-visning").get_attribute("aria-pressed") == "true"
        assert font_px(browser, ".sk-bot") >= 1.5 * normal_text
        assert font_px(browser, ".sk-user") >= 1.5 * normal_text
        assert font_px(browser, ".sk-buttons button") >= 1.5 * normal_button
        assert font_px(browser, "#sk-input") >= 1.5 * normal_text
        colours = browser.execute_script(
            "var s = getComputedStyle(document.querySelector('.sk-bot'));return [s.color, s.backgroundColor];"
        )
        assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
        wide = browser.execute_script(
            "return document.querySelector('.sk-chat').getBoundingClientRect().width / window.innerWidth;"
        )
        assert wide > 0.9
        # Still labelled for screen readers, and a message sent here gets its reply here.
        assert (
            browser.find_element(By.CSS_SELECTOR, "label[for=sk-input]").get_attribute("textContent") == "Dit spørgsmål"
        )
        browser.find_element(By.ID, "sk-input").send_keys("Hvad er samskabelsestrappen?", Keys.ENTER)
        staircase = kb.entries["staircase"]
        wait_for(browser, lambda d: any(t == staircase.text for t in bot_texts(d)))
        assert font_px(browser, ".sk-bot") >= 1.5 * normal_text  # the new reply is large too

        # The button (keyboard too) switches back, the address follows, and the choice is remembered.
        browser.find_element(By.ID, "sk-visning").send_keys(Keys.ENTER)
        assert not is_projector(browser) and "visning=normal" in browser.current_url
        assert font_px(browser, ".sk-bot") == normal_text
        browser.get(page_url)
        assert not is_projector(browser)
        browser.find_element(By.ID, "sk-visning").click()
        assert is_projector(browser)
        browser.get(page_url)
        assert is_projector(browser)
        assert browser.find_element(By.ID, "sk-visning").get_attribute("aria-pressed") == "true"
    finally:
        browser.get(page_url + "?visning=normal")  # the other tests share the browser's storage


def test_a_message_sent_while_connecting_waits_for_the_session(browser, page_url, kb):
    """Typed before the socket is connected, a message still gets its answer (not the 'no session' text).

    With a slow network, the page is ready long before the WebSocket; socket.io would send the buffered
    message ahead of session_request, so chat.js holds it until session_confirm.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from bot.user_input import message

    browser.get(page_url)
    before = len(bot_texts(browser))
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    try:
        browser.get(page_url)
        browser.find_element(By.ID, "sk-input").send_keys("Hvad er samskabelsestrappen?", Keys.ENTER)
        staircase = kb.entries["staircase"]
        wait_for(browser, lambda d: any(t == staircase.text for t in bot_texts(d)[before:]), timeout=60)
        assert message(ChannelMessages.NO_SESSION).text not in bot_texts(browser)[before:]
    finally:
        browser.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )


def stored_chat(driver) -> str:
    """Everything the web chat keeps in the browser's localStorage, as text."""
    return driver.execute_script(
        "var out = []; for (var i = 0; i < localStorage.length; i++) {"
        " var k = localStorage.key(i);"
        " if (k.indexOf('samskabelse-chat:http') === 0) { out.push(localStorage.getItem(k)); } }"
        " return out.join('\\n');"
    )


def test_an_id_the_server_did_not_issue_is_replaced(browser, page_url, kb):
    """Regression: the server took the session id the browser proposed (a Slack member id, say)."""
    import json

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(page_url)
    key = browser.execute_script(
        "return Object.keys(localStorage).filter(k => k.startsWith('samskabelse-chat:http'))[0]"
    )
    browser.execute_script(
        "localStorage.setItem(arguments[0], arguments[1])", key, json.dumps({"sessionId": "U0123ABCDE", "history": []})
    )
    browser.get(page_url)
    browser.find_element(By.ID, "sk-input").send_keys("Hvad er samskabelsestrappen?", Keys.ENTER)
    wait_for(browser, lambda d: any(t == kb.entries["staircase"].text for t in bot_texts(d)))
    session = json.loads(browser.execute_script("return localStorage.getItem(arguments[0])", key))["sessionId"]
    assert session != "U0123ABCDE" and "." in session  # the server's own, signed id


def test_deleting_the_conversation_clears_the_browsers_copy(browser, page_url, kb):
    """Regression: after «slet min samtale» the transcript, personal data included, was still there after a reload."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    marker = "Kattekilden-Syd"
    browser.get(page_url)
    field = browser.find_element(By.ID, "sk-input")
    field.send_keys(f"Vi samarbejder med {marker} om naboskab – er det samskabelse?", Keys.ENTER)
    wait_for(browser, lambda d: len(bot_texts(d)) > 0 and marker in stored_chat(d))
    field.send_keys("slet min samtale", Keys.ENTER)
    confirm = kb.message("delete_confirm").text
    wait_for(browser, lambda d: confirm.split("\n")[0] in " ".join(bot_texts(d)))
    yes = kb.message("delete_yes_button").text
    button = wait_for(
        browser,
        lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, ".sk-buttons button") if b.text == yes), None),
    )
    button.click()
    done = kb.message("delete_done").text
    wait_for(browser, lambda d: bot_texts(d) == [done])
    assert marker not in stored_chat(browser)
    browser.refresh()
    wait_for(browser, lambda d: bot_texts(d) == [done])
    assert marker not in browser.find_element(By.TAG_NAME, "body").text
    assert marker not in stored_chat(browser)


def test_a_page_on_another_origin_cannot_use_the_chat(browser, servers, tmp_path_factory, kb):
    """Regression: with cors_allowed_origins=[] any site could open the chat from an employee's browser."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from tools.servers import free_port

    port = free_port()
    httpd = serve_site(servers, tmp_path_factory, port)
    try:
        browser.get(f"http://127.0.0.1:{port}/index.html")
        wait_for(browser, lambda d: "forbindelse" in d.find_element(By.CSS_SELECTOR, ".sk-banner").text)
        browser.find_element(By.ID, "sk-input").send_keys("Hvad er samskabelsestrappen?", Keys.ENTER)
        assert "forbindelse" in browser.find_element(By.CSS_SELECTOR, ".sk-banner").text
        assert kb.entries["staircase"].text not in bot_texts(browser)
    finally:
        httpd.shutdown()


# -- First visit, whole replies, scrolling, layout, accessibility, input ------------------------
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


def first_visit(driver, url: str) -> None:
    """The page as a first-time visitor sees it: nothing stored in the browser.

    Cleared from a page of the same origin without the chat, so no chat page can store its state again.
    """
    driver.get(url.split("?")[0].replace("index.html", "tilgaengelighed.html"))
    driver.execute_script("localStorage.clear()")
    driver.get(url)


def greeting():
    from bot import user_input

    return user_input.message("greet")


def wait_greeted(driver) -> None:
    text = greeting().text.strip()
    wait_for(driver, lambda d: text in bot_texts(d))


def source_line(kb, entry) -> str:
    return kb.message("source_line").text.format(source="; ".join(kb.sources[s].name for s in entry.sources))


def say(driver, text: str) -> int:
    """Type text and press Enter; return how many bot bubbles there were before."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    before = len(bot_texts(driver))
    driver.find_element(By.ID, "sk-input").send_keys(text, Keys.ENTER)
    return before


def user_texts(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".sk-user .sk-text")]


def test_first_visit_greets_and_says_what_not_to_write(browser, page_url):
    """The greeting and menu come from the server (conversation.yml), with the privacy line and the footer."""
    from selenium.webdriver.common.by import By

    from bot.retention import retention_days

    first_visit(browser, page_url + "?visning=normal")
    wait_greeted(browser)
    hello = greeting()
    assert bot_texts(browser) == [hello.text.strip()]
    titles = [b.text for b in browser.find_elements(By.CSS_SELECTOR, ".sk-bot .sk-buttons button")]
    assert titles == [b.title for b in hello.buttons] and titles
    days = retention_days()
    count = f"{days:g}".replace(".", ",")
    notice = browser.find_element(By.CSS_SELECTOR, ".sk-notice")
    wait_for(browser, lambda d: f"gemmes i {count} dage" in notice.text)
    assert "navne" in notice.text and "CPR-numre" in notice.text and notice.is_displayed()
    footer = browser.find_element(By.TAG_NAME, "footer")
    assert "drives af" in footer.text.lower()
    link = footer.find_element(By.LINK_TEXT, "Tilgængelighedserklæring")
    screenshot(browser, "first-visit")
    # A reload shows the stored conversation: the greeting is not repeated.
    browser.refresh()
    wait_for(browser, lambda d: bot_texts(d) == [hello.text.strip()])
    link = browser.find_element(By.LINK_TEXT, "Tilgængelighedserklæring")
    link.click()
    wait_for(browser, lambda d: d.find_element(By.TAG_NAME, "h1").text.startswith("Tilgængelighedserklæring"))
    assert browser.find_elements(By.CSS_SELECTOR, ".sk-fill")  # the placeholders to fill in are marked
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert {
        "Overholdelsesstatus",
        "Ikke-tilgængeligt indhold",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
    } <= set(headings)


def test_a_reply_is_one_bubble_with_a_quiet_source_line(browser, page_url, kb):
    from selenium.webdriver.common.by import By

    first_visit(browser, page_url + "?visning=normal")
    wait_greeted(browser)
    staircase = kb.entries["staircase"]
    say(browser, "Hvad er samskabelsestrappen?")
    wait_for(browser, lambda d: staircase.text in bot_texts(d))
    bubble = next(
        b
        for b in browser.find_elements(By.CSS_SELECTOR, ".sk-bot")
        if b.find_element(By.CSS_SELECTOR, ".sk-text").text == staircase.text
    )
    # The whole answer in one bubble (it has blank-line-free parts, but the source came after a blank line).
    source = bubble.find_element(By.CSS_SELECTOR, ".sk-source")
    assert source.text == source_line(kb, staircase)
    assert not any(t.startswith("Kilde:") for t in bot_texts(browser))  # never a bubble of its own
    quiet = browser.execute_script(
        "var s = getComputedStyle(arguments[0]), t = getComputedStyle(arguments[1]);"
        "return [parseFloat(s.fontSize) < parseFloat(t.fontSize), s.color !== t.color];",
        source,
        bubble.find_element(By.CSS_SELECTOR, ".sk-text"),
    )
    assert quiet == [True, True]
    # An answer with blank lines inside (the sources reply) arrives as one bubble too.
    before = say(browser, "Hvilke kilder bygger du på?")
    wait_for(browser, lambda d: len(bot_texts(d)) > before)
    new = bot_texts(browser)[before:]
    assert len(new) == 1 and "\n\n" in new[0], new
    screenshot(browser, "answer-with-source")


def walk_through_ledetraade(driver, guides) -> None:
    """The five ledetråde, answered one by one, until the summary has arrived."""
    from selenium.webdriver.common.by import By

    def step(number: int):
        start = guides.walkthrough.texts["step"].format(number=number, question="").split(":")[0]
        return lambda d: any(t.startswith(start) for t in bot_texts(d)[-2:])

    say(driver, "gennemgå de fem ledetråde med mig")
    wait_for(driver, step(1))
    for number, answer in enumerate(ANSWERS, start=1):
        say(driver, answer)
        if number < 5:
            wait_for(driver, step(number + 1))
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".sk-markdown"))


ANSWERS = [
    "Ensomhed blandt ældre i vores lokalområde",
    "Foreningerne og biblioteket",
    "Vi inviterer til en kaffe-workshop",
    "Besøgsvennerne fra Røde Kors",
    "Vi mødes hver måned",
]


def test_ledetraade_summary_is_one_block_to_copy(browser, page_url, guide, guides):
    from selenium.webdriver.common.by import By

    first_visit(browser, page_url + "?visning=normal")
    wait_greeted(browser)
    walk_through_ledetraade(browser, guides)
    expected = guide.walk_summary({s.slot: a for s, a in zip(guides.walkthrough.steps, ANSWERS)}).messages[-1].text
    intro, markdown = expected.split("\n", 1)
    blocks = browser.find_elements(By.CSS_SELECTOR, ".sk-markdown")
    assert len(blocks) == 1
    assert intro in bot_texts(browser)
    assert not any(t.lstrip().startswith("#") for t in bot_texts(browser))  # no raw Markdown bubbles
    assert blocks[0].find_element(By.CSS_SELECTOR, ".sk-md-h1").text == markdown.split("\n")[0].lstrip("# ")
    copy = blocks[0].find_element(By.CSS_SELECTOR, "button.sk-copy")
    assert copy.text == "Kopiér"
    # The clipboard API gets the Markdown exactly (recorded, so the test does not depend on a desktop clipboard).
    browser.execute_script(
        "window.__copied = []; navigator.clipboard.writeText = function (t) {"
        " window.__copied.push(t); return Promise.resolve(); };"
    )
    copy.click()
    result = blocks[0].find_element(By.CSS_SELECTOR, ".sk-copy-result")
    wait_for(browser, lambda d: result.text.startswith("Kopieret"))
    assert browser.execute_script("return window.__copied") == [markdown.strip()]
    # Without the clipboard API (an older or locked-down browser): the selected text is copied the old way.
    browser.execute_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});"
        "window.__selected = []; document.execCommand = function (c) {"
        " window.__selected.push([c, document.activeElement.value.substring("
        "document.activeElement.selectionStart, document.activeElement.selectionEnd)]); return true; };"
    )
    browser.execute_script("arguments[0].textContent = ''", result)
    copy.click()
    wait_for(browser, lambda d: result.text.startswith("Kopieret"))
    assert browser.execute_script("return window.__selected") == [["copy", markdown.strip()]]
    browser.execute_script("arguments[0].scrollIntoView()", blocks[0])
    screenshot(browser, "ledetraade-summary")


def test_a_new_answer_scrolls_to_its_start(browser, page_url, guides):
    """Phone size: the summary is longer than the screen; its first line is shown, not its end."""
    from selenium.webdriver.common.by import By

    viewport(browser, "phone")
    try:
        first_visit(browser, page_url + "?visning=normal")
        wait_greeted(browser)
        walk_through_ledetraade(browser, guides)
        start = guides.walkthrough.texts["summary_intro"]
        bubble = next(
            b
            for b in browser.find_elements(By.CSS_SELECTOR, ".sk-bot")
            if b.find_element(By.CSS_SELECTOR, ".sk-text").text.startswith(start)
        )
        log = browser.find_element(By.CSS_SELECTOR, ".sk-log")
        geometry = browser.execute_script(
            "var log = arguments[0], b = arguments[1].getBoundingClientRect(), l = log.getBoundingClientRect();"
            "var last = log.lastElementChild.getBoundingClientRect();"
            "return {top: b.top - l.top, answer: last.bottom - b.top, view: log.clientHeight,"
            " rest: log.scrollHeight - log.clientHeight - log.scrollTop,"
            " pad: parseFloat(getComputedStyle(log).paddingTop)};",
            log,
            bubble,
        )
        assert geometry["answer"] > geometry["view"], geometry  # else there would be nothing to show
        assert abs(geometry["top"] - geometry["pad"]) <= 2, geometry  # the answer's start at the top
        assert geometry["rest"] > 0, geometry  # and not scrolled to the bottom
        screenshot(browser, "phone-390x844-answer-start")
    finally:
        reset_viewport(browser)


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


@pytest.mark.parametrize("size", list(SIZES))
def test_layout_fits_the_screen(browser, page_url, kb, size):
    """Header, conversation, input and footer in view; no horizontal scrolling; one sans-serif type."""
    viewport(browser, size)
    try:
        first_visit(browser, page_url + "?visning=normal")
        wait_greeted(browser)
        before = say(browser, "Hvad er samskabelsestrappen?")
        wait_for(browser, lambda d: kb.entries["staircase"].text in bot_texts(d)[before:])
        found = layout(browser)
        assert (found["width"], found["height"]) == SIZES[size]
        assert found["scrollWidth"] <= found["width"], found  # no horizontal scrolling
        assert found["scrollHeight"] <= found["height"], found  # the page fits; only the conversation scrolls
        assert found["cut"] == [] and found["overlap"] == [], found
        assert found["log"] >= 150, found  # room to read
        fonts = set(found["fonts"].values())
        assert len(fonts) == 1 and next(iter(fonts)).endswith("sans-serif"), found["fonts"]
        screenshot(browser, f"{size}-{SIZES[size][0]}x{SIZES[size][1]}")
    finally:
        reset_viewport(browser)


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


def test_axe_finds_no_violations(browser, page_url, kb, tmp_path_factory, servers):
    from selenium.webdriver.common.by import By

    browser.set_script_timeout(60)
    first_visit(browser, page_url + "?visning=normal")
    wait_greeted(browser)
    assert axe_violations(browser) == []
    # A conversation with buttons, one of them answered.
    staircase = kb.entries["staircase"]
    say(browser, "Hvad er samskabelsestrappen?")
    wait_for(browser, lambda d: staircase.text in bot_texts(d))
    title = kb.entries[staircase.related[0]].title
    button = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".sk-buttons button:enabled") if b.text == title)
    button.click()
    wait_for(browser, lambda d: kb.entries[staircase.related[0]].text.split("\n")[0] in " ".join(bot_texts(d)))
    assert browser.find_elements(By.CSS_SELECTOR, ".sk-buttons button:disabled")
    assert axe_violations(browser) == []
    browser.find_element(By.ID, "sk-visning").click()  # the presentation view too
    try:
        assert axe_violations(browser) == []
    finally:
        browser.find_element(By.ID, "sk-visning").click()
    browser.get(page_url.replace("index.html", "tilgaengelighed.html"))
    assert axe_violations(browser) == []


def test_answered_buttons_leave_the_tab_order(browser, page_url, kb):
    """Regression: after four questions it took 26 Tab presses to reach the input."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    first_visit(browser, page_url + "?visning=normal")
    wait_greeted(browser)
    for question, entry in [
        ("Hvad er samskabelsestrappen?", "staircase"),
        ("Hvad er samskabelse?", "definition"),
        ("Hvad er frivilligledelse?", "frivilligledelse"),
    ]:
        text = kb.entries[entry].text.split("\n")[0]
        say(browser, question)
        wait_for(browser, lambda d, t=text: any(b.startswith(t) for b in bot_texts(d)))
    last = browser.find_elements(By.CSS_SELECTOR, ".sk-bot")[-1]
    current = last.find_elements(By.CSS_SELECTOR, ".sk-buttons button")
    assert current and all(b.is_enabled() for b in current)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".sk-buttons button:enabled")) == len(current)
    # From the top of the page: the view button, the conversation (scrollable), this answer's buttons, the input.
    toggle = browser.find_element(By.ID, "sk-visning")
    browser.execute_script("arguments[0].focus()", toggle)
    visited = [toggle]
    for _ in range(len(current) + 5):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        visited.append(browser.switch_to.active_element)
        if visited[-1] == browser.find_element(By.ID, "sk-input"):
            break
    expected = [
        toggle,
        browser.find_element(By.CSS_SELECTOR, ".sk-log"),
        *current,
        browser.find_element(By.ID, "sk-input"),
    ]
    assert visited == expected


def test_input_explains_and_keeps_text(browser, page_url):
    """Shift+Enter is a new line, Enter sends; empty and too long messages are explained in the chat."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from bot import user_input

    first_visit(browser, page_url + "?visning=normal")
    wait_greeted(browser)
    field = browser.find_element(By.ID, "sk-input")
    assert field.tag_name == "textarea"
    field.send_keys("Vi har en sag:")
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
    field.send_keys("borgerne vil selv drive stedet.")
    assert (
        field.get_attribute("value") == "Vi har en sag:\nborgerne vil selv drive stedet." and user_texts(browser) == []
    )
    before = say(browser, "")  # Enter sends
    wait_for(browser, lambda d: user_texts(d) == ["Vi har en sag:\nborgerne vil selv drive stedet."])
    assert field.get_attribute("value") == ""
    wait_for(browser, lambda d: len(bot_texts(d)) > before)

    # Empty: the server's explanation, with the menu; nothing shown as sent.
    empty = user_input.message(ChannelMessages.EMPTY)
    before = say(browser, "")
    wait_for(browser, lambda d: empty.text in bot_texts(d)[before:])
    last = browser.find_elements(By.CSS_SELECTOR, ".sk-bot")[-1]
    assert [b.text for b in last.find_elements(By.CSS_SELECTOR, ".sk-buttons button")] == [
        b.title for b in empty.buttons
    ]
    assert len(user_texts(browser)) == 1
    # Only the newest menu can be chosen (and tabbed to).
    assert len(browser.find_elements(By.CSS_SELECTOR, ".sk-buttons button:enabled")) == len(empty.buttons)

    # Too long: explained with the server's limit, not sent, and the text stays in the field to shorten.
    limit = user_input.MAX_MESSAGE_CHARS
    text = "Hvad er samskabelse? " + "x" * (limit - 20)
    assert len(text) == limit + 1
    browser.execute_script(
        "arguments[0].value = arguments[1];arguments[0].dispatchEvent(new Event('input'));", field, text
    )
    count = browser.find_element(By.CSS_SELECTOR, ".sk-count")
    assert count.text == f"{user_input._number(limit + 1)} af {user_input._number(limit)} tegn"
    before = say(browser, "")
    too_long = user_input.text(ChannelMessages.TOO_LONG)
    wait_for(browser, lambda d: too_long in bot_texts(d)[before:])
    assert user_input._number(limit) in too_long
    assert field.get_attribute("value") == text and len(user_texts(browser)) == 1
    screenshot(browser, "too-long")
    # One character less is sent (the server reads as many as the page allows).
    field.send_keys(Keys.BACKSPACE)
    before = say(browser, "")
    wait_for(browser, lambda d: len(user_texts(d)) == 2 and len(bot_texts(d)) > before)
    assert field.get_attribute("value") == "" and too_long not in bot_texts(browser)[before:]


def test_offline_banner_and_nothing_shown_as_sent(browser, page_url, kb):
    """While the server can't be reached: a banner; a message is not shown as sent and stays in the field."""
    from selenium.webdriver.common.by import By

    first_visit(browser, page_url + "?visning=normal")
    wait_greeted(browser)
    banner = browser.find_element(By.CSS_SELECTOR, ".sk-banner")
    assert not banner.is_displayed() and banner.get_attribute("role") == "alert"
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    try:
        wait_for(browser, lambda d: banner.is_displayed())
        assert "Ingen forbindelse" in banner.text
        say(browser, "Hvad er samskabelsestrappen?")
        status = browser.find_element(By.CSS_SELECTOR, ".sk-status")
        wait_for(browser, lambda d: "ikke sendt" in status.text)
        assert user_texts(browser) == []
        assert browser.find_element(By.ID, "sk-input").get_attribute("value") == "Hvad er samskabelsestrappen?"
        screenshot(browser, "offline")
    finally:
        browser.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
    # Back online: the banner goes, and the kept text is sent with Enter.
    wait_for(browser, lambda d: not banner.is_displayed(), timeout=60)
    browser.find_element(By.ID, "sk-input").send_keys("\n")
    wait_for(browser, lambda d: kb.entries["staircase"].text in bot_texts(d))
    assert user_texts(browser) == ["Hvad er samskabelsestrappen?"]
