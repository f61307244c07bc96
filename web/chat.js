/* Samskabelsesrådgiveren web chat: a small UI on socket.io-client.
 * Bot text is always inserted as text (textContent), never as HTML.
 * The conversation (session id and transcript) survives a reload via localStorage. Without a login
 * (JWT) the session id is issued and signed by the server; one it did not issue is replaced.
 * When the leader deletes the conversation, the stored transcript is deleted too.
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
  // Longest message the server reads: must equal bot.user_input.MAX_MESSAGE_CHARS (a test checks).
  var MAX_MESSAGE_CHARS = 5000;
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

  var box = el("section", { "class": "sk-chat", "aria-label": "Chat med Samskabelsesrådgiveren" });
  var log = el("ol", { "class": "sk-log", role: "log", "aria-live": "polite", "aria-label": "Samtale" });
  var status = el("p", { "class": "sk-status", role: "status" });
  var form = el("form", { "class": "sk-form" });
  var label = el("label", { "for": "sk-input" }, "Dit spørgsmål");
  var input = el("input", { id: "sk-input", type: "text", autocomplete: "off", maxlength: String(MAX_MESSAGE_CHARS),
                            placeholder: "Skriv dit spørgsmål, fx «Hvad er samskabelse?»" });
  var send = el("button", { type: "submit" }, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  box.appendChild(log); box.appendChild(status); box.appendChild(form);
  root.appendChild(box);
  root.classList.add("sk-root");

  function render(entry, live) {
    var item = el("li", { "class": "sk-msg " + (entry.from === "bot" ? "sk-bot" : "sk-user") });
    item.appendChild(el("span", { "class": "sk-who" }, entry.from === "bot" ? "Rådgiveren: " : "Dig: "));
    item.appendChild(document.createTextNode(entry.text));
    log.appendChild(item);
    if (entry.buttons && entry.buttons.length) {
      var group = el("li", { "class": "sk-buttons", role: "group", "aria-label": "Svarmuligheder" });
      entry.buttons.forEach(function (b) {
        var button = el("button", { type: "button" }, b.title);
        button.addEventListener("click", function () { ask(b.payload, b.title); });
        group.appendChild(button);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
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
    log.scrollTop = log.scrollHeight;
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

  var socket = io(server, { transports: ["websocket"], auth: token ? { token: token } : {} });
  // Messages wait for session_confirm: socket.io sends what was emitted while connecting *before*
  // the connect handler's session_request, and the server answers such a message with "no session".
  var confirmed = false, pending = [];
  socket.on("connect", function () {
    status.textContent = "";
    socket.emit("session_request", { session_id: state.sessionId });
  });
  socket.on("disconnect", function () { confirmed = false; });
  socket.on("connect_error", function () { status.textContent = "Kan ikke få forbindelse til rådgiveren lige nu."; });
  socket.on("session_confirm", function (data) {
    state.sessionId = (data && data.session_id) || data; save();
    confirmed = true;
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
    if (last) { render(last, true); }
    confirmed = false;
    socket.emit("session_request", { session_id: null });
  }
  socket.on("bot_uttered", function (msg) {
    if (msg && msg.custom) {
      if (msg.custom.conversation_deleted === true) { forgetConversation(); }
      return;
    }
    var buttons = (msg.quick_replies || msg.buttons || []).map(function (b) { return { title: b.title, payload: b.payload }; });
    render({ from: "bot", text: msg.text || "", buttons: buttons }, true);
  });

  function ask(message, shown) {
    if (!message || !message.trim()) { return; }
    render({ from: "user", text: shown || message }, true);
    emitMessage(message);
    input.focus();
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value; input.value = "";
    ask(text);
  });
})();
