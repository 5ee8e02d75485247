"""Publish an edition exactly once: Markdown, the static site with its Atom feed, e-mail.

Publishing claims the edition first (`newsdesk.publish.claim`: a compare-and-set from
approved, or draft when the desk needs no review, to `publishing`), then writes the
outputs, then e-mails each recipient once, recording every delivery
(`newsdesk.publish.delivery`), then marks the edition published. A second call, from any
process, changes nothing and says so in one line. A call killed at any step leaves the
edition `publishing`; the next call finishes it, rewriting the outputs (each file is
written atomically and the site switched whole) and e-mailing only those not yet served.
A dry run claims nothing and writes what would be published to a preview folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.config import Settings, credential
from newsdesk.desks.config import Desk, EmailOutput, find_desk
from newsdesk.errors import NewsdeskError
from newsdesk.output_files import write_atomic
from newsdesk.publish.atomic import kill_point
from newsdesk.publish.claim import (
    Claim,
    check_publishable,
    claim_edition,
    finish_claim,
    release_claim,
)
from newsdesk.publish.delivery import deliver_edition, delivered_any, unique_addresses
from newsdesk.publish.email import (
    SmtpSettings,
    address_to,
    build_message,
    check_addresses,
    write_eml,
)
from newsdesk.publish.markdown import write_markdown
from newsdesk.publish.paths import safe_join
from newsdesk.publish.site import build_site, edition_url
from newsdesk.store import Store
from newsdesk.store.models import EditionRecord
from newsdesk.write.edition import Edition
from newsdesk.write.editions import approve, get_edition, list_editions


@dataclass
class PublishReport:
    """Where an edition went. `preview` is set (and nothing else happened) for a dry run."""

    edition_id: str
    site_dir: Path | None = None
    markdown: Path | None = None
    emailed: int = 0
    served_before: int = 0
    refused: list[str] = field(default_factory=list)
    interrupted: list[str] = field(default_factory=list)
    resumed: bool = False
    preview: Path | None = None
    eml: Path | None = None


def publish_edition(
    store: Store, settings: Settings, desk: Desk, edition_id: str, *, dry_run: bool = False
) -> PublishReport:
    """Publish the edition once (see the module), or with `dry_run` write a preview.

    Raises AlreadyPublished for a published edition, BeingPublished while another live
    publisher works on it, and a one-line NewsdeskError for anything else refused or
    failed; a failure before any e-mail returns the edition to its earlier status.
    """
    check_email_settings(desk)
    _check_desk(store, desk, edition_id)
    if dry_run:
        check_publishable(store, edition_id, review_required=desk.review.required)
        return _write_preview(store, settings, desk, edition_id)
    claim = claim_edition(store, edition_id, review_required=desk.review.required)
    kill_point("claimed")
    try:
        return _publish_claimed(store, settings, desk, claim)
    except BaseException:
        release_claim(store, claim, delivered=delivered_any(store, edition_id))
        raise


def check_email_settings(desk: Desk) -> None:
    """Refuse, naming the desk file and the key, e-mail settings a publication would fail on."""
    email = desk.outputs.email
    if email is None:
        return
    where = f"desk {desk.name} ({desk.path}): [outputs.email]"
    if not email.unsubscribe:
        raise NewsdeskError(f"{where} unsubscribe is missing (the https:// or mailto: "
                            "address readers leave the list by)")
    url, mailto = _unsubscribe(email)
    try:
        check_addresses(email.sender, email.recipients, url, mailto)
    except NewsdeskError as exc:
        raise NewsdeskError(f"{where} {exc}") from None


def approve_edition(session: Session, settings: Settings, edition_id: str) -> EditionRecord:
    """An editor's approval of a draft, refused while its desk's e-mail settings would
    make publishing fail (the error names the desk file and the key)."""
    record = get_edition(session, edition_id)[0]
    check_email_settings(find_desk(record.desk, settings.home, settings.desks))
    return approve(session, edition_id)


def _check_desk(store: Store, desk: Desk, edition_id: str) -> None:
    with store.session() as session:
        record = get_edition(session, edition_id)[0]
        if record.desk != desk.name:
            raise NewsdeskError(f"edition {edition_id} belongs to desk {record.desk!r}")


def _publish_claimed(store: Store, settings: Settings, desk: Desk, claim: Claim) -> PublishReport:
    """The claimed edition's outputs, then its e-mail, then `published`."""
    edition, earlier = _as_published(store, desk, claim.edition_id)
    report = PublishReport(claim.edition_id, resumed=claim.resumed)
    report.markdown, report.site_dir = _write_outputs(settings, desk, edition, earlier)
    email = desk.outputs.email
    if email is not None:
        message = _message(email, desk, edition, earlier)
        delivered = deliver_edition(store, claim, message, email.recipients, _smtp(email))
        report.emailed, report.served_before = delivered.sent, delivered.served_before
        report.refused, report.interrupted = delivered.refused, delivered.interrupted
    kill_point("delivered")
    finish_claim(store, claim)
    return report


