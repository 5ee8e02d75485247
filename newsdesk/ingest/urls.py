"""Canonical article URLs: one spelling per article, whatever the feed wrote.

Only http and https URLs are article URLs. Anything else (mailto:, javascript:, ftp:,
a relative path with no base to resolve it against, a host that is not a valid name)
raises :class:`InvalidURLError`, a ``ValueError`` subclass, so callers can skip the link
and record a warning instead of storing something unusable.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from newsdesk.errors import NewsdeskError
from newsdesk.store.storable import MAX_URL_CHARS

ARTICLE_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that only say how a reader arrived, never which article it is.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "ttclid",
    "mc_cid", "mc_eid", "igshid", "igsh", "spm", "scm", "_hsenc", "_hsmi", "mkt_tok",
    "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wt.mc_id", "ref_src", "ref_url",
    "__twitter_impression", "cmpid", "ncid", "sr_share",
})
TRACKING_PREFIXES = ("utm_",)
# `from` and `ref` also carry real meaning on some sites (a git ref, a pagination
# anchor), so they are dropped only when their value names a share channel.
CHANNEL_PARAMS = frozenset({"from", "ref"})
SHARE_CHANNELS = frozenset({
    "rss", "feed", "feeds", "feedly", "newsletter", "email", "mail", "twitter", "tw",
    "facebook", "fb", "linkedin", "reddit", "hn", "hackernews", "share", "social",
    "timeline", "singlemessage", "groupmessage", "wechat", "weixin", "weibo", "qq",
    "homepage", "home", "toutiao", "producthunt", "mastodon", "bsky",
})
# Characters a path or query may keep as they are; "%" stays so escapes are never doubled.
PATH_SAFE = "/%:@!$&'()*+,;=-._~"
QUERY_SAFE = "/%:@!$'()*+,;=-._~?"
WHITESPACE_INSIDE = re.compile(r"[\t\n\r]")


class InvalidURLError(NewsdeskError, ValueError):
    """A string that is not a usable http(s) article URL."""


def canonical_url(url: str, base: str | None = None) -> str:
    """Return the canonical absolute http(s) form of ``url``, resolved against ``base``.

    Lower-cases scheme and host, encodes the host with IDNA, drops the default port,
    credentials, the fragment (except ``#!`` routes) and tracking parameters, percent-encodes
    what must be encoded and keeps every other query parameter in its original order. A
    scheme-relative ``//host/path`` with no base is taken as https. The result is a fixed
    point: ``canonical_url(canonical_url(u)) == canonical_url(u)``.
    Raises InvalidURLError for anything that is not an http(s) URL, and for a URL longer
    than MAX_URL_CHARS characters (before or after canonicalising): a cut URL points elsewhere.
    """
    if len(url) > MAX_URL_CHARS:
        raise InvalidURLError(f"longer than {MAX_URL_CHARS:,} characters: {clip(url)}")
    absolute = resolve_url(url, base)
    try:
        parts = urlsplit(absolute)
        port = parts.port
    except ValueError as error:
        raise InvalidURLError(f"invalid URL {clip(url)}: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in ARTICLE_SCHEMES:
        raise InvalidURLError(f"not an http(s) URL: {clip(url)}")
    host = encode_host(parts.hostname or "", url)
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(remove_dot_segments(parts.path) or "/", safe=PATH_SAFE)
    query = strip_tracking(parts.query)
    fragment = quote(parts.fragment, safe=QUERY_SAFE) if parts.fragment.startswith("!") else ""
    canonical = urlunsplit((scheme, netloc, path, query, fragment))
    if len(canonical) > MAX_URL_CHARS:
        raise InvalidURLError(f"longer than {MAX_URL_CHARS:,} characters: {clip(url)}")
    return canonical


def url_host(url: str) -> str:
    """Return the publisher host of ``url``: canonical, lower-case, without a leading ``www.``.

    Raises InvalidURLError when ``url`` is not an http(s) URL.
    """
    host = urlsplit(canonical_url(url)).hostname or ""
    return host.removeprefix("www.")


def resolve_url(url: str, base: str | None) -> str:
    """Join ``url`` onto ``base`` after dropping whitespace browsers would ignore too."""
    if not isinstance(url, str):
        raise InvalidURLError(f"not a URL: {clip(repr(url))}")
    cleaned = WHITESPACE_INSIDE.sub("", url).strip()
    if not cleaned:
        raise InvalidURLError("empty URL")
    if base:
        try:
            cleaned = urljoin(WHITESPACE_INSIDE.sub("", base).strip(), cleaned)
        except ValueError:
            pass  # a broken base must not hide a usable absolute URL
    if cleaned.startswith("//"):
        cleaned = "https:" + cleaned
    return cleaned


def encode_host(host: str, original: str) -> str:
    """Return the ASCII (IDNA) lower-case host, or raise InvalidURLError."""
    host = host.strip().rstrip(".").lower()
    if not host:
        raise InvalidURLError(f"URL has no host: {clip(original)}")
    if ":" in host:
        return f"[{host}]"  # an IPv6 literal; urlsplit already validated it
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidURLError(f"invalid host name in URL {clip(original)}") from None
    if not re.fullmatch(r"[a-z0-9_.-]+", ascii_host) or ".." in ascii_host:
        raise InvalidURLError(f"invalid host name in URL {clip(original)}")
    return ascii_host


def remove_dot_segments(path: str) -> str:
    """Resolve ``.`` and ``..`` path segments as RFC 3986 section 5.2.4 describes."""
    if "." not in path:
        return path
    kept: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        is_last = index == len(segments) - 1
        if segment == ".":
            if is_last:
                kept.append("")
        elif segment == "..":
            if len(kept) > 1:
                kept.pop()
            if is_last:
                kept.append("")
        else:
            kept.append(segment)
    resolved = "/".join(kept)
    return resolved if resolved.startswith("/") or not path.startswith("/") else "/" + resolved


def strip_tracking(query: str) -> str:
    """Drop tracking parameters from a raw query string, keeping the rest in order."""
    kept = [
        quote(pair, safe=QUERY_SAFE + "&")
        for pair in query.split("&")
        if pair and not is_tracking_param(pair)
    ]
    return "&".join(kept)


def is_tracking_param(pair: str) -> bool:
    """True when a ``key=value`` pair only records how the reader arrived."""
    key, _, value = pair.partition("=")
    key = unquote(key).strip().lower()
    if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
        return True
    return key in CHANNEL_PARAMS and unquote(value).strip().lower() in SHARE_CHANNELS


def clip(text: str, limit: int = 120) -> str:
    """Shorten text for a one-line error message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
