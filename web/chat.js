/* Samskabelsesrådgiveren web chat: a small UI on socket.io-client.
 * Bot text is always inserted as text (textContent), never as HTML.
 * The conversation (session id and transcript) survives a reload via localStorage.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = document.getElementById(script.getAttribute("data-target") || "samskabelse-chat");
  var server = script.getAttribute("data-server") || window.location.protocol + "//" + window.location.hostname + ":5005";
  var token = script.getAttribute("data-token") || null;
  var storeKey = "samskabelse-chat:" + server;
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
  var input = el("input", { id: "sk-input", type: "text", autocomplete: "off", maxlength: "2000",
                            placeholder: "Skriv dit spørgsmål, fx «Hvad er samskabelse?»" });
  var send = el("button", { type: "submit" }, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  box.appendChild(log); box.appendChild(status); box.appendChild(form);
  root.appendChild(box);

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

  var socket = io(server, { transports: ["websocket"], auth: token ? { token: token } : {} });
  socket.on("connect", function () {
    status.textContent = "";
    socket.emit("session_request", { session_id: state.sessionId });
  });
  socket.on("connect_error", function () { status.textContent = "Kan ikke få forbindelse til rådgiveren lige nu."; });
  socket.on("session_confirm", function (data) {
    state.sessionId = (data && data.session_id) || data; save();
  });
  socket.on("bot_uttered", function (msg) {
    var buttons = (msg.quick_replies || msg.buttons || []).map(function (b) { return { title: b.title, payload: b.payload }; });
    render({ from: "bot", text: msg.text || "", buttons: buttons }, true);
  });

  function ask(message, shown) {
    if (!message || !message.trim()) { return; }
    render({ from: "user", text: shown || message }, true);
    socket.emit("user_uttered", { message: message, session_id: state.sessionId });
    input.focus();
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value; input.value = "";
    ask(text);
  });
})();
