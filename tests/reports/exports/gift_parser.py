"""A strict GIFT reader written apart from the writer: it refuses anything the writer should never
produce (an unescaped special character in text, an unknown escape, a stray brace)."""

from __future__ import annotations

from dataclasses import dataclass, field

SPECIALS = set("~=#{}:\\")


class GiftSyntaxError(ValueError):
    pass


@dataclass
class Question:
    title: str
    fmt: str
    text: str
    category: str
    choices: list[tuple[bool, str, str]] = field(default_factory=list)  # (correct, text, feedback)
    numeric: tuple[float, float] | None = None
    general: str = ""


def tokens(text: str) -> list[tuple[str, bool]]:
    """(character, escaped) pairs; a backslash must escape one of the special characters."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text) or text[i + 1] not in SPECIALS:
                raise GiftSyntaxError(f"bad escape at {i}: {text[i:i + 5]!r}")
            out.append((text[i + 1], True))
            i += 2
            continue
        out.append((char, False))
        i += 1
    return out


def plain(run: list[tuple[str, bool]], allowed: str = "") -> str:
    for char, escaped in run:
        if not escaped and char in SPECIALS and char not in allowed:
            raise GiftSyntaxError(f"unescaped {char!r} in {''.join(c for c, _ in run)!r}")
    return "".join(char for char, _ in run)


def split_at(run: list[tuple[str, bool]], marks: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Split a run at unescaped marks, keeping each mark with the text after it."""
    parts: list[tuple[str, list[tuple[str, bool]]]] = []
    for char, escaped in run:
        if not escaped and char in marks:
            parts.append((char, []))
        elif not parts:
            raise GiftSyntaxError(f"text before the first answer mark: {char!r}")
        else:
            parts[-1][1].append((char, escaped))
    return parts


def parse_question(block: str, category: str) -> Question:
    run = tokens(block)
    chars = "".join(c if not e else "\0" for c, e in run)
    if not chars.startswith("::"):
        raise GiftSyntaxError(f"no title: {block[:40]!r}")
    end_title = chars.index("::", 2)
    title = plain(run[2:end_title])
    rest = run[end_title + 2:]
    fmt = "moodle"
    head = "".join(c for c, _ in rest[:6])
    if head == "[html]":
        fmt, rest = "html", rest[6:]
    opens = [i for i, (c, e) in enumerate(rest) if c == "{" and not e]
    closes = [i for i, (c, e) in enumerate(rest) if c == "}" and not e]
    if len(opens) != 1 or len(closes) != 1 or closes[0] != len(rest) - 1 or opens[0] > closes[0]:
        raise GiftSyntaxError(f"need exactly one answer block at the end: {block[:60]!r}")
    question = Question(title, fmt, plain(rest[:opens[0]]).strip(), category)
    answers = rest[opens[0] + 1:closes[0]]
    text = "".join(c if not e else "\0" for c, e in answers)
    if "####" in text:
        cut = text.index("####")
        question.general = plain(answers[cut + 4:]).strip()
        answers = answers[:cut]
    stripped = "".join(c for c, _ in answers).strip()
    if stripped.startswith("#"):
        body = plain(answers, allowed="#:").strip()[1:]
        value, tolerance = body.split(":")
        question.numeric = (float(value), float(tolerance))
        return question
    while answers and answers[0][0].isspace():
        answers = answers[1:]
    for mark, part in split_at(answers, "=~"):
        pieces = split_at([("#", False), *part], "#")
        if len(pieces) > 2:
            raise GiftSyntaxError("more than one feedback on an answer")
        answer = plain(pieces[0][1]).strip()
        feedback = plain(pieces[1][1]).strip() if len(pieces) == 2 else ""
        question.choices.append((mark == "=", answer, feedback))
    return question


def parse(text: str) -> list[Question]:
    questions, category = [], ""
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        lines = [line for line in block.split("\n") if not line.startswith("//")]
        if not lines:
            continue
        if lines[0].startswith("$CATEGORY:"):
            if len(lines) != 1:
                raise GiftSyntaxError("a category line must stand alone")
            category = lines[0][len("$CATEGORY:"):].strip()
            continue
        questions.append(parse_question("\n".join(lines), category))
    return questions
