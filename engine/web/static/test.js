// The test page, enhanced: a live countdown that the server's clock corrects, warnings at 5 and 1
// minutes, moving on by itself when the server has closed the section, keyboard shortcuts, a zoom
// for figures, the figure description remembered across items, the "replaced by another tab"
// notice and the calculator. The page works without this module (forms post, links jump, the
// time left is printed); everything here only adds to it.

import { mountAll } from "./calculator.js";

const WARNINGS = [
  { ms: 5 * 60 * 1000, text: "5 minutes left in this section.", late: "Less than 5 minutes left in this section.",
    level: "warn" },
  { ms: 60 * 1000, text: "1 minute left in this section.", late: "Less than 1 minute left in this section.",
    level: "urgent" },
];
const CROSSING_MS = 2000; // a warning said within this of its moment says the exact time
const RESYNC_MS = 15000; // how often the page asks the server for the time left
const CLOSING_POLL_MS = 1000; // after zero, how often it asks whether the section has closed

const $ = (selector, root = document) => root.querySelector(selector);

export function formatClock(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

// The server states its own time and the section's deadline (both epoch ms); the page's deadline
// is the same distance ahead of the page's clock, so a computer whose clock is wrong by minutes
// still counts the right time. Measured against performance.now(), which never jumps.
export function localDeadline(serverNowMs, deadlineMs, pageNowMs, latencyMs = 0) {
  return pageNowMs + (deadlineMs - serverNowMs) - latencyMs / 2;
}

class Clock {
  constructor(page, element) {
    this.page = page;
    this.element = element;
    this.live = $("#clock-live") || this.makeLive();
    this.key = `secondround:warned:${page.session}:${page.section}`;
    this.warned = new Set(JSON.parse(sessionStorage.getItem(this.key) || "[]"));
    this.paused = element.dataset.paused === "true";
    this.closing = false;
    const remaining = Number(element.dataset.remainingMs);
    const serverNow = Number(element.dataset.serverNowMs);
    const deadline = Number(element.dataset.deadlineMs);
    const now = performance.now();
    this.deadline = Number.isFinite(deadline) && Number.isFinite(serverNow) && deadline > 0
      ? localDeadline(serverNow, deadline, now)
      : now + remaining;
    this.remainingWhenPaused = remaining;
  }

  makeLive() {
    const live = document.createElement("p");
    live.id = "clock-live";
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    this.element.after(live);
    return live;
  }

  remaining() {
    return this.paused ? this.remainingWhenPaused : this.deadline - performance.now();
  }

  start() {
    this.tick();
    this.timer = setInterval(() => this.tick(), 250);
  }

  tick() {
    const left = this.remaining();
    const shown = $("[data-clock-text]", this.element) || this.element;
    const text = formatClock(left);
    if (shown.textContent !== text) shown.textContent = text;
    for (const warning of WARNINGS) {
      if (left <= warning.ms) {
        this.element.classList.add(`clock-${warning.level}`);
        if (!this.warned.has(warning.ms) && left > 0) {
          this.warned.add(warning.ms);
          sessionStorage.setItem(this.key, JSON.stringify([...this.warned]));
          // Only the tighter warning is spoken when a page opens past both thresholds.
          if (!WARNINGS.some((w) => w.ms < warning.ms && left <= w.ms)) {
            this.announce(warning.ms - left <= CROSSING_MS ? warning.text : warning.late);
          }
        }
      }
    }
    if (left <= 0 && !this.paused && !this.closing) this.timeUp();
  }

  announce(text) {
    // Said to a screen reader and shown beside the clock, as the online tests show their warnings.
    this.live.textContent = text;
    this.live.classList.remove("visually-hidden");
    this.live.classList.add("clock-notice");
  }

  resync(state, latencyMs) {
    this.paused = Boolean(state.paused);
    if (this.paused) {
      this.remainingWhenPaused = state.remaining_ms;
    } else if (state.deadline_ms && state.server_now_ms) {
      this.deadline = localDeadline(state.server_now_ms, state.deadline_ms, performance.now(), latencyMs);
    } else if (Number.isFinite(state.remaining_ms)) {
      this.deadline = performance.now() + state.remaining_ms - latencyMs / 2;
    }
  }

  timeUp() {
    this.closing = true;
    this.announce("Time is up. Your answers are saved; moving on.");
    this.element.classList.add("clock-up");
    for (const control of document.querySelectorAll("#answer-form input, #answer-form button")) {
      control.disabled = true;
    }
    this.page.waitForClose();
  }
}

class TestPage {
  constructor(root) {
    this.root = root;
    this.session = root.dataset.session;
    this.section = root.dataset.section;
    this.stateUrl = root.dataset.stateUrl;
    this.tab = root.dataset.tab || $("input[name=tab]")?.value || "";
    this.replaced = false;
    this.leaving = false;
  }

  start() {
    const clock = $("#clock");
    if (clock) {
      this.clock = new Clock(this, clock);
      this.clock.start();
    }
    if (this.stateUrl) {
      this.poller = setInterval(() => this.poll(), RESYNC_MS);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") this.poll();
      });
    }
    this.listenForOtherTabs();
    document.addEventListener("keydown", (event) => this.onKey(event));
    for (const figure of document.querySelectorAll("[data-zoomable]")) addZoom(figure);
    for (const details of document.querySelectorAll("details[data-remember]")) remember(details);
    for (const [index, calculator] of mountAll().entries()) addCalculatorToggle(calculator.root, index);
  }

  // A page of this session opening in another tab of this browser says so at once; this page then
  // asks the server, which decides who the writer is (a tab in another browser is found by polling).
  listenForOtherTabs() {
    if (!("BroadcastChannel" in window) || !this.session) return;
    this.channel = new BroadcastChannel(`secondround-session-${this.session}`);
    this.channel.addEventListener("message", (event) => {
      if (event.data && event.data.tab !== this.tab) this.poll();
    });
    this.channel.postMessage({ tab: this.tab });
  }

  async fetchState() {
    const url = new URL(this.stateUrl, location.href);
    if (this.tab) url.searchParams.set("tab", this.tab);
    const sent = performance.now();
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin",
      cache: "no-store" });
    if (!response.ok) throw new Error(`state ${response.status}`);
    return { state: await response.json(), latency: performance.now() - sent };
  }

  async poll() {
    if (this.leaving || this.replaced) return;
    let answer;
    try {
      answer = await this.fetchState();
    } catch {
      return; // a lost connection: the next poll tries again; the page keeps counting
    }
    this.apply(answer.state, answer.latency);
  }

  apply(state, latency) {
    if (state.replaced) {
      this.showReplaced();
      return;
    }
    const moved = state.section_status !== "open" || String(state.section) !== String(this.section);
    if (moved || state.status !== "in_progress") {
      this.moveOn(state.next_url);
      return;
    }
    this.clock?.resync(state, latency);
  }

  // Time is up here: the server decides. Ask until it says the section is closed, then go on.
  waitForClose() {
    if (!this.stateUrl) {
      this.moveOn(location.href);
      return;
    }
    const ask = async () => {
      if (this.leaving || this.replaced) return;
      try {
        const { state, latency } = await this.fetchState();
        this.apply(state, latency);
        if (this.clock && this.clock.remaining() > 0 && !state.replaced) {
          this.clock.closing = false; // the server gave more time (a fast page clock): count on
          this.clock.element.classList.remove("clock-up");
          this.clock.announce("");
          for (const control of document.querySelectorAll("#answer-form input, #answer-form button")) {
            control.disabled = false;
          }
          return;
        }
      } catch {
        // no answer: try again shortly
      }
      setTimeout(ask, CLOSING_POLL_MS);
    };
    ask();
  }

  moveOn(url) {
    if (this.leaving) return;
    this.leaving = true;
    clearInterval(this.poller);
    location.replace(url || location.href);
  }

  showReplaced() {
    if (this.replaced) return;
    this.replaced = true;
    clearInterval(this.poller);
    if (this.clock) clearInterval(this.clock.timer);
    let notice = $("#replaced-notice");
    if (!notice) {
      notice = document.createElement("div");
      notice.id = "replaced-notice";
      notice.className = "notice notice-replaced";
      notice.setAttribute("role", "alert");
      notice.textContent = "This test was opened in another tab or window, which now has it. Answers from this "
        + "page are no longer accepted; close it and carry on in the other one.";
      (document.querySelector("main") || document.body).prepend(notice);
    }
    notice.hidden = false;
    for (const control of document.querySelectorAll("#answer-form input, #answer-form button")) {
      control.disabled = true;
    }
  }

  onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (isTyping(target) || target.closest?.("[data-calculator]")) return;
    const key = event.key;
    const form = $("#answer-form");
    if (!form || this.replaced) return;
    // F flags; on an item that has an option F, plain F chooses it and Shift+F flags.
    const flagKey = (key === "F" && event.shiftKey) || (key === "f" && !hasOption(form, "F"));
    if (/^[a-hA-H]$/.test(key) && !flagKey) {
      const radio = optionRadio(form, key.toUpperCase());
      if (radio && !radio.disabled) {
        event.preventDefault();
        radio.checked = true;
        radio.focus();
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      }
      return;
    }
    // Arrow keys move between radio buttons natively; on a radio they keep that meaning.
    const onRadio = target.matches?.("input[type=radio]");
    let button = null;
    if (key === "n" || key === "N" || (key === "ArrowRight" && !onRadio)) button = $("#next");
    else if (key === "p" || key === "P" || (key === "ArrowLeft" && !onRadio)) button = $("#prev");
    else if (flagKey) button = $("#flag");
    if (button && !button.disabled && !button.hidden) {
      event.preventDefault();
      button.click();
    }
  }
}

