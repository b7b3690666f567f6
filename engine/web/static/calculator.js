// The on-screen calculator of a section that allows one: four operations, percent, brackets and
// memory, typed or clicked. Expressions are evaluated by the small recursive-descent parser below,
// never by eval or Function (the page's Content-Security-Policy forbids both anyway).
//
// Grammar (precedence from loose to tight):
//   expression := term (("+" | "-") term)*
//   term       := unary (("*" | "/") unary)*
//   unary      := ("-" | "+") unary | postfix
//   postfix    := primary "%"*
//   primary    := number | "(" expression ")"
// Percent works as on a pocket calculator: "b%" alone is b / 100, "a * b%" is a * b / 100, and
// "a + b%" / "a - b%" add or take away b per cent OF a (200 + 10% = 220), the way a candidate
// works out "15% more than 240" on a desk calculator.

export class CalcError extends Error {
  constructor(message, position) {
    super(message);
    this.name = "CalcError";
    this.position = position;
  }
}

const SYMBOLS = { "×": "*", "x": "*", "X": "*", "÷": "/", ":": "/", "−": "-", "–": "-" };
const MAX_LENGTH = 200;

export function tokenize(text) {
  if (text.length > MAX_LENGTH) throw new CalcError("Expression too long", MAX_LENGTH);
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const ch = SYMBOLS[text[i]] ?? text[i];
    if (ch === " ") {
      i += 1;
    } else if ((ch >= "0" && ch <= "9") || ch === ".") {
      const start = i;
      let dots = 0;
      while (i < text.length && ((text[i] >= "0" && text[i] <= "9") || text[i] === ".")) {
        if (text[i] === ".") dots += 1;
        i += 1;
      }
      if (i < text.length && text[i] === "e" && /^e[-+]?[0-9]/.test(text.slice(i).replace("−", "-"))) {
        i += 1; // an exponent, as a result of 1e21 or more is shown
        if ("+-−".includes(text[i])) i += 1;
        while (i < text.length && text[i] >= "0" && text[i] <= "9") i += 1;
      }
      const raw = text.slice(start, i).replace("−", "-");
      if (dots > 1 || raw === ".") throw new CalcError(`Not a number: ${raw}`, start);
      tokens.push({ kind: "number", value: Number(raw), position: start });
    } else if ("+-*/%()".includes(ch)) {
      tokens.push({ kind: ch, position: i });
      i += 1;
    } else {
      throw new CalcError(`Unexpected character: ${text[i]}`, i);
    }
  }
  return tokens;
}

class Parser {
  constructor(tokens) {
    this.tokens = tokens;
    this.index = 0;
  }

  peek() {
    return this.tokens[this.index];
  }

  take(kind) {
    const token = this.peek();
    if (token && token.kind === kind) {
      this.index += 1;
      return token;
    }
    return null;
  }

  // Each parse step returns {value, percent}: percent marks a term that is a bare "b%", which
  // "+" and "-" read as a share of their left operand.
  expression() {
    let left = this.term().value;
    for (;;) {
      const op = this.take("+") || this.take("-");
      if (!op) return { value: left, percent: false };
      const right = this.term();
      const amount = right.percent ? left * right.value : right.value;
      left = op.kind === "+" ? left + amount : left - amount;
    }
  }

  term() {
    let result = this.unary();
    for (;;) {
      const op = this.take("*") || this.take("/");
      if (!op) return result;
      const right = this.unary();
      if (op.kind === "/" && right.value === 0) throw new CalcError("Cannot divide by zero", op.position);
      result = { value: op.kind === "*" ? result.value * right.value : result.value / right.value, percent: false };
    }
  }

  unary() {
    if (this.take("-")) {
      const inner = this.unary();
      return { value: -inner.value, percent: inner.percent };
    }
    if (this.take("+")) return this.unary();
    return this.postfix();
  }

  postfix() {
    let result = this.primary();
    while (this.take("%")) result = { value: result.value / 100, percent: true };
    return result;
  }

  primary() {
    const token = this.peek();
    if (!token) throw new CalcError("Incomplete expression", this.endPosition());
    if (token.kind === "number") {
      this.index += 1;
      return { value: token.value, percent: false };
    }
    if (this.take("(")) {
      const inner = this.expression();
      if (!this.take(")")) throw new CalcError("Missing closing bracket", this.endPosition());
      return { value: inner.value, percent: false };
    }
    throw new CalcError(`Unexpected ${token.kind}`, token.position);
  }

  endPosition() {
    const token = this.peek();
    return token ? token.position : Infinity;
  }
}

