"""Read one YAML content file safely, keeping the line and column of every node.

PyYAML's composer builds a node graph with marks; this module turns it into plain Python data
itself, so it can reject what a trainer never means to write (duplicate keys, tags that would
construct objects, merge keys, alias bombs) and remember where each value came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from functools import lru_cache

MAX_BYTES = 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
# Aliases let a small file stand for a huge document (every alias repeats its anchor's whole
# value), and every later check works on the expanded document. So the expanded text is capped
# (no real content file comes near it), and so is the text that aliases repeat.
MAX_CHARS = 2 * MAX_BYTES
MAX_ALIASED_CHARS = 100_000

_STR = "tag:yaml.org,2002:str"
_SAFE_SCALARS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Problem:
    """One problem found in a content file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        return f"{one_line(self.path)}:{self.line}:{self.col}: {self.severity}: {one_line(self.message)}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the changed line."""
        def prop(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")

        message = one_line(self.message).replace("%", "%25")
        return (f"::{self.severity} file={prop(self.path)},line={self.line},col={self.col},"
                f"title=peerlearn validate::{message}")

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": one_line(self.message),
        }


def one_line(text: str) -> str:
    """A message or path safe for one line of a terminal or CI log: no line breaks, nothing
    the one cleaning function removes (both can come from the file being checked)."""
    from peerlearn.ui.render import clean

    return " ".join(clean(str(text)).split())


@dataclass
class Document:
    """A parsed content file: its data and where each part of it stands."""

    path: str
    data: object
    marks: dict = field(default_factory=dict)  # json path tuple -> (line, col) of the value
    key_marks: dict = field(default_factory=dict)  # json path tuple -> (line, col) of its key

    def where(self, path, key: bool = False) -> tuple[int, int]:
        """The closest known position of the node at `path` (or of its key)."""
        path = tuple(path)
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


class SourceError(Exception):
    """A file that cannot be read as peerlearn content at all."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


@lru_cache(maxsize=None)
def _yaml():
    """PyYAML and its fastest safe loader, imported only when a file is really parsed (the
    content cache spares most runs from it)."""
    import yaml

    try:  # libyaml's parser is several times faster where it is installed
        loader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        loader = yaml.SafeLoader
    return yaml, loader


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError(line, col, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        raise SourceError(line, at - (text.rfind("\n", 0, at) + 1) + 1, "the file contains a NUL character; is it a text file?")
    return text


class _Builder:
    def __init__(self):
        yaml, _ = _yaml()
        self.yaml = yaml
        self.count = 0
        self.chars = 0  # characters of text in the expanded document, keys included
        self.aliased = 0  # of which repeated through aliases
        self.sizes: dict = {}  # id(node) -> characters it expanded to, once built
        self.marks: dict = {}
        self.key_marks: dict = {}
        self.scalars = yaml.constructor.SafeConstructor()
        self.open: set = set()  # id() of the lists and mappings being built (an alias to one is a cycle)

    def build(self, node, path=(), depth=0, stack=()):
        size = self.sizes.get(id(node))
        if size is not None:  # the node was built before: this is an alias to it
            self.aliased += size
            if self.aliased > MAX_ALIASED_CHARS:
                raise SourceError(*_pos(node.start_mark), f"aliases repeat the value anchored here until they make more than {MAX_ALIASED_CHARS:,} characters of text; write the text out, or keep aliases for short values")
        before = self.chars
        value = self._build(node, path, depth, stack)
        self.sizes[id(node)] = self.chars - before
        return value

    def _text(self, node, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_CHARS:
            raise SourceError(*_pos(node.start_mark), f"the document expands to more than {MAX_CHARS:,} characters of text (an alias/anchor expansion?); peerlearn content never needs that much")

    def _build(self, node, path, depth, stack):
        yaml = self.yaml
        self.count += 1
        if self.count > MAX_NODES:
            raise SourceError(*_pos(node.start_mark), f"the document expands to more than {MAX_NODES:,} values (an alias/anchor expansion?); peerlearn content never needs aliases")
        if depth > MAX_DEPTH:
            raise SourceError(*_pos(node.start_mark), f"the document nests deeper than {MAX_DEPTH} levels")
        if id(node) in self.open:
            raise SourceError(*_pos(node.start_mark), "an alias refers to the node that contains it (a recursive structure)")
        self.marks.setdefault(path, _pos(node.start_mark))
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SAFE_SCALARS:
                raise SourceError(*_pos(node.start_mark), f"unsupported tag {node.tag!r}: content may only hold plain text, numbers, true/false, lists and mappings")
            self._text(node, node.value)
            if node.tag in (_STR, "tag:yaml.org,2002:timestamp"):
                return node.value
            try:
                return self.scalars.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                raise SourceError(*_pos(node.start_mark), f"cannot read the value {node.value!r}: {exc}") from None
        self.open.add(id(node))
        try:
            return self._build_collection(node, path, depth, stack)
        finally:
            self.open.discard(id(node))

    def _build_collection(self, node, path, depth, stack):
        yaml = self.yaml
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise SourceError(*_pos(node.start_mark), f"unsupported tag {node.tag!r} on a list")
            return [self.build(item, path + (i,), depth + 1, stack) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise SourceError(*_pos(node.start_mark), f"unsupported tag {node.tag!r} on a mapping")
            out: dict = {}
            first: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise SourceError(*_pos(key_node.start_mark), "merge keys ('<<') are not supported; write the keys out")
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SAFE_SCALARS:
                    raise SourceError(*_pos(key_node.start_mark), "a mapping key must be plain text")
                key = key_node.value
                self._text(key_node, key)
                if key in first:
                    line, _ = first[key]
                    raise SourceError(*_pos(key_node.start_mark), f"duplicate key {key!r} (first given on line {line}); YAML would silently keep only the last one")
                first[key] = _pos(key_node.start_mark)
                self.key_marks[path + (key,)] = _pos(key_node.start_mark)
                out[key] = self.build(value_node, path + (key,), depth + 1, stack)
            return out
        raise SourceError(*_pos(node.start_mark), "unexpected YAML node")  # pragma: no cover


def parse_text(path: str, text: str) -> Document:
    """Parse YAML text into a Document, or raise SourceError."""
    if not text.strip():
        raise SourceError(1, 1, "the file is empty")
    yaml, loader = _yaml()
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise SourceError(line, col, f"YAML syntax: {what}") from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        raise SourceError(line, col, f"the file contains a control character (#x{exc.character:04x}) that YAML does not allow") from None
    except yaml.YAMLError as exc:
        raise SourceError(1, 1, f"YAML syntax: {exc}") from None
    except RecursionError:
        raise SourceError(1, 1, "the document nests too deeply") from None
    if node is None:
        raise SourceError(1, 1, "the file is empty (it holds only comments)")
    builder = _Builder()
    try:
        data = builder.build(node)
    except RecursionError:
        raise SourceError(1, 1, "the document nests too deeply") from None
    return Document(path, data, builder.marks, builder.key_marks)


def read_document(path: str, display: str | None = None) -> Document:
    """Read and parse a content file from disk, or raise SourceError."""
    display = display or path
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise SourceError(1, 1, f"the file is larger than {MAX_BYTES // 1024} KiB; split it into smaller files")
    return parse_text(display, _decode(raw))
