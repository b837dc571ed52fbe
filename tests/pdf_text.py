"""The text on each page of a PDF printed by Chromium, for tests.

No PDF library is among our dependencies, and Chromium's PDFs (Skia) are
simple: numbered objects without object streams, Flate-compressed page
contents drawing hex glyph ids (Tj / TJ) in fonts whose /ToUnicode maps give
the characters. That is all this reads; anything else (another producer,
encrypted files) raises PdfTextError rather than returning partial text.
NFKC folds the CJK radicals some fonts map to (⼼ → 心).
"""

from __future__ import annotations

import re
import unicodedata
import zlib


class PdfTextError(ValueError):
    pass


_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(pdf: bytes) -> dict[int, bytes]:
    objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(pdf)}
    if not objects or b"/ObjStm" in pdf or b"/Encrypt" in pdf:
        raise PdfTextError("not a PDF this reader understands (no plain objects, or object streams, or encrypted)")
    return objects


def _stream(body: bytes) -> bytes:
    m = _STREAM.search(body)
    if not m:
        return b""
    data = m.group(1)
    # decompressobj: the regex may keep a stray end-of-line byte after the data.
    return zlib.decompressobj().decompress(data) if b"/FlateDecode" in body else data


def _cmap(data: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for i, glyph in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[glyph] = chr(start + i)
    return table


def _fonts(objects: dict[int, bytes], resources: bytes) -> dict[bytes, dict[int, str]]:
    m = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
    if not m:
        ref = re.search(rb"/Font\s+(\d+) 0 R", resources)
        m = re.search(rb"<<(.*)>>", objects[int(ref.group(1))], re.S) if ref else None
    fonts = {}
    for name, number in re.findall(rb"/(\w+)\s+(\d+) 0 R", m.group(1) if m else b""):
        to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", objects[int(number)])
        fonts[name] = _cmap(_stream(objects[int(to_unicode.group(1))])) if to_unicode else {}
    return fonts


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page, in page order, whitespace-free and NFKC-normalised."""
    objects = _objects(pdf)
    tree = re.search(rb"/Type\s*/Pages.*?/Kids\s*\[(.*?)\]", b"".join(objects[n] for n in sorted(objects)), re.S)
    if not tree:
        raise PdfTextError("no page tree")
    pages = []
    for number in re.findall(rb"(\d+) 0 R", tree.group(1)):
        body = objects[int(number)]
        if not re.search(rb"/Type\s*/Page[^s]", body):
            raise PdfTextError("nested page trees are not read")
        ref = re.search(rb"/Resources\s+(\d+) 0 R", body)
        fonts = _fonts(objects, objects[int(ref.group(1))] if ref else body)
        chars: list[str] = []
        for content in re.findall(rb"/Contents\s+(\d+) 0 R", body):
            font: dict[int, str] = {}
            for op in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[(.*?)\]\s*TJ", _stream(objects[int(content)]), re.S):
                if op.group(1):
                    font = fonts.get(op.group(1), {})
                    continue
                runs = [op.group(2)] if op.group(2) is not None else re.findall(rb"<([0-9A-Fa-f]*)>", op.group(3))
                for run in runs:
                    chars.extend(font.get(int(run[i : i + 4], 16), "\ufffd") for i in range(0, len(run), 4))
        pages.append(re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(chars))))
    if not any(pages):
        raise PdfTextError("no text found: the PDF is not drawn the way this reader expects")
    return pages
