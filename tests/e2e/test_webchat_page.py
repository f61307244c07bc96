"""The web chat's page in headless Chromium: the first visit (greeting, privacy line, footer), one bubble per
reply, scrolling to an answer's start, the layout at desktop, laptop and phone sizes, WCAG 2.1 AA with axe-core
(scripts/install_axe.sh), and the input's explanations and offline banner. Screenshots go to results/webchat/."""

from __future__ import annotations

import pytest
from webchat_browser import (
    SIZES,
    axe_violations,
    bot_texts,
    layout,
    reset_viewport,
    screenshot,
    viewport,
    wait_for,
)

from bot.names import ChannelMessages

pytestmark = pytest.mark.server


def first_visit(driver, url: str) -> None:
    """The page as a first-time visitor sees it: nothing stored in the browser.

    Cleared from a page of the same origin without the chat, so no chat page can store its state again.
    """
    driver.get(url.split("?")[0].replace("index.html", "tilgaengelighed.html"))
    driver.execute_script("localStorage.clear()")
    driver.get(url)


def greeting():
    from bot import inbound

    return inbound.message("greet")


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
        start = guides.ledetraade.texts["step"].format(number=number, question="").split(":")[0]
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
    expected = guide.ledetraade_summary({s.slot: a for s, a in zip(guides.ledetraade.steps, ANSWERS)}).messages[-1].text
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
        start = guides.ledetraade.texts["summary_intro"]
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

    from bot import inbound

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
    empty = inbound.message(ChannelMessages.EMPTY)
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
    limit = inbound.MAX_MESSAGE_CHARS
    text = "Hvad er samskabelse? " + "x" * (limit - 20)
    assert len(text) == limit + 1
    browser.execute_script(
        "arguments[0].value = arguments[1];arguments[0].dispatchEvent(new Event('input'));", field, text
    )
    count = browser.find_element(By.CSS_SELECTOR, ".sk-count")
    assert count.text == f"{inbound._number(limit + 1)} af {inbound._number(limit)} tegn"
    before = say(browser, "")
    too_long = inbound.text(ChannelMessages.TOO_LONG)
    wait_for(browser, lambda d: too_long in bot_texts(d)[before:])
    assert inbound._number(limit) in too_long
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
