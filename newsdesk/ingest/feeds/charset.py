"""Feed bytes to text: which encoding did the publisher really use?

Evidence, strongest first: a byte-order mark; the UTF-16/32 shape of the first bytes;
the charset in the HTTP Content-Type (RFC 7303: it overrides the XML declaration);
the XML declaration's encoding; then statistics. A declared encoding must decode the
bytes without error to be believed, and bytes that are valid UTF-8 with non-ASCII
characters are read as UTF-8 whatever the label says (a mislabel is far likelier than
legacy text that happens to be valid UTF-8). Every disagreement becomes a warning.

Encoding names are Python codec names (``codecs.lookup(name).name``): ``utf-8``,
``iso8859-1``, ``gb18030``, ``utf-16-le``...
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Codecs whose superset decodes more real text, keyed by Python codec name.
SUPERSETS = {
    codecs.lookup(label).name: superset
    for label, superset in (
        ("gb2312", "gb18030"), ("gbk", "gb18030"), ("big5", "big5hkscs"),
        ("euc-kr", "cp949"), ("shift_jis", "cp932"),
    )
}
# At most this share of a UTF-8 text's non-ASCII characters may be invalid bytes
# (a few corrupt bytes in UTF-8 text, not legacy text mislabelled as UTF-8).
UTF8_DAMAGE_TOLERANCE = 0.05
# The XML-in-HTTP labels that say nothing about the charset itself.
UNICODE_LABELS = frozenset({"utf-16", "utf-32"})
XML_DECLARATION = re.compile(rb"""^\s*<\?\w*xml[^>]*?encoding\s*=\s*["']?([\w.:-]+)""", re.I)
HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
LATIN1_NAMES = frozenset({"iso8859-1", "ascii"})


@dataclass
class DecodedCopy:
    """Feed text and the encoding it was read with."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode_feed_bytes(body: bytes, content_type: str | None = None) -> DecodedCopy:
    """Decode feed bytes to text, choosing the encoding from all the evidence."""
    bom_encoding, body_without_bom = split_bom(body)
    if bom_encoding:
        return DecodedCopy(body_without_bom.decode(bom_encoding, "replace"), bom_encoding)
    shaped = sniff_wide_unicode(body)
    if shaped:
        return DecodedCopy(body.decode(shaped, "replace"), shaped)
    warnings: list[str] = []
    declared = [label for label in (http_charset(content_type), xml_encoding(body)) if label]
    candidates = known_codecs(declared, warnings)
    if has_non_ascii(body) and is_utf8(body):
        if candidates and candidates[0] != "utf-8":
            warnings.append(f"declared encoding {candidates[0]} but the bytes are UTF-8")
        return DecodedCopy(body.decode("utf-8"), "utf-8", warnings)
    for encoding in candidates:
        decoded = try_decode(body, encoding)
        if decoded is not None:
            return DecodedCopy(decoded, prefer_windows_1252(body, encoding), warnings)
        warnings.append(f"declared encoding {encoding} does not fit the bytes")
    if not has_non_ascii(body):
        return DecodedCopy(body.decode("ascii"), candidates[0] if candidates else "utf-8",
                           warnings)
    if candidates[:1] in ([], ["utf-8"]) and is_mostly_utf8(body):
        warnings.append("invalid UTF-8 bytes replaced")
        return DecodedCopy(body.decode("utf-8", "replace"), "utf-8", warnings)
    guessed = guess_encoding(body)
    warnings.append(f"guessed encoding {guessed} from the bytes")
    return DecodedCopy(body.decode(guessed, "replace"), guessed, warnings)


def split_bom(body: bytes) -> tuple[str | None, bytes]:
    """Return the encoding a byte-order mark names and the bytes after it."""
    for bom, encoding in BOMS:
        if body.startswith(bom):
            return encoding, body[len(bom):]
    return None, body


def sniff_wide_unicode(body: bytes) -> str | None:
    """Recognise BOM-less UTF-16/32 by where the zero bytes sit around the first '<'."""
    head = body[:4]
    if len(head) < 4:
        return None
    zeros = tuple(byte == 0 for byte in head)
    shapes = {
        (True, True, True, False): "utf-32-be",
        (False, True, True, True): "utf-32-le",
        (True, False, True, False): "utf-16-be",
        (False, True, False, True): "utf-16-le",
    }
    return shapes.get(zeros)


def http_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type, if any."""
    if not content_type:
        return None
    match = HTTP_CHARSET.search(content_type)
    return match.group(1) if match else None


def xml_encoding(body: bytes) -> str | None:
    """The encoding named in the XML declaration, if any."""
    match = XML_DECLARATION.match(body[:1024])
    return match.group(1).decode("ascii") if match else None


def known_codecs(labels: list[str], warnings: list[str]) -> list[str]:
    """Map labels to Python codec names (supersets preferred), dropping unknown ones."""
    names: list[str] = []
    for label in labels:
        name = codec_name(label)
        if name is None:
            warnings.append(f"unknown encoding {label!r} declared")
        elif name not in names:
            names.append(name)
    return names


def codec_name(label: str) -> str | None:
    """The canonical codec for a label, or None when Python knows no such codec."""
    lowered = label.strip().lower()
    if lowered in UNICODE_LABELS:
        lowered = "utf-8"  # no BOM and no zero bytes: the label is wrong, the text is 8-bit
    try:
        name = codecs.lookup(lowered).name
    except (LookupError, ValueError):
        return None
    return SUPERSETS.get(name, name)


def try_decode(body: bytes, encoding: str) -> str | None:
    """Decode strictly; None when the bytes do not fit the encoding."""
    try:
        return body.decode(prefer_windows_1252(body, encoding))
    except (UnicodeDecodeError, LookupError):
        return None


def prefer_windows_1252(body: bytes, encoding: str) -> str:
    """Read ISO-8859-1 as windows-1252 when C1 bytes show it (smart quotes, euro sign)."""
    if encoding in LATIN1_NAMES and re.search(rb"[\x80-\x9f]", body):
        return "cp1252"
    return encoding


def has_non_ascii(body: bytes) -> bool:
    """True when any byte is outside ASCII."""
    return not body.isascii()


def is_utf8(body: bytes) -> bool:
    """True when the bytes are valid UTF-8."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_mostly_utf8(body: bytes) -> bool:
    """True when all but a few of the non-ASCII characters decode as UTF-8."""
    decoded = body.decode("utf-8", "replace")
    damaged = decoded.count("\ufffd")
    non_ascii = sum(1 for char in decoded if ord(char) > 127)
    return non_ascii > 0 and damaged <= max(1, non_ascii * UTF8_DAMAGE_TOLERANCE) \
        and damaged < non_ascii


def guess_encoding(body: bytes) -> str:
    """Guess a legacy encoding statistically; windows-1252 when nothing fits."""
    matches = list(from_bytes(body[:65536]))
    if not matches:
        return "cp1252"
    # Western European text often fits several single-byte code pages equally well;
    # windows-1252 is by far the likeliest of those on the web.
    least_chaos = matches[0].chaos
    for match in matches:
        if match.chaos <= least_chaos + 0.001 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return codec_name(matches[0].encoding) or "cp1252"
