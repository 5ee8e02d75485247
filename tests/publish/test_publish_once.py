"""Publishing exactly once: a claim, one message per reader, every delivery recorded, a
second publication that does nothing, a dry run that changes nothing, and absolute links.
Against a real SMTP server (aiosmtpd), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from newsdesk.clock import utcnow
from newsdesk.config import load_settings
from newsdesk.errors import NewsdeskError
from newsdesk.publish.claim import AlreadyPublished, BeingPublished, claim_edition
from newsdesk.publish.outputs import approve_edition, publish_edition
from newsdesk.store import Store
from newsdesk.store.models import EditionRecord
from newsdesk.write.editions import edit_edition, get_edition
from tests.publish.mailserver import free_port
from tests.publish.publishing import (
    READERS,
    SITE_URL,
    Mailing,
    Server,
    deliveries,
    newsdesk_cli,
    status_of,
    stored_draft,
    write_desk,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def test_each_reader_gets_one_message_of_their_own_and_it_is_recorded(
        store: Store, mailing: Mailing) -> None:
    inbox, desk, edition_id = mailing
    report = publish_edition(store, load_settings(), desk, edition_id)
    assert report.emailed == 3 and report.served_before == 0 and not report.resumed
    assert inbox.count_by_recipient() == {f"reader{n}@example.org": 1 for n in range(3)}
    received = inbox.received()
    assert sorted(str(m["To"]) for m in received) == sorted(
        f"reader{n}@example.org" for n in range(3))
    assert len({m["Message-ID"] for m in received}) == 3
    assert deliveries(store, edition_id) == {f"reader{n}@example.org": "sent" for n in range(3)}
    assert status_of(store, edition_id) == "published"


def test_a_second_publication_changes_nothing_and_says_so(
        store: Store, isolated_home: Path, mailing: Mailing) -> None:
    inbox, desk, edition_id = mailing
    settings = load_settings()
    publish_edition(store, settings, desk, edition_id)
    site = (isolated_home / "site" / "china-tech").resolve()
    with pytest.raises(AlreadyPublished, match=f"edition {edition_id} is already published"
                       ) as caught:
        publish_edition(store, settings, desk, edition_id)
    assert "\n" not in str(caught.value)
    assert len(inbox.messages) == 3
    assert (isolated_home / "site" / "china-tech").resolve() == site  # the site was not rebuilt


def test_a_live_publisher_is_left_alone_and_a_dead_one_is_taken_over(
        store: Store, mailing: Mailing) -> None:
    inbox, desk, edition_id = mailing
    settings = load_settings()
    here = socket.gethostname()
    _claimed_by(store, edition_id, f"{here}:{os.getpid()}:live")
    with pytest.raises(BeingPublished, match="is being published by"):
        publish_edition(store, settings, desk, edition_id)
    _claimed_by(store, edition_id, "elsewhere.example:4242:busy")
    with pytest.raises(BeingPublished):
        publish_edition(store, settings, desk, edition_id)
    assert inbox.messages == [] and status_of(store, edition_id) == "publishing"

    _claimed_by(store, edition_id, f"{here}:{_dead_pid()}:killed")
    report = publish_edition(store, settings, desk, edition_id)
    assert report.resumed and report.emailed == 3
    assert status_of(store, edition_id) == "published"


def test_of_twenty_simultaneous_claims_exactly_one_wins(store: Store) -> None:
    edition_id = stored_draft(store)
    start = threading.Barrier(20)

    def claim(_: int) -> str:
        start.wait()
        try:
            return claim_edition(store, edition_id, review_required=True).owner
        except BeingPublished:
            return ""

    with ThreadPoolExecutor(max_workers=20) as pool:
        owners = [owner for owner in pool.map(claim, range(20)) if owner]
    assert len(owners) == 1
    with store.session() as session:
        record = session.get(EditionRecord, edition_id)
        assert record is not None
        assert (record.status, record.publish_owner) == ("publishing", owners[0])


def test_a_claim_on_another_host_expires_with_its_lease(
        store: Store, mailing: Mailing) -> None:
    inbox, desk, edition_id = mailing
    _claimed_by(store, edition_id, "elsewhere.example:4242:gone", age=timedelta(minutes=11))
    assert publish_edition(store, load_settings(), desk, edition_id).resumed
    assert len(inbox.messages) == 3


def test_readers_served_before_are_not_sent_it_again(
        store: Store, isolated_home: Path, smtp_server: Server) -> None:
    inbox, smtp = smtp_server
    settings = load_settings()
    edition_id = stored_draft(store)
    first = write_desk(isolated_home, smtp.port, recipients=READERS[:2])
    publish_edition(store, settings, first, edition_id)
    with store.session() as session:  # as if killed after two readers were served
        session.execute(update(EditionRecord).where(EditionRecord.id == edition_id)
                        .values(status="publishing", publish_owner=None))
    everyone = write_desk(isolated_home, smtp.port)
    report = publish_edition(store, settings, everyone, edition_id)
    assert (report.emailed, report.served_before) == (1, 2)
    assert inbox.count_by_recipient() == {f"reader{n}@example.org": 1 for n in range(3)}


def test_a_refused_reader_is_recorded_and_the_others_are_served(
        store: Store, isolated_home: Path, smtp_server: Server) -> None:
    inbox, smtp = smtp_server
    desk = write_desk(isolated_home, smtp.port,
                      recipients=["a@example.org", "ghost@refused.example", "b@example.org"])
    edition_id = stored_draft(store)
    report = publish_edition(store, load_settings(), desk, edition_id)
    assert report.emailed == 2 and report.refused == ["ghost@refused.example"]
    assert deliveries(store, edition_id)["ghost@refused.example"] == "refused"
    assert status_of(store, edition_id) == "published"
    assert sorted(inbox.count_by_recipient()) == ["a@example.org", "b@example.org"]


def test_an_unreachable_mail_server_leaves_the_edition_as_it_was(
        store: Store, isolated_home: Path) -> None:
    desk = write_desk(isolated_home, free_port())
    edition_id = stored_draft(store)
    with pytest.raises(NewsdeskError, match="cannot reach mail server") as caught:
        publish_edition(store, load_settings(), desk, edition_id)
    assert "\n" not in str(caught.value)
    assert status_of(store, edition_id) == "approved"
    with store.session() as session:
        record = session.get(EditionRecord, edition_id)
        assert record is not None and record.publish_owner is None


def test_a_dry_run_changes_nothing_and_writes_a_preview(
        store: Store, isolated_home: Path, mailing: Mailing) -> None:
    inbox, desk, edition_id = mailing
    with store.session() as session:
        before = _row(session.get(EditionRecord, edition_id))
    report = publish_edition(store, load_settings(), desk, edition_id, dry_run=True)
    with store.session() as session:
        assert _row(session.get(EditionRecord, edition_id)) == before
    assert inbox.messages == [] and deliveries(store, edition_id) == {}
    assert not (isolated_home / "site").exists() and not (isolated_home / "editions").exists()
    preview = report.preview
    assert preview is not None and preview.parent == isolated_home / "previews"
    assert (preview / "site" / "index.html").is_file()
    assert (preview / "site" / "feed.xml").is_file()
    assert (preview / f"{edition_id}.md").is_file()
    assert b"List-Unsubscribe" in (preview / f"{edition_id}.eml").read_bytes()
    assert (preview / "recipients.txt").read_text().split() == [
        f"reader{n}@example.org" for n in range(3)]


def test_a_dry_run_of_a_published_edition_says_it_is_published(
        store: Store, isolated_home: Path, mailing: Mailing) -> None:
    _inbox, desk, edition_id = mailing
    publish_edition(store, load_settings(), desk, edition_id)
    with pytest.raises(AlreadyPublished):
        publish_edition(store, load_settings(), desk, edition_id, dry_run=True)
    assert not (isolated_home / "previews").exists()


def test_site_url_makes_feed_and_mail_links_absolute_with_a_view_in_browser_link(
        store: Store, isolated_home: Path, mailing: Mailing) -> None:
    inbox, desk, edition_id = mailing
    publish_edition(store, load_settings(), desk, edition_id)
    site = isolated_home / "site" / "china-tech"
    feed = ET.parse(site / "feed.xml").getroot()
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(href.startswith(SITE_URL) for href in hrefs)
    view = f"{SITE_URL}editions/{edition_id}/index.html"
    assert (site / "editions" / edition_id / "index.html").is_file()
    message = inbox.received()[0]
    assert f"View in browser: {view}" in message.get_body(("plain",)).get_content()
    assert f'<a href="{view}">View in browser</a>' in message.get_body(("html",)).get_content()


def test_without_site_url_the_mail_has_no_view_in_browser_link(
        store: Store, isolated_home: Path, smtp_server: Server) -> None:
    inbox, smtp = smtp_server
    desk = write_desk(isolated_home, smtp.port, site_url=None)
    publish_edition(store, load_settings(), desk, stored_draft(store))
    assert "View in browser" not in inbox.received()[0].get_body(("plain",)).get_content()


def test_approve_checks_the_mail_settings_naming_the_desk_file_and_key(
        store: Store, isolated_home: Path) -> None:
    desk = write_desk(isolated_home, 25, unsubscribe=None)
    edition_id = stored_draft(store, approved=False)
    with pytest.raises(NewsdeskError) as caught, store.session() as session:
        approve_edition(session, load_settings(), edition_id)
    assert str(caught.value) == (f"desk china-tech ({desk.path}): [outputs.email] unsubscribe "
                                 "is missing (the https:// or mailto: address readers leave "
                                 "the list by)")
    assert status_of(store, edition_id) == "draft"


def test_run_refuses_bad_mail_settings_before_drafting(
        database_url: str, isolated_home: Path) -> None:
    desk = write_desk(isolated_home, 25, review=False, unsubscribe=None)
    result = newsdesk_cli("run", "--desk", "china-tech", "--no-fetch")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"newsdesk: error: desk china-tech ({desk.path}): [outputs.email] unsubscribe is "
        "missing (the https:// or mailto: address readers leave the list by)"]
    assert "clustered" not in result.stdout  # refused before any work


def test_an_edition_being_published_cannot_be_edited(store: Store) -> None:
    edition_id = stored_draft(store)
    _claimed_by(store, edition_id, "elsewhere.example:1:x")
    with store.session() as session:
        edition = get_edition(session, edition_id)[1]
        with pytest.raises(NewsdeskError, match="being published"):
            edit_edition(session, edition_id, edition)


def _claimed_by(store: Store, edition_id: str, owner: str,
                age: timedelta = timedelta(0)) -> None:
    """Put the edition in `publishing`, claimed by `owner`, last heard `age` ago."""
    with store.session() as session:
        session.execute(update(EditionRecord).where(EditionRecord.id == edition_id).values(
            status="publishing", publish_owner=owner, publish_heartbeat=utcnow() - age))


def _dead_pid() -> int:
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


def _row(record: EditionRecord | None) -> tuple[object, ...]:
    assert record is not None
    return (record.status, record.version, record.updated_at, record.published_at,
            record.publish_owner, record.content)


@pytest.mark.parametrize("url", ["ftp://news.example/", "/china-tech/", "https://news.example/?a=1"])
def test_a_site_url_that_is_not_a_web_address_is_refused_naming_the_key(
        isolated_home: Path, url: str) -> None:
    with pytest.raises(NewsdeskError, match=r"\[outputs\] site_url has") as caught:
        write_desk(isolated_home, 25, site_url=url)
    assert "china-tech.toml" in str(caught.value)
