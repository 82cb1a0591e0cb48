// The web chat page: sends what the person types or presses, shows the transcript,
// and long-polls for new messages (status messages from the office arrive that way).
"use strict";

(function () {
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const fileInput = document.getElementById("file");
  const status = document.getElementById("status");
  const main = document.getElementById("chat");
  const maxBytes = Number(main.dataset.maxBytes || 0);
  let lastId = 0;
  let keyboard = null;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  function say(text) { status.textContent = text || ""; }

  async function call(url, options, attempts) {
    // The same request id is sent again after a network error: the server counts it once.
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(url, Object.assign({ credentials: "same-origin" }, options));
        const body = await response.json().catch(() => ({}));
        if (!response.ok) throw Object.assign(new Error(body.detail || response.statusText), { status: response.status });
        return body;
      } catch (error) {
        if (error.status || attempt >= (attempts || 1)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    }
  }

  function disableOldButtons() {
    log.querySelectorAll(".buttons button:not([data-global])").forEach((button) => { button.disabled = true; });
  }

  function renderKeyboard(message) {
    if (keyboard) { keyboard.remove(); keyboard = null; }
    input.removeAttribute("inputmode");
    if (message.remove_keyboard || (!message.keyboard.length && !message.request_contact)) return;
    keyboard = document.createElement("div");
    keyboard.className = "keyboard";
    keyboard.setAttribute("role", "group");
    keyboard.setAttribute("aria-label", "Pilihan jawaban / Answer choices");
    if (message.request_contact) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = message.request_contact;
      button.addEventListener("click", () => {
        input.setAttribute("inputmode", "tel");
        input.placeholder = "Ketik nomor HP, contoh 0812… / Type your phone number";
        input.focus();
      });
      keyboard.appendChild(button);
    }
    message.keyboard.forEach((row) => row.forEach((label) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.addEventListener("click", () => sendText(label));
      keyboard.appendChild(button);
    }));
    form.parentNode.insertBefore(keyboard, form);
  }

  function render(message) {
    const item = document.createElement("li");
    item.className = "msg " + message.from;
    item.tabIndex = -1;
    item.dataset.id = message.id;
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.textContent = message.text;  // never innerHTML: user text stays text
    item.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      const group = document.createElement("div");
      group.className = "buttons";
      group.setAttribute("role", "group");
      message.buttons.forEach((row) => row.forEach((spec) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = spec.label;
        if (spec.payload.startsWith("g:")) button.dataset.global = "1";
        button.addEventListener("click", () => press(spec, button));
        group.appendChild(button);
      }));
      item.appendChild(group);
    }
    return item;
  }

  function show(messages) {
    let firstNew = null;
    messages.forEach((message) => {
      if (message.id <= lastId) return;  // a reply may arrive by both the answer and the poll
      if (message.from === "out") disableOldButtons();
      const item = render(message);
      log.appendChild(item);
      lastId = message.id;
      if (message.from === "out") {
        renderKeyboard(message);
        if (!firstNew) firstNew = item;
      }
    });
    if (firstNew) {
      firstNew.focus({ preventScroll: true });  // screen readers read the new message
      firstNew.scrollIntoView({ block: "start" });
    }
  }

  async function send(body) {
    say("");
    try {
      const answer = await call("/chat/api/events?after=" + lastId, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      }, 3);
      show(answer.messages);
      return true;
    } catch (error) {
      // A refusal says why (in both languages); a network failure says what to do.
      say(error.status && error.message ? error.message
        : "Gagal mengirim: periksa sambungan, lalu kirim lagi / Could not send: check the connection, then send again");
      return false;
    }
  }

  // A text that failed to send keeps its id, so sending it again can never count twice.
  let unsent = null;
  async function sendText(text) {
    const id = unsent && unsent.text === text ? unsent.id : newId();
    unsent = { id: id, text: text };
    const sent = await send({ id: id, type: "text", text: text });
    if (sent) unsent = null;
    return sent;
  }

  async function press(spec, button) {
    if (button.disabled) return;
    button.disabled = true;  // a double click is one press
    const sent = await send({ id: newId(), type: "button", payload: spec.payload, label: spec.label });
    if (!sent || button.dataset.global) button.disabled = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) { say("Tulis pesan dulu / Write a message first"); input.focus(); return; }
    // Emptied only once the server has it, so a failed send loses nothing typed.
    if (await sendText(text)) input.value = "";
    input.focus();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0];
    fileInput.value = "";
    if (!file) return;
    if (maxBytes && file.size > maxBytes + 64 * 1024) {
      say("Berkas terlalu besar / File too large");
      return;
    }
    const data = new FormData();
    data.append("id", newId());
    data.append("file", file, file.name);
    say("Mengunggah… / Uploading…");
    try {
      const answer = await call("/chat/api/files?after=" + lastId, { method: "POST", body: data });
      say("");
      show(answer.messages);
    } catch (error) {
      say(error.message || "Gagal mengunggah / Upload failed");
    }
  });

  async function poll() {
    let delay = 1000;
    for (;;) {
      try {
        const answer = await call("/chat/api/messages?wait=25&after=" + lastId, {});
        show(answer.messages);
        delay = 1000;
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30000);
      }
    }
  }

  async function start() {
    try {
      const history = await call("/chat/api/messages?after=0", {}, 3);
      show(history.messages);
      if (!history.messages.length) await sendText("/start");
    } catch (error) {
      say(error.message || "Tidak tersambung / Not connected");
    }
    poll();
  }

  start();
})();