function optionRadio(form, letter) {
  return form.querySelector(`input[type=radio][data-letter="${letter}"]`)
    || form.querySelector(`input[type=radio][value="${letter}"]`);
}

function hasOption(form, letter) {
  return Boolean(optionRadio(form, letter));
}

function isTyping(element) {
  if (!element || !element.matches) return false;
  if (element.isContentEditable) return true;
  if (element.matches("textarea, select")) return true;
  return element.matches("input") && !element.matches("[type=radio], [type=checkbox], [type=button], [type=submit]");
}

// A zoom for figure details: the figure doubles in size inside a scrolling frame.
function addZoom(figure) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "zoom-toggle";
  button.textContent = "Zoom in";
  button.setAttribute("aria-pressed", "false");
  if (figure.id) button.setAttribute("aria-controls", figure.id);
  const frame = figure.querySelector("[data-zoom-frame]") || figure;
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "Zoom out" : "Zoom in";
    figure.classList.toggle("zoomed", on);
    frame.style.overflow = on ? "auto" : "";
    for (const svg of frame.querySelectorAll("svg")) {
      if (on) {
        svg.dataset.width = svg.getBoundingClientRect().width;
        svg.style.width = `${Number(svg.dataset.width) * 2}px`;
        svg.style.maxWidth = "none";
        svg.style.height = "auto";
      } else {
        svg.style.width = svg.style.maxWidth = svg.style.height = "";
      }
    }
  });
  figure.prepend(button);
}