// Round away binary-fraction noise (0.1 + 0.2 shows 0.3) to 12 significant digits.
export function tidy(value) {
  if (!Number.isFinite(value)) throw new CalcError("Result out of range", 0);
  const rounded = Number(value.toPrecision(12));
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function evaluate(text) {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new CalcError("Nothing to calculate", 0);
  const parser = new Parser(tokens);
  const result = parser.expression();
  const rest = parser.peek();
  if (rest) throw new CalcError(rest.kind === ")" ? "Unmatched closing bracket" : `Unexpected ${rest.kind}`,
    rest.position);
  return tidy(result.value);
}

// Shown with a true minus sign; tokenize reads it back.
export function format(value) {
  return String(value).replaceAll("-", "−");
}

// The keys, in the order they are laid out (four columns); label is what a screen reader says.
const KEYS = [
  ["MC", "memory clear"], ["MR", "memory recall"], ["M+", "memory add"], ["M-", "memory subtract"],
  ["C", "clear"], ["(", "open bracket"], [")", "close bracket"], ["⌫", "delete last character"],
  ["7", "7"], ["8", "8"], ["9", "9"], ["÷", "divide"],
  ["4", "4"], ["5", "5"], ["6", "6"], ["×", "multiply"],
  ["1", "1"], ["2", "2"], ["3", "3"], ["−", "minus"],
  ["0", "0"], [".", "decimal point"], ["%", "percent"], ["+", "plus"],
  ["=", "equals"],
];

const TYPED = { "*": "×", "/": "÷", "-": "−", "x": "×", "X": "×" };

// One calculator bound to a container element; builds its own display and keys inside it.
export class Calculator {
  constructor(root) {
    this.root = root;
    this.memory = 0;
    this.justEvaluated = false;
    this.build();
  }

  build() {
    const doc = this.root.ownerDocument;
    this.root.classList.add("calculator");
    this.root.setAttribute("role", "group");
    if (!this.root.hasAttribute("aria-label")) this.root.setAttribute("aria-label", "Calculator");
    const label = doc.createElement("label");
    label.className = "calc-label";
    label.textContent = "Calculation";
    this.input = doc.createElement("input");
    this.input.type = "text";
    this.input.id = `${this.root.id || "calc"}-input`;
    this.input.className = "calc-input";
    this.input.autocomplete = "off";
    this.input.spellcheck = false;
    this.input.setAttribute("inputmode", "decimal");
    label.htmlFor = this.input.id;
    this.output = doc.createElement("output");
    this.output.className = "calc-result";
    this.output.setAttribute("aria-live", "polite");
    this.output.htmlFor = this.input.id;
    this.memoryMark = doc.createElement("span");
    this.memoryMark.className = "calc-memory";
    const keys = doc.createElement("div");
    keys.className = "calc-keys";
    for (const [key, name] of KEYS) {
      const button = doc.createElement("button");
      button.type = "button";
      button.textContent = key;
      button.dataset.key = key;
      if (name !== key) button.setAttribute("aria-label", name);
      if (key === "=") button.classList.add("calc-equals");
      keys.append(button);
    }
    this.root.replaceChildren(label, this.input, this.output, this.memoryMark, keys);
    keys.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-key]");
      if (button) this.press(button.dataset.key);
    });
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.input.addEventListener("input", () => { this.justEvaluated = false; });
    this.showMemory();
  }

  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Enter" || event.key === "=") {
      event.preventDefault();
      this.press("=");
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.press("C");
    } else if (TYPED[event.key]) {
      event.preventDefault();
      this.press(TYPED[event.key]);
    } else if (this.justEvaluated && /^[0-9.(]$/.test(event.key)) {
      this.input.value = ""; // a digit after "=" starts a new calculation; the default types it
      this.justEvaluated = false;
    } else if (event.key.length === 1 && !/[0-9.%()+ ]/.test(event.key)) {
      event.preventDefault(); // letters and other characters are not part of a calculation
    }
  }

  press(key) {
    const value = this.input.value;
    if (key === "=") this.equals();
    else if (key === "C") this.setText("", "Cleared");
    else if (key === "⌫") this.setText(value.slice(0, -1));
    else if (key === "MC") this.setMemory(0, "Memory cleared");
    else if (key === "MR") this.insert(format(this.memory), true);
    else if (key === "M+" || key === "M-") this.toMemory(key === "M+" ? 1 : -1);
    else this.insert(key);
    // Keep typing possible after a click, but do not pop up a phone's keyboard on every tap.
    if (!globalThis.matchMedia?.("(pointer: coarse)").matches) this.input.focus();
  }

  insert(text, number = /^[0-9.(]/.test(text)) {
    // After "=", a number starts afresh and an operator goes on from the result.
    const base = this.justEvaluated && number ? "" : this.input.value;
    this.justEvaluated = false;
    this.setText(base + text);
  }

  setText(text, announce) {
    this.input.value = text;
    if (announce !== undefined) this.output.value = announce;
  }

  equals() {
    try {
      const result = evaluate(this.input.value);
      this.output.value = `= ${format(result)}`;
      this.input.value = format(result);
      this.justEvaluated = true;
      return result;
    } catch (error) {
      if (!(error instanceof CalcError)) throw error;
      this.output.value = error.message;
      return null;
    }
  }

  toMemory(sign) {
    if (this.input.value.trim() === "") return;
    const result = this.equals();
    if (result === null) return;
    const memory = tidy(this.memory + sign * result);
    this.setMemory(memory, `Memory ${format(memory)}`);
  }

  setMemory(value, announce) {
    this.memory = value;
    this.output.value = announce;
    this.showMemory();
  }

  showMemory() {
    this.memoryMark.textContent = this.memory === 0 ? "" : `M = ${format(this.memory)}`;
  }
}

// Bind every calculator container on the page (data-calculator marks them).
export function mountAll(doc = document) {
  return [...doc.querySelectorAll("[data-calculator]")].map((root) => new Calculator(root));
}
