"""The intranet web chat in headless Chromium (Debian's chromium + chromedriver, driven by Selenium).

Opens the page, asks a question, clicks a button, checks the answers, reloads
and sees the history – against the real Rasa server over Socket.IO. Also: the
first visit (greeting, privacy line, footer), one bubble per reply, scrolling to
an answer's start, the layout at desktop, laptop and phone sizes, WCAG 2.1 AA
with axe-core (scripts/install_axe.sh), and the input's explanations and
offline banner. Screenshots go to results/webchat/ (git-ignored).
"""

from __future__ import annotations

import pytest
from webchat_browser import bot_texts, serve_site, wait_for

from bot.names import ChannelMessages

pytestmark = pytest.mark.server


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

    from bot.inbound import message

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
