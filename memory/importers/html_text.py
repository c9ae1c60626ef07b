"""A fragment of HTML as the plain text a person would read, with the standard library's parser.

Google Takeout keeps the Gemini's answers as HTML (`safeHtmlItem`). Stored
as markup, tags would be searched, embedded and quoted; stripped naively,
paragraphs and list items would run together into one line. Each block
(paragraph, heading, list item, table row, `<br>`) becomes its own line,
list items start with "- " (or "1. " in an ordered list), preformatted text
keeps its lines, and scripts and styles are dropped.
"""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "blockquote", "pre", "table", "tr", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure", "figcaption", "details", "summary",
})
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_CELLS = frozenset({"td", "th"})


class _Flattener(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""  # a list item's indent and marker, kept apart so collapsing spaces cannot eat the indent
        self.hidden = 0
        self.pre = 0
        self.lists: list[list[int]] = []  # per open list: [is ordered, items so far]
        self.cells = 0

    def newline(self) -> None:
        line = "".join(self.current)
        self.current = []
        line = line.rstrip() if self.pre else " ".join(line.split())
        if line.strip():
            self.lines.append(self.prefix + line)
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.newline()
        elif tag in _CELLS:
            if self.cells:
                self.current.append(" | ")
            self.cells += 1
        elif tag in _BLOCKS:
            self.newline()
            if tag in ("ul", "ol"):
                self.lists.append([tag == "ol", 0])
            elif tag == "li":
                self.start_item()
            elif tag == "pre":
                self.pre += 1
            elif tag == "tr":
                self.cells = 0

    def start_item(self) -> None:
        depth = max(len(self.lists) - 1, 0)
        marker = "- "
        if self.lists:
            self.lists[-1][1] += 1
            if self.lists[-1][0]:
                marker = f"{self.lists[-1][1]}. "
        self.prefix = "  " * depth + marker

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCKS:
            self.newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCKS:
            self.newline()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            elif tag == "pre":
                self.pre = max(self.pre - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.pre:
            first, *rest = data.split("\n")
            self.current.append(first)
            for piece in rest:
                self.newline()
                self.current.append(piece)
        else:
            self.current.append(data)


def html_to_text(html: str) -> str:
    """The text of `html`, one line per block, no blank lines; a stray `<` or unclosed tag is read as the browser would, never an error."""
    parser = _Flattener()
    parser.feed(html)
    parser.close()
    parser.newline()
    return "\n".join(parser.lines)
