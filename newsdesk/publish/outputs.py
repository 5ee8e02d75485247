"""Publish an edition: Markdown, the static site with its Atom feed, and e-mail.

Outputs are written before the edition is marked published, so a failure (an unwritable
directory, an unreachable SMTP server) leaves it unpublished and a re-run completes it.
Every file is written atomically; the site is switched whole.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from email.message import EmailMessage
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.desks.config import Desk, EmailOutput
from newsdesk.errors import NewsdeskError
from newsdesk.publish.email import SmtpSettings, build_message, send_edition, write_eml
from newsdesk.publish.markdown import write_markdown
from newsdesk.publish.paths import safe_join
from newsdesk.publish.site import build_site
from newsdesk.store import Store
from newsdesk.store.models import utcnow
from newsdesk.write.edition import Edition
from newsdesk.write.editions import get_edition, list_editions, mark_published


@dataclass
class PublishReport:
    """Where an edition went."""

    edition_id: str
    site_dir: Path | None = None
    markdown: Path | None = None
    emailed: int = 0
    eml: Path | None = None


def publish_edition(
    store: Store, settings: Settings, desk: Desk, edition_id: str, *, dry_run: bool = False
) -> PublishReport:
    """Write the desk's outputs for an edition, then mark it published.

    With `dry_run`, e-mail is written as an `.eml` file in the data directory instead of
    being sent; everything else happens as usual.
    """
    with store.session() as session:
        record, edition = get_edition(session, edition_id)
        if record.desk != desk.name:
            raise NewsdeskError(f"edition {edition_id} belongs to desk {record.desk!r}")
        if record.status == "draft" and desk.review.required:
            raise NewsdeskError(
                f"edition {edition_id} needs an editor's approval first: "
                f"newsdesk approve {edition_id}"
            )
        earlier = [
            get_edition(session, r.id)[1]
            for r in list_editions(session, desk.name)
            if r.status == "published" and r.id != edition_id
        ]
    edition = replace(edition, status="published", published_at=utcnow())
    report = PublishReport(edition_id)
    message = _message(desk.outputs.email, edition) if desk.outputs.email else None
    if desk.outputs.markdown:
        folder = settings.home / "editions" / desk.name
        report.markdown = write_markdown(edition, safe_join(folder, f"{edition_id}.md"))
    site_dir = desk.outputs.site_path(settings.home)
    build_site([edition, *earlier], site_dir, site_title=desk.title)
    report.site_dir = site_dir
    if message is not None and desk.outputs.email is not None:
        if dry_run:
            outbox = settings.home / "outbox"
            report.eml = write_eml(message, safe_join(outbox, f"{edition_id}.eml"))
        else:
            send_edition(message, _smtp(desk.outputs.email))
            report.emailed = len(desk.outputs.email.recipients)
    with store.session() as session:
        mark_published(session, edition_id, review_required=desk.review.required)
    return report


def _message(email: EmailOutput, edition: Edition) -> EmailMessage:
    unsubscribe = email.unsubscribe or ""
    return build_message(
        edition,
        sender=email.sender,
        recipients=list(email.recipients),
        unsubscribe_url=unsubscribe if unsubscribe.startswith("http") else None,
        unsubscribe_mailto=unsubscribe if unsubscribe.startswith("mailto:") else None,
    )


def _smtp(email: EmailOutput) -> SmtpSettings:
    username = email.username or (
        os.environ.get(email.username_env) if email.username_env else None
    )
    password = os.environ.get(email.password_env) if email.password_env else None
    return SmtpSettings(
        host=email.smtp_host,
        port=email.smtp_port,
        security="starttls" if email.starttls else "none",
        username=username,
        password=password,
    )
