"""The edition as e-mail: multipart plain text + HTML, one-click unsubscribe, sent over SMTP.

Header values are built only from cleaned single-line text: a CR or LF from a feed title
or a configuration file can never start a header of its own. Each reader gets a message
of their own (`transmit`), with a Message-ID that is the same every time it is built, so a
mail client that meets the same edition twice can tell.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.errors import NewsdeskError
from newsdesk.output_files import write_atomic
from newsdesk.publish.atomic import kill_point
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
                  subject: str | None = None, site_url: str | None = None,
                  view_url: str | None = None) -> EmailMessage:
    """Return the edition as a multipart/alternative message ready to send.

    Carries Date, Message-ID, ``List-Unsubscribe`` (https and/or mailto) and, with an https
    link, ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``. Addresses or links with
    CR/LF/NUL, or malformed, raise NewsdeskError; titles are folded onto one line.
    ``site_url`` resolves relative links; ``view_url`` (the edition's page on the site)
    adds a "view in browser" link to both parts.
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
    view = view_url if is_web_url(view_url) else None
    message.set_content(render_plain_letter(edition, unsubscribe_link, view),
                        cte="quoted-printable")
    message.add_alternative(render_html_letter(edition, unsubscribe_link, view,
                                               site_url=site_url),
                            subtype="html", cte="quoted-printable")
    return message


def recipient_address(value: str) -> str:
    """The bare address (``local@domain``) of one configured recipient; NewsdeskError if
    it is not exactly one valid address."""
    return _checked_address(value, "recipient").addr_spec


def check_addresses(sender: str, recipients: Sequence[str], unsubscribe_url: str | None,
                    unsubscribe_mailto: str | None) -> None:
    """Raise the NewsdeskError that `build_message` would for these addresses and links."""
    _checked_address(sender, "sender")
    for recipient in recipients:
        _checked_address(recipient, "recipient")
    _unsubscribe_header(unsubscribe_url, unsubscribe_mailto)


def address_to(message: EmailMessage, recipient: str, edition_id: str) -> str:
    """Address ``message`` to ``recipient`` alone, with the Message-ID this edition always
    has for this reader; return that Message-ID."""
    address = _checked_address(recipient, "recipient")
    domain = str(message["From"].addresses[0].domain) or "newsdesk.invalid"
    digest = hashlib.sha256(f"{edition_id}\n{address.addr_spec.casefold()}".encode()).hexdigest()
    message_id = f"<{plain_text(edition_id)}.{digest[:24]}@{domain}>"
    for header, value in (("To", address), ("Message-ID", message_id)):
        del message[header]
        message[header] = value
    return message_id


@contextlib.contextmanager
def smtp_connection(smtp: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """An open, greeted (and if asked, encrypted and logged-in) SMTP connection.

    Errors become one-line NewsdeskErrors. On an error the connection is dropped without
    QUIT, so a message whose end was not yet sent is discarded by the server.
    """
    with _mail_errors(smtp):
        client = _connect(smtp)
        try:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            client.ehlo_or_helo_if_needed()
            yield client
        except BaseException:
            client.close()
            raise
        with contextlib.suppress(smtplib.SMTPException, OSError):
            client.quit()


def transmit(client: smtplib.SMTP, message: EmailMessage, recipient: str,
             before_end: Callable[[], None]) -> str | None:
    """Send ``message`` to ``recipient`` in one SMTP transaction on ``client``.

    ``before_end()`` is called with the whole message on the wire but before its final
    ``.``: until that dot the server discards the message if the connection drops, after
    it the server may deliver it. Returns None when the server accepted the message, or
    its reply when it refused the recipient or the message for good (5xx). A temporary
    refusal (4xx) or a lost connection raises (as one line, inside `smtp_connection`).
    """
    sender = message["From"].addresses[0].addr_spec
    code, reply = client.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = client.rcpt(recipient)
    if code not in (250, 251):
        client.rset()
        return _permanent(code, reply)
    code, reply = client.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    client.send(_dot_stuffed(message.as_bytes(policy=SMTP_POLICY)))
    before_end()
    client.send(b".\r\n")
    kill_point("accepted")
    code, reply = client.getreply()
    return None if code == 250 else _permanent(code, reply)


def _permanent(code: int, reply: bytes) -> str:
    """A permanent refusal's reply as one line; raise for a temporary one."""
    text = plain_text(reply.decode("utf-8", "replace"))
    if 500 <= code < 600:
        return f"{code} {text}"
    raise smtplib.SMTPResponseException(code, reply)


def _dot_stuffed(data: bytes) -> bytes:
    """The message as SMTP DATA (RFC 5321 4.5.2): a line starting with a dot gets
    another, and it ends with CRLF."""
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def send_edition(message: EmailMessage, smtp: SmtpSettings) -> None:
    """Send ``message`` as it is addressed over SMTP (plain, STARTTLS or SSL, with login).

    Raises NewsdeskError with one line for an unreachable server, a failed login or TLS
    handshake, or refused recipients (naming them).
    """
    with smtp_connection(smtp) as client:
        refused = client.send_message(message)
    if refused:
        raise NewsdeskError(f"mail server {smtp.host}:{smtp.port} refused {len(refused)} "
                            f"recipient(s): {', '.join(sorted(refused))}; the others were "
                            "sent the edition")


@contextlib.contextmanager
def _mail_errors(smtp: SmtpSettings) -> Iterator[None]:
    """Turn what smtplib and the network raise into one-line NewsdeskErrors."""
    where = f"{smtp.host}:{smtp.port}"
    try:
        yield
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
