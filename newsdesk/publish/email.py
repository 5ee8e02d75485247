"""The edition as e-mail: multipart plain text + HTML, one-click unsubscribe, sent over SMTP.

Header values are built only from cleaned single-line text: a CR or LF from a feed title
or a configuration file can never start a header of its own.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.errors import NewsdeskError
from newsdesk.publish.atomic import write_atomic
from newsdesk.publish.letter import render_html_letter, render_plain_letter
from newsdesk.publish.sanitize import is_web_url, plain_text
from newsdesk.write.edition import Edition

_HEADER_BREAKERS = ("\r", "\n", "\x00")


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the outgoing mail server. ``security`` is none, starttls or ssl."""

    host: str
    port: int = 587
    security: str = "starttls"
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0


def build_message(edition: Edition, *, sender: str, recipients: Sequence[str],
                  unsubscribe_url: str | None = None, unsubscribe_mailto: str | None = None,
                  subject: str | None = None) -> EmailMessage:
    """Return the edition as a multipart/alternative message ready to send.

    Carries Date, Message-ID, ``List-Unsubscribe`` (https and/or mailto) and, with an https
    link, ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``. Addresses or links with
    CR/LF/NUL, or malformed, raise NewsdeskError; titles are folded onto one line.
    """
    from_address = _checked_address(sender, "sender")
    to_addresses = [_checked_address(r, "recipient") for r in recipients]
    if not to_addresses:
        raise NewsdeskError("an e-mail edition needs at least one recipient")
    unsubscribe = _unsubscribe_header(unsubscribe_url, unsubscribe_mailto)
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = plain_text(subject if subject is not None else edition.title) \
        or plain_text(edition.desk_title) or "newsdesk edition"
    message["From"] = from_address
    message["To"] = to_addresses
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=from_address.domain or None)
    message["List-Unsubscribe"] = unsubscribe
    if unsubscribe_url:
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Content-Language"] = plain_text(edition.language) or "en"
    unsubscribe_link = unsubscribe_url or unsubscribe_mailto
    message.set_content(render_plain_letter(edition, unsubscribe_link), cte="quoted-printable")
    message.add_alternative(render_html_letter(edition, unsubscribe_link), subtype="html",
                            cte="quoted-printable")
    return message


def send_edition(message: EmailMessage, smtp: SmtpSettings) -> None:
    """Send ``message`` over SMTP (plain, STARTTLS or SSL, with optional login).

    Raises NewsdeskError with one line for an unreachable server, a failed login or TLS
    handshake, or refused recipients (naming them).
    """
    where = f"{smtp.host}:{smtp.port}"
    try:
        with _connect(smtp) as client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise NewsdeskError(f"mail server {where} refused every recipient: "
                            f"{', '.join(exc.recipients)}") from None
    except smtplib.SMTPAuthenticationError:
        raise NewsdeskError(f"mail server {where} rejected the login for "
                            f"{smtp.username!r}") from None
    except (smtplib.SMTPException, ssl.SSLError) as exc:
        raise NewsdeskError(f"sending mail via {where} failed: "
                            f"{plain_text(str(exc)) or type(exc).__name__}") from None
    except OSError as exc:
        raise NewsdeskError(f"cannot reach mail server {where}: "
                            f"{exc.strerror or plain_text(str(exc)) or type(exc).__name__}"
                            ) from None
    if refused:
        raise NewsdeskError(f"mail server {where} refused {len(refused)} recipient(s): "
                            f"{', '.join(sorted(refused))}; the others were sent the edition")


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write ``message`` as an ``.eml`` file atomically (for ``--dry-run``); return the path."""
    write_atomic(path, message.as_bytes(policy=SMTP_POLICY))
    return path


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    """Open the SMTP connection the settings ask for."""
    if smtp.security not in ("none", "starttls", "ssl"):
        raise NewsdeskError(f"unknown SMTP security {smtp.security!r} "
                            "(expected none, starttls or ssl)")
    _refuse_header_breakers(smtp.host, "SMTP host")
    if smtp.security == "ssl":
        return smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                context=ssl.create_default_context())
    return smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout,
                        local_hostname=socket.getfqdn() or "localhost")


def _checked_address(value: str, role: str) -> Address:
    """Parse one address; NewsdeskError for CR/LF/NUL or anything that is not one address."""
    _refuse_header_breakers(value, f"{role} address")
    parsed = getaddresses([value])
    if len(parsed) != 1:
        raise NewsdeskError(f"expected one {role} address, got: {value!r}")
    name, addr = parsed[0]
    local, _, domain = addr.rpartition("@")
    if not local or not domain or any(ch in addr for ch in ' <>,;"'):
        raise NewsdeskError(f"invalid {role} address: {value!r}")
    try:
        return Address(display_name=plain_text(name), username=local, domain=domain)
    except (ValueError, IndexError) as exc:
        raise NewsdeskError(f"invalid {role} address {value!r}: {exc}") from None


def _unsubscribe_header(url: str | None, mailto: str | None) -> str:
    """The List-Unsubscribe value (RFC 2369/8058): links in angle brackets, https first."""
    links = []
    if url is not None:
        _refuse_header_breakers(url, "unsubscribe URL")
        if not is_web_url(url) or urlsplit(url).scheme.lower() != "https" or "<" in url \
                or ">" in url or "," in url:
            raise NewsdeskError(f"unsubscribe URL must be an https URL: {url!r}")
        links.append(f"<{url}>")
    if mailto is not None:
        _refuse_header_breakers(mailto, "unsubscribe address")
        address = mailto.removeprefix("mailto:")
        if not address or any(ch in address for ch in " <>,\t"):
            raise NewsdeskError(f"invalid unsubscribe address: {mailto!r}")
        links.append(f"<mailto:{address}>")
    if not links:
        raise NewsdeskError("an e-mail edition needs an unsubscribe URL or mailto address")
    return ", ".join(links)


def _refuse_header_breakers(value: str, what: str) -> None:
    """NewsdeskError if ``value`` holds a character that could end an e-mail header."""
    if any(ch in value for ch in _HEADER_BREAKERS):
        raise NewsdeskError(f"{what} contains a line break or NUL: {value!r}")
