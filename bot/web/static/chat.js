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
  const dock = document.getElementById("dock");
  const jump = document.getElementById("jump");
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

  // A browser cannot share the person's phone number as Telegram does: the
  // "send my number" button opens a small phone field instead, whose number is
  // sent as a typed answer (the browser may offer to fill it in).
  function phoneForm() {
    const phone = document.createElement("form");
    phone.className = "phone";
    const label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = "phone";
    label.textContent = "Nomor HP / Phone number";
    const field = document.createElement("input");
    Object.assign(field, { id: "phone", type: "tel", inputMode: "tel", autocomplete: "tel", placeholder: "0812 3456 7890", maxLength: 20 });
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Kirim";
    const english = document.createElement("span");
    english.className = "visually-hidden";
    english.textContent = " / Send";
    button.appendChild(english);
    phone.append(label, field, button);
    phone.addEventListener("submit", async (event) => {
      event.preventDefault();
      const number = field.value.trim();
      if (!number) { say("Tulis nomor HP dulu / Write the number first"); field.focus(); return; }
      if (await sendText(number)) field.value = "";
    });
    return { form: phone, field: field };
  }

  function renderKeyboard(message) {
    if (keyboard) { keyboard.remove(); keyboard = null; }
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
        const phone = phoneForm();
        button.replaceWith(phone.form);
        phone.field.focus();
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
    // Right above the composer, beside the hint line: where the person's eyes are.
    dock.insertBefore(keyboard, status);
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

  let replyAwaited = false;
  // Within this many pixels of the end counts as reading the newest message.
  const NEAR_BOTTOM = 80;

  function atBottom() {
    return main.scrollHeight - main.scrollTop - main.clientHeight < NEAR_BOTTOM;
  }

  function toBottom() {
    main.scrollTop = main.scrollHeight;
    jump.hidden = true;
  }

  // `follow`: the person just acted or opened the page, so the newest message is shown;
  // otherwise only when they were already at the end: someone reading back is not
  // pulled away, they get the "new messages" button instead.
  function show(messages, follow) {
    // The answer to what the person sent may come by the long poll before the reply to the send.
    const stay = follow || replyAwaited || atBottom();
    let firstNew = null;
    let last = null;
    messages.forEach((message) => {
      if (message.id <= lastId) return;  // a reply may arrive by both the answer and the poll
      if (message.from === "out") disableOldButtons();
      const item = render(message);
      log.appendChild(item);
      lastId = message.id;
      last = item;
      if (message.from === "out") {
        // A plain message (news, a hint) leaves the answer keyboard of the open question.
        if (message.remove_keyboard || message.keyboard.length || message.request_contact
            || (message.buttons && message.buttons.length)) renderKeyboard(message);
        if (!firstNew) firstNew = item;
        replyAwaited = false;
      }
    });
    if (!last) return;
    if (!stay) {
      if (firstNew) jump.hidden = false;
      return;
    }
    toBottom();
    // A reply taller than the screen is read from its start, not its end.
    if (firstNew && follow !== "history" && firstNew.offsetTop < main.scrollTop) {
      firstNew.scrollIntoView({ block: "start" });
    }
    const focus = follow === "history" ? last : firstNew;
    if (focus) focus.focus({ preventScroll: true });  // screen readers read the new message
  }

  main.addEventListener("scroll", () => { if (atBottom()) jump.hidden = true; });
  jump.addEventListener("click", () => {
    toBottom();
    const newest = log.lastElementChild;
    if (newest) newest.focus({ preventScroll: true });
  });

  async function send(body) {
    say("");
    replyAwaited = true;
    try {
      const answer = await call("/chat/api/events?after=" + lastId, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      }, 3);
      show(answer.messages, true);
      return true;
    } catch (error) {
      replyAwaited = false;
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
    // Emptied only once the server has it, so a failed send loses nothing typed; and only
    // if it still holds what was sent: the answer may come first by the long poll, and the
    // person may have typed the next answer already.
    if (await sendText(text) && input.value.trim() === text) input.value = "";
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
    replyAwaited = true;
    try {
      const answer = await call("/chat/api/files?after=" + lastId, { method: "POST", body: data });
      say("");
      show(answer.messages, true);
    } catch (error) {
      replyAwaited = false;
      say(error.message || "Gagal mengunggah / Upload failed");
    }
  });

  async function poll() {
    let delay = 1000;
    for (;;) {
      try {
        const answer = await call("/chat/api/messages?wait=25&after=" + lastId, {});
        show(answer.messages, false);
        delay = 1000;
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30000);
      }
    }
  }

  // An outreach poster's link (/chat?src=…) says where the person came from, once: the
  // address loses it, so a reload does not greet again.
  function takeSource() {
    const params = new URLSearchParams(window.location.search);
    const src = params.get("src");
    if (src === null) return null;
    params.delete("src");
    const rest = params.toString();
    history.replaceState(null, "", window.location.pathname + (rest ? "?" + rest : "") + window.location.hash);
    return src;
  }

  async function start() {
    const src = takeSource();
    try {
      const past = await call("/chat/api/messages?after=0", {}, 3);
      show(past.messages, "history");
      // The greeting comes without a message of the person's: they typed nothing. A poster's
      // link greets (or carries on) in a chat that has begun already, too.
      if (!past.messages.length || src) await send({ id: newId(), type: "start", src: src || undefined });
    } catch (error) {
      say(error.message || "Tidak tersambung / Not connected");
    }
    poll();
  }

  start();
})();
