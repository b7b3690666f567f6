// Unit tests of the calculator's parser, run by Node's own test runner (tests/web/test_calculator_js.py
// starts it from pytest). The module is loaded from its source through a data: URL, so no
// package.json is needed to mark it as an ES module.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const source = readFileSync(new URL("../../engine/web/static/calculator.js", import.meta.url), "utf8");
const calc = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);
const { evaluate, tokenize, CalcError, format, tidy } = calc;

test("the four operations with the usual precedence", () => {
  assert.equal(evaluate("1 + 2 * 3"), 7);
  assert.equal(evaluate("(1 + 2) * 3"), 9);
  assert.equal(evaluate("10 - 4 - 3"), 3); // left to right, not 10 - (4 - 3)
  assert.equal(evaluate("48 / 4 / 2"), 6);
  assert.equal(evaluate("2 * (3 + (4 - 1)) / 3"), 4);
  assert.equal(evaluate("7 ÷ 2"), 3.5);
  assert.equal(evaluate("6 × 7 − 2"), 40);
});

test("unary signs and decimals", () => {
  assert.equal(evaluate("-3 + 5"), 2);
  assert.equal(evaluate("-(2 + 3) * 2"), -10);
  assert.equal(evaluate("2 * -3"), -6);
  assert.equal(evaluate("--4"), 4);
  assert.equal(evaluate(".5 + 1.25"), 1.75);
  assert.equal(evaluate("0.1 + 0.2"), 0.3); // binary noise rounded away
  assert.equal(evaluate("1 / 3 * 3"), 1);
});

test("percent as on a pocket calculator", () => {
  assert.equal(evaluate("15%"), 0.15);
  assert.equal(evaluate("240 * 15%"), 36);
  assert.equal(evaluate("200 + 10%"), 220);
  assert.equal(evaluate("80 - 25%"), 60);
  assert.equal(evaluate("(50 + 50)%"), 1);
  assert.equal(evaluate("200 + 10% * 2"), 200.2); // 10% * 2 is a plain product, not a share of 200
  assert.equal(evaluate("50% + 50%"), 0.75); // 0.5 plus 50% of 0.5
});

test("results read back in", () => {
  assert.equal(format(-4.5), "−4.5");
  assert.equal(evaluate(format(-4.5) + " + 1"), -3.5);
  assert.equal(evaluate("1e21 * 10"), 1e22);
  assert.equal(evaluate(format(tidy(-1e-7)) + " * 10"), -1e-6);
});

test("bad input gets a clear error, never a wrong number", () => {
  const cases = {
    "": "Nothing to calculate",
    "1 +": "Incomplete expression",
    "(1 + 2": "Missing closing bracket",
    "1 + 2)": "Unmatched closing bracket",
    "4 / 0": "Cannot divide by zero",
    "4 / (2 - 2)": "Cannot divide by zero",
    "1..2": "Not a number: 1..2",
    "2 * * 3": "Unexpected *",
    "alert(1)": "Unexpected character: a",
    "2 (3)": "Unexpected (",
    "1e400": "Result out of range",
  };
  for (const [text, message] of Object.entries(cases)) {
    assert.throws(() => evaluate(text), (error) => error instanceof CalcError && error.message === message, text);
  }
  assert.throws(() => evaluate("1+".repeat(150) + "1"), /too long/);
});

test("the parser never calls eval or Function", () => {
  const code = source.replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\beval\b|\bFunction\b/);
  assert.deepEqual(tokenize("2×3").map((t) => t.kind), ["number", "*", "number"]);
});
