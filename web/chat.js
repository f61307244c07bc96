/* Samskabelsesrådgiveren web chat: a small UI on socket.io-client.
 * Bot text is always inserted as text (textContent), never as HTML.
 * The conversation (session id and transcript) survives a reload via localStorage. Without a login
 * (JWT) the session id is issued and signed by the server; one it did not issue is replaced.
 * When the leader deletes the conversation, the stored transcript is deleted too.
 * First visit (nothing stored): the server sends the assistant's greeting with the menu; the
 * server also says how long conversations are kept and how long a message may be.
 * A reply arrives whole (channels/socketio.py): its text, a source line ("source"), a Markdown
 * block to copy ("markdown") and buttons; a new answer is scrolled to its start.
 * Presentation view for projectors: ?visning=projektor (?visning=normal turns it off) or a
 * button with id "sk-visning" on the page; the choice is remembered in localStorage.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.getElementById(script.getAttribute("data-target") || "samskabelse-chat");
  var server = script.getAttribute("data-server") || window.location.protocol + "//" + window.location.hostname + ":5005";
  var token = script.getAttribute("data-token") || null;
  var storeKey = "samskabelse-chat:" + server;
  var viewKey = "samskabelse-chat:visning";
  // Longest message the server reads: must equal bot.inbound.MAX_MESSAGE_CHARS (a test checks);
  // the server's session_confirm says it too, and that value wins.
  var maxMessageChars = 5000;
  var tooLongText = null;  // the server's own explanation (conversation.yml), from session_confirm
  // The web chat's own texts: labels and states of the page, not the assistant's answers.
  var TEXT = {
    chatLabel: "Chat med Samskabelsesrådgiveren",
    logLabel: "Samtale",
    bot: "Rådgiveren: ",
    user: "Dig: ",
    inputLabel: "Dit spørgsmål",
    placeholder: "Skriv dit spørgsmål, fx «Hvad er samskabelse?»",
    send: "Send",
    keys: "Enter sender · Shift+Enter giver ny linje",
    privacy: "Skriv ikke navne, CPR-numre eller andre personoplysninger.",
    buttons: "Svarmuligheder",
    copy: "Kopiér",
    copyLabel: "Kopiér opsummeringen",
    copied: "Kopieret – du kan nu indsætte den, fx i et dokument.",
    copyFailed: "Kunne ikke kopiere. Markér teksten, og kopiér den selv.",
    offline: "Ingen forbindelse til rådgiveren lige nu. Chatten prøver igen af sig selv; imens bliver beskeder ikke sendt.",
    notSent: "Din besked er ikke sendt, fordi der ikke er forbindelse. Den står stadig i feltet.",
    tooLong: "Din besked er for lang – skriv højst {limit} tegn.",
    count: "{count} af {limit} tegn"
  };
  var state = load();

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey)) || { sessionId: null, history: [] }; }
    catch (e) { return { sessionId: null, history: [] }; }
  }
  function save() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode: no history */ }
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function number(n) { return Number(n).toLocaleString("da-DK"); }
  function length(text) { return Array.from(text.replace(/\r\n?/g, "\n")).length; }  // characters, as the server counts

  var box = el("section", { "class": "sk-chat", "aria-label": TEXT.chatLabel });
  var banner = el("div", { "class": "sk-banner", role: "alert" });
  banner.hidden = true;
  var log = el("div", { "class": "sk-log", role: "log", "aria-live": "polite", "aria-label": TEXT.logLabel,
                        tabindex: "0" });
  var status = el("p", { "class": "sk-status", role: "status" });
  var form = el("form", { "class": "sk-form" });
  var label = el("label", { "for": "sk-input" }, TEXT.inputLabel);
  var input = el("textarea", { id: "sk-input", rows: "2", autocomplete: "off", placeholder: TEXT.placeholder,
                               "aria-describedby": "sk-keys sk-count" });
  var send = el("button", { type: "submit", "class": "sk-send" }, TEXT.send);
  var keys = el("span", { id: "sk-keys", "class": "sk-keys" }, TEXT.keys);
  var count = el("span", { id: "sk-count", "class": "sk-count" });
  var notice = el("p", { "class": "sk-notice" }, TEXT.privacy);
  var row = el("div", { "class": "sk-row" });
  var hints = el("p", { "class": "sk-hints" });
  row.appendChild(input); row.appendChild(send);
  hints.appendChild(keys); hints.appendChild(count);
  form.appendChild(label); form.appendChild(row); form.appendChild(hints);
  box.appendChild(banner); box.appendChild(log); box.appendChild(status); box.appendChild(form); box.appendChild(notice);
  root.appendChild(box);
  root.classList.add("sk-root");

  // -- The privacy line: what not to write, and (when the server has said so) how long conversations are kept.
  function showRetention(days) {
    if (typeof days !== "number" || !(days > 0)) { notice.textContent = TEXT.privacy; return; }
    notice.textContent = TEXT.privacy + " Samtalen gemmes i " + number(days) + (days === 1 ? " dag" : " dage") +
      " og slettes derefter – skriv «slet min samtale» for at slette den nu.";
  }

  // -- Rendering. A new answer is the bot messages after the user's last message; it is scrolled to its start.
  var answerStart = null, awaitingAnswer = true;
  function scrollToAnswer() {
    if (!answerStart || !answerStart.isConnected) { log.scrollTop = log.scrollHeight; return; }
    var top = answerStart.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
    var style = window.getComputedStyle(log);
    top -= parseFloat(style.paddingTop) || 0;
    log.scrollTop = Math.max(0, Math.min(top, log.scrollHeight - log.clientHeight));
  }
  function retireButtons() {
    // Answered choices leave the Tab order (and stay visible, dimmed).
    Array.prototype.forEach.call(log.querySelectorAll(".sk-buttons button"), function (b) { b.disabled = true; });
    Array.prototype.forEach.call(log.querySelectorAll(".sk-buttons"), function (g) { g.classList.add("sk-answered"); });
  }
  function markdownBlock(markdown) {
    // The Markdown shown readably (headings bold, "- " as bullets), copied exactly as it is.
    var block = el("div", { "class": "sk-markdown" });
    var body = el("div", { "class": "sk-md-body" });
    var list = null;
    markdown.split("\n").forEach(function (line) {
      var heading = /^(#{1,6})\s+(.*)$/.exec(line), item = /^\s*[-*]\s+(.*)$/.exec(line);
      if (item) {
        if (!list) { list = el("ul", { "class": "sk-md-list" }); body.appendChild(list); }
        list.appendChild(el("li", {}, item[1]));
        return;
      }
      list = null;
      if (heading) { body.appendChild(el("p", { "class": "sk-md-h" + Math.min(heading[1].length, 2) }, heading[2])); }
      else if (line.trim()) { body.appendChild(el("p", { "class": "sk-md-p" }, line)); }
    });
    var tools = el("div", { "class": "sk-md-tools" });
    var copy = el("button", { type: "button", "class": "sk-copy", "aria-label": TEXT.copyLabel }, TEXT.copy);
    var result = el("span", { "class": "sk-copy-result" });
    copy.addEventListener("click", function () {
      copyText(markdown, function (ok) { result.textContent = ok ? TEXT.copied : TEXT.copyFailed; });
    });
    tools.appendChild(copy); tools.appendChild(result);
    block.appendChild(body); block.appendChild(tools);
    return block;
  }
  function copyText(text, done) {
    function fallback() {
      var area = el("textarea", { "class": "sk-copy-buffer", "aria-hidden": "true", tabindex: "-1", readonly: "" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  }

  function render(entry, live) {
    var bot = entry.from === "bot";
    if (!bot) { retireButtons(); }
    var item = el("div", { "class": "sk-msg " + (bot ? "sk-bot" : "sk-user") });
    item.appendChild(el("span", { "class": "sk-who" }, bot ? TEXT.bot : TEXT.user));
    item.appendChild(el("div", { "class": "sk-text" }, entry.text));
    if (entry.markdown) { item.appendChild(markdownBlock(entry.markdown)); }
    if (entry.source) { item.appendChild(el("p", { "class": "sk-source" }, entry.source)); }
    if (entry.buttons && entry.buttons.length) {
      var group = el("div", { "class": "sk-buttons", role: "group", "aria-label": TEXT.buttons });
      entry.buttons.forEach(function (b) {
        var button = el("button", { type: "button" }, b.title);
        button.addEventListener("click", function () {
          if (ask(b.payload, b.title)) { button.classList.add("sk-chosen"); }
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    if (!bot) { awaitingAnswer = true; answerStart = null; log.scrollTop = log.scrollHeight; }
    else if (awaitingAnswer) { awaitingAnswer = false; answerStart = item; }
    if (bot) { scrollToAnswer(); }
    if (live) { state.history.push(entry); save(); }
  }

  state.history.forEach(function (entry) { render(entry, false); });

  // Presentation view: large text, high contrast, wide layout (class sk-projektor on <html>, see chat.css).
  var toggle = document.getElementById("sk-visning");
  function setView(projector, remember) {
    document.documentElement.classList.toggle("sk-projektor", projector);
    if (toggle) { toggle.setAttribute("aria-pressed", projector ? "true" : "false"); }
    if (remember) {
      try { window.localStorage.setItem(viewKey, projector ? "projektor" : "normal"); } catch (e) { /* not remembered */ }
    }
    scrollToAnswer();
  }
  (function () {
    var asked = null, stored = null;
    try { asked = new URLSearchParams(window.location.search).get("visning"); } catch (e) { /* old browser */ }
    try { stored = window.localStorage.getItem(viewKey); } catch (e) { /* private mode */ }
    var known = asked === "projektor" || asked === "normal";
    setView((known ? asked : stored) === "projektor", known);
  })();
  if (toggle) {
    toggle.addEventListener("click", function () {
      var projector = !document.documentElement.classList.contains("sk-projektor");
      setView(projector, true);
      // A ?visning= in the address follows the button, so a reload keeps what was chosen.
      try {
        var url = new URL(window.location.href);
        if (url.searchParams.has("visning")) {
          url.searchParams.set("visning", projector ? "projektor" : "normal");
          window.history.replaceState(null, "", url.toString());
        }
      } catch (e) { /* old browser: the stored choice still applies without the parameter */ }
    });
  }

  // -- The connection. "connecting" until the first session_confirm, "ready" after it, "offline" while
  // the server can't be reached (a message is then not sent, and not shown as sent).
  var socket = io(server, { transports: ["websocket"], auth: token ? { token: token } : {} });
  var phase = "connecting";
  // Messages wait for session_confirm: socket.io sends what was emitted while connecting *before*
  // the connect handler's session_request, and the server answers such a message with "no session".
  var confirmed = false, pending = [], explainTooLong = false;
  function offline() {
    phase = "offline";
    confirmed = false;
    banner.textContent = TEXT.offline;
    banner.hidden = false;
    box.classList.add("sk-offline");
  }
  socket.on("connect", function () {
    banner.hidden = true; banner.textContent = "";
    box.classList.remove("sk-offline");
    status.textContent = "";
    socket.emit("session_request", { session_id: state.sessionId, greet: state.history.length === 0 });
  });
  socket.on("disconnect", offline);
  socket.on("connect_error", offline);
  socket.on("session_confirm", function (data) {
    state.sessionId = (data && data.session_id) || data; save();
    if (data && typeof data.max_message_chars === "number") { maxMessageChars = data.max_message_chars; }
    if (data && typeof data.too_long === "string") { tooLongText = data.too_long; }
    showRetention(data && data.retention_days);
    updateCount();
    confirmed = true; phase = "ready";
    if (explainTooLong) { explainTooLong = false; explainLength(); }
    var queued = pending; pending = [];
    queued.forEach(emitMessage);
  });
  function emitMessage(message) {
    if (confirmed) { socket.emit("user_uttered", { message: message, session_id: state.sessionId }); }
    else { pending.push(message); }
  }
  // "Slet min samtale" confirmed: the server has deleted the conversation, so the browser forgets it
  // too (transcript and session id); only the confirmation stays on screen, and a new session starts.
  function forgetConversation() {
    var last = null;
    for (var i = state.history.length - 1; i >= 0; i--) {
      if (state.history[i].from === "bot") { last = { from: "bot", text: state.history[i].text, buttons: [] }; break; }
    }
    state = { sessionId: null, history: [] };
    save();
    while (log.firstChild) { log.removeChild(log.firstChild); }
    answerStart = null; awaitingAnswer = true;
    if (last) { render(last, true); }
    confirmed = false;
    socket.emit("session_request", { session_id: null });
  }
  socket.on("bot_uttered", function (msg) {
    if (!msg) { return; }
    if (msg.custom) {
      if (msg.custom.conversation_deleted === true) { forgetConversation(); }
      return;
    }
    var buttons = (msg.quick_replies || msg.buttons || []).map(function (b) { return { title: b.title, payload: b.payload }; });
    var entry = { from: "bot", text: msg.text || "", buttons: buttons };
    if (typeof msg.source === "string" && msg.source) { entry.source = msg.source; }
    if (typeof msg.markdown === "string" && msg.markdown) { entry.markdown = msg.markdown; }
    render(entry, true);
  });

  // -- Sending.
  function explainLength() {
    if (!confirmed && !tooLongText) { explainTooLong = true; return; }  // shown once the server's text is here
    var text = tooLongText || TEXT.tooLong.replace("{limit}", number(maxMessageChars));
    awaitingAnswer = true;
    render({ from: "bot", text: text, buttons: [] }, true);
  }
  function ask(message, shown) {
    if (phase === "offline") { status.textContent = TEXT.notSent; return false; }
    if (!message.trim()) {
      // The server answers an empty message with its own explanation and the menu (the earlier choices retire).
      retireButtons();
      awaitingAnswer = true;
      emitMessage("");
      return true;
    }
    if (length(message) > maxMessageChars) { retireButtons(); explainLength(); return false; }
    status.textContent = "";
    render({ from: "user", text: shown || message }, true);
    emitMessage(message);
    input.focus();
    return true;
  }
  function submit() {
    var text = input.value;
    if (ask(text) && text.trim()) { input.value = ""; updateCount(); }
    input.focus();
  }
  function updateCount() {
    // Shown near the limit only, so the field is quiet for ordinary questions.
    var n = length(input.value);
    count.textContent = n > 0.8 * maxMessageChars ?
      TEXT.count.replace("{count}", number(n)).replace("{limit}", number(maxMessageChars)) : "";
    count.classList.toggle("sk-over", n > maxMessageChars);
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      submit();
    }
  });
  input.addEventListener("input", updateCount);
})();