def _as_published(store: Store, desk: Desk, edition_id: str) -> tuple[Edition, list[Edition]]:
    """The edition as it reads once published (dated by its claim) and the desk's
    earlier published editions, which the site keeps."""
    with store.session() as session:
        record, edition = get_edition(session, edition_id)
        earlier = [get_edition(session, r.id)[1] for r in list_editions(session, desk.name)
                   if r.status == "published" and r.id != edition_id]
        published_at = record.published_at or utcnow()
    return replace(edition, status="published", published_at=published_at), earlier


def _write_outputs(settings: Settings, desk: Desk, edition: Edition, earlier: list[Edition],
                   preview: Path | None = None) -> tuple[Path | None, Path]:
    """Write the Markdown (if the desk wants it) and switch the site; both go under
    `preview` instead of their places when given. Returns their paths."""
    markdown = None
    if desk.outputs.markdown:
        folder = preview or settings.home / "editions" / desk.name
        markdown = write_markdown(edition, safe_join(folder, f"{edition.id}.md"))
        kill_point("markdown")
    site_dir = preview / "site" if preview else desk.outputs.site_path(settings.home)
    build_site([edition, *earlier], site_dir, site_title=desk.title,
               base_url=desk.outputs.site_url)
    kill_point("site")
    return markdown, site_dir


def _write_preview(store: Store, settings: Settings, desk: Desk, edition_id: str
                   ) -> PublishReport:
    """What publishing would write, in a fresh folder under `previews/`; the store, the
    site and the readers are left alone. The e-mail is one `.eml` (as the first reader
    would get it) and `recipients.txt` lists every reader it would go to."""
    edition, earlier = _as_published(store, desk, edition_id)
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    folder = settings.home / "previews" / f"{edition_id}-{stamp}"
    report = PublishReport(edition_id, preview=folder)
    report.markdown, report.site_dir = _write_outputs(settings, desk, edition, earlier, folder)
    email = desk.outputs.email
    if email is not None:
        message = _message(email, desk, edition, earlier)
        addresses = unique_addresses(email.recipients)
        address_to(message, addresses[0], edition_id)
        report.eml = write_eml(message, safe_join(folder, f"{edition_id}.eml"))
        write_atomic(folder / "recipients.txt", "".join(f"{a}\n" for a in addresses).encode())
    return report


def _message(email: EmailOutput, desk: Desk, edition: Edition, earlier: list[Edition]
             ) -> EmailMessage:
    url, mailto = _unsubscribe(email)
    site_url = desk.outputs.site_url
    return build_message(
        edition,
        sender=email.sender,
        recipients=list(email.recipients[:1]),
        unsubscribe_url=url,
        unsubscribe_mailto=mailto,
        site_url=site_url,
        view_url=edition_url([edition, *earlier], edition.id, site_url),
    )


def _unsubscribe(email: EmailOutput) -> tuple[str | None, str | None]:
    """The unsubscribe setting as (https URL, mailto address)."""
    unsubscribe = email.unsubscribe or ""
    return (unsubscribe if unsubscribe.startswith("http") else None,
            unsubscribe if unsubscribe.startswith("mailto:") else None)


def _smtp(email: EmailOutput) -> SmtpSettings:
    username = email.username or credential(email.username_env)
    password = credential(email.password_env)
    return SmtpSettings(
        host=email.smtp_host,
        port=email.smtp_port,
        security="starttls" if email.starttls else "none",
        username=username,
        password=password,
    )