// The figure's text description: off by default where the family is about reading the figure,
// and once a candidate opens it, open on every later item of the session too.
function remember(details) {
  const key = `secondround:describe:${document.querySelector("#test-page")?.dataset.session || ""}`;
  const chosen = sessionStorage.getItem(key);
  if (chosen === "open" && !details.hasAttribute("data-locked")) details.open = true;
  else if (chosen === "closed") details.open = false; // closed once: closed on later items too
  details.addEventListener("toggle", () => sessionStorage.setItem(key, details.open ? "open" : "closed"));
}

function addCalculatorToggle(root, index) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "calculator-toggle";
  button.id = index ? `calculator-toggle-${index}` : "calculator-toggle";
  button.setAttribute("aria-controls", root.id);
  const key = "secondround:calculator";
  const show = (on) => {
    root.hidden = !on;
    button.setAttribute("aria-expanded", String(on));
    button.textContent = on ? "Hide calculator" : "Calculator";
    sessionStorage.setItem(key, on ? "open" : "closed");
  };
  button.addEventListener("click", () => {
    show(root.hidden);
    if (!root.hidden) root.querySelector("input")?.focus();
  });
  root.before(button);
  show(sessionStorage.getItem(key) === "open");
}

const root = document.getElementById("test-page");
if (root) new TestPage(root).start();
