"""Read guideline documents (.txt, .md, .html) and cut them into overlapping word windows.

Each chunk gets a stable source id ``<relative path>#<n>`` with ``n`` counted from 1, e.g.
``guideline.md#3`` is the third window of ``guideline.md``. HTML is reduced to text with the
standard library's ``html.parser``; headings are kept (as Markdown ``#`` lines, then as a
sentence of the passage without the ``#``), and each chunk records the heading it starts under.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from meddx.errors import ConfigError, DataError
from meddx.models import Chunk

__all__ = ["SUFFIXES", "Chunk", "chunk_text", "collect_files", "html_to_text", "read_document"]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


def collect_files(sources: list[Path]) -> tuple[list[tuple[Path, str]], list[Path]]:
    """Expand folders (recursively) into documents; returns ``[(path, name)]`` and the files
    skipped inside folders. ``name`` is the path relative to the folder given, or the file name.

    A file named explicitly must have a supported suffix; inside a folder, other files and hidden
    files are skipped (and reported).
    """
    found: list[tuple[Path, str]] = []
    skipped: list[Path] = []
    if not sources:
        raise ConfigError("no documents given: pass guideline files or a folder of them")
    for src in sources:
        src = Path(src)
        if src.is_dir():
            for path in sorted(p for p in src.rglob("*") if p.is_file()):
                rel = path.relative_to(src)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if path.suffix.lower() in SUFFIXES:
                    found.append((path, rel.as_posix()))
                else:
                    skipped.append(path)
        elif src.is_file():
            if src.suffix.lower() not in SUFFIXES:
                raise ConfigError(
                    f"unsupported file type '{src.suffix or '(none)'}' for '{src}'; "
                    f"supported: {', '.join(SUFFIXES)}"
                )
            found.append((src, src.name))
        else:
            raise ConfigError(f"document source '{src}' does not exist")
    names: dict[str, Path] = {}
    for path, name in found:
        if name in names and names[name].resolve() != path.resolve():
            raise ConfigError(
                f"two documents would share the source id '{name}' ('{names[name]}' and '{path}'); "
                "pass their common folder instead"
            )
        names[name] = path
    unique = list({name: (path, name) for path, name in found}.values())
    return unique, skipped


def read_document(path: Path) -> str:
    """The plain text of a document (HTML is stripped; headings are kept as ``#`` lines)."""
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read ({exc.strerror})", file=str(path)) from None
    if Path(path).suffix.lower() in (".html", ".htm"):
        return html_to_text(raw)
    return raw


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "head", "noscript", "template", "svg"}
    _BLOCK = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "section", "article", "header",
              "footer", "blockquote", "pre", "dt", "dd", "hr", "main", "nav", "aside", "figure"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._heading: int | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = int(tag[1])
            self.parts.append("\n\n" + "#" * self._heading + " ")
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = None
            self.parts.append("\n\n")
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None:
            data = " ".join(data.split())  # a heading stays on one line
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def chunk_text(text: str, name: str, *, chunk_words: int, overlap: int) -> list[Chunk]:
    """Windows of ``chunk_words`` words; consecutive windows share exactly ``overlap`` words.

    The last window ends at the last word (it may be shorter). Heading lines lose their ``#``
    marks and end with a full stop. Each chunk's metadata holds the document name, its 1-based
    number, its first word's index and the heading it starts under.
    """
    check_chunking(chunk_words, overlap)
    words: list[str] = []
    sections: list[str] = []  # the heading in force at each word
    current = ""
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:  # "## Bleeding on warfarin" reads "Bleeding on warfarin." in the passage
            current = match.group(2).strip()
            line = current if current[-1] in ".?!:;" else current + "."
        for word in line.split():
            words.append(word)
            sections.append(current)
    chunks: list[Chunk] = []
    step = chunk_words - overlap
    start = 0
    while start < len(words):
        end = min(start + chunk_words, len(words))
        n = len(chunks) + 1
        chunks.append(Chunk(f"{name}#{n}", " ".join(words[start:end]),
                            {"source": name, "chunk": n, "start_word": start, "words": end - start,
                             "section": sections[start]}))
        if end == len(words):
            break
        start += step
    return chunks


def check_chunking(chunk_words: int, overlap: int) -> None:
    if not isinstance(chunk_words, int) or chunk_words < 1:
        raise ConfigError(f"chunk_words must be a positive integer; got {chunk_words!r}")
    if not isinstance(overlap, int) or not 0 <= overlap < chunk_words:
        raise ConfigError(
            f"overlap must be an integer from 0 to chunk_words - 1 ({chunk_words - 1}); "
            f"got {overlap!r}"
        )
