"""Make untrusted text and HTML safe to publish in pages, feeds and e-mail.

HTML from feeds and articles goes through nh3 (the ammonia sanitiser) with a small
whitelist; plain text is cleaned of control characters here and escaped by the templates.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS = frozenset({
    "p", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote", "q", "cite",
    "code", "pre", "br", "hr", "h2", "h3", "h4", "img", "figure", "figcaption",
    "sub", "sup", "small",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "*": {"lang"},
}
# Dropped together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "form", "template", "noscript", "textarea", "select", "title",
    "head", "meta", "link", "base", "noembed", "noframes", "xmp", "plaintext",
})
LINK_REL = "noopener noreferrer nofollow"
_SAFE_SCHEMES = {"http", "https"}
_LINK_SCHEMES = _SAFE_SCHEMES | {"mailto"}
# C0/C1 controls and other code points XML 1.0 forbids (tab, LF, CR are kept).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Return ``html`` reduced to a safe fragment: no script, handler, style or unsafe URL.

    Only http(s) and mailto links and http(s) images survive; relative URLs are resolved
    against ``base_url`` (and dropped without one); links get ``rel="noopener noreferrer
    nofollow"``.
    """
    return nh3.clean(
        strip_control_characters(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(_LINK_SCHEMES),
        url_relative=_relative_url_policy(base_url),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def plain_text(text: str | None) -> str:
    """Return ``text`` as one clean line: control characters removed, whitespace collapsed.

    CR/LF become spaces, so the result is also safe as an e-mail header value.
    """
    if not text:
        return ""
    return _WHITESPACE.sub(" ", strip_control_characters(text)).strip()


def strip_control_characters(text: str) -> str:
    """Remove control characters and code points that XML 1.0 forbids."""
    return _CONTROL.sub("", text)


def is_web_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host and no whitespace or control characters."""
    if not url or _CONTROL.search(url) or _WHITESPACE.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _SAFE_SCHEMES and bool(parts.hostname)


def _relative_url_policy(base_url: str | None) -> object:
    """nh3's handling of relative URLs: resolve against a web base, otherwise drop them."""
    if base_url and is_web_url(base_url):
        return lambda url: _resolve(base_url, url)
    return "deny"


def _resolve(base_url: str, url: str) -> str | None:
    """Resolve ``url`` against ``base_url``; None (dropped) if the result is not a web URL."""
    try:
        resolved = urljoin(base_url, url)
    except ValueError:
        return None
    return resolved if is_web_url(resolved) else None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep image sources only when they are http(s): no mailto or data images."""
    if tag == "img" and attribute == "src":
        scheme = urlsplit(value).scheme.lower() if ":" in value else ""
        if scheme and scheme not in _SAFE_SCHEMES:
            return None
    return value
