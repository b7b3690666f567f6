"""Figures that go with an item: a data table, an SVG drawing or a text grid, each rendering to
plain text (terminal) and to HTML (reports, booklets, exports), and round-tripping through JSON."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from question_generators.errors import SecondroundError


class Figure(Protocol):
    """What every figure offers; `kind` names it in JSON."""

    kind: ClassVar[str]

    def to_text(self) -> str: ...

    def to_html(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Table:
    """A data table: column headers carry units and currencies; the first column labels the rows."""

    kind: ClassVar[str] = "table"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    def __post_init__(self) -> None:
        if any(len(row) != len(self.columns) for row in self.rows):
            raise SecondroundError(f"table {self.caption!r}: every row needs {len(self.columns)} cells")

    def to_text(self) -> str:
        cells = [self.columns, *self.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.columns))]

        def line(row: tuple[str, ...]) -> str:
            # Labels left, figures right: numbers line up on their last digit as in print.
            parts = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            return "  ".join(parts).rstrip()

        rule = "  ".join("-" * w for w in widths)
        out = [self.caption] if self.caption else []
        out += [line(self.columns), rule, *(line(r) for r in self.rows)]
        return "\n".join(out)

    def to_html(self) -> str:
        esc = html.escape
        head = "".join(f'<th scope="col">{esc(c)}</th>' for c in self.columns)
        body = "".join(
            "<tr>" + f'<th scope="row">{esc(r[0])}</th>' + "".join(f"<td>{esc(c)}</td>" for c in r[1:]) + "</tr>"
            for r in self.rows
        )
        caption = f"<caption>{esc(self.caption)}</caption>" if self.caption else ""
        return f'<table class="data">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "caption": self.caption, "columns": list(self.columns),
                "rows": [list(r) for r in self.rows]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Table:
        return cls(columns=tuple(data["columns"]), rows=tuple(tuple(r) for r in data["rows"]),
                   caption=data.get("caption", ""))


@dataclass(frozen=True, slots=True)
class Svg:
    """A drawing: SVG markup made by the generator, its text rendering, and a text alternative."""

    kind: ClassVar[str] = "svg"
    svg: str
    text: str
    alt: str

    def to_text(self) -> str:
        return self.text

    def to_html(self) -> str:
        # The markup is the generator's own output (never user input), so it is inserted as is.
        return f'<figure class="svg" role="img" aria-label="{html.escape(self.alt)}">{self.svg}</figure>'

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "svg": self.svg, "text": self.text, "alt": self.alt}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Svg:
        return cls(svg=data["svg"], text=data["text"], alt=data["alt"])


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Monospaced text that must keep its layout (a code table, a grid of symbols), or, with
    `prose`, paragraphs wrapped for the terminal that a page re-flows (a reading passage)."""

    kind: ClassVar[str] = "text"
    text: str
    alt: str = ""
    prose: bool = False

    def to_text(self) -> str:
        return self.text

    def to_html(self) -> str:
        label = f' aria-label="{html.escape(self.alt)}"' if self.alt else ""
        if self.prose:  # blank lines part the paragraphs; the terminal's line breaks are undone
            paragraphs = (" ".join(p.split()) for p in self.text.split("\n\n") if p.strip())
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            return f'<div class="prose"{label}>{body}</div>'
        return f'<pre class="figure"{label}>{html.escape(self.text)}</pre>'

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "text": self.text, "alt": self.alt}
        if self.prose:  # only then: the JSON of every other text figure stays as it was
            data["prose"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextBlock:
        return cls(text=data["text"], alt=data.get("alt", ""), prose=bool(data.get("prose", False)))


FIGURE_KINDS: dict[str, Any] = {cls.kind: cls for cls in (Table, Svg, TextBlock)}


def figure_from_dict(data: dict[str, Any]) -> Figure:
    """Rebuild a figure from its JSON form; an unknown kind is a clear error."""
    kind = data.get("kind")
    if kind not in FIGURE_KINDS:
        raise SecondroundError(f"unknown figure kind {kind!r} (known: {', '.join(sorted(FIGURE_KINDS))})")
    return FIGURE_KINDS[kind].from_dict(data)
