"""E-mail an edition to every recipient once, each delivery recorded in the store.

For each reader, in order: the message goes out up to its final dot; the store records
the delivery as `sending` (renewing the publisher's claim in the same transaction); the
dot goes out; the server's answer is recorded as `sent` or `refused`. A publication
killed before the `sending` record never completed the message (the server discards it
when the connection drops), so the next call sends it. One killed after it has sent the
dot (or between the record and the dot, a single system call), so the next call does not
send it again: no reader gets an edition twice, and the report names any reader whose
delivery was cut off there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from itertools import islice

from sqlalchemy import delete, select, update

from newsdesk.clock import utcnow
from newsdesk.publish.atomic import kill_point
from newsdesk.publish.claim import Claim, renew_claim
from newsdesk.publish.email import (
    SmtpSettings,
    address_to,
    recipient_address,
    smtp_connection,
    transmit,
)
from newsdesk.store import Store
from newsdesk.store.models import EditionDelivery

# Messages per SMTP connection: many servers limit how many one connection may carry.
PER_CONNECTION = 100


@dataclass
class DeliveryReport:
    """What this call sent, and what earlier calls had done."""

    sent: int = 0
    served_before: int = 0
    refused: list[str] = field(default_factory=list)
    interrupted: list[str] = field(default_factory=list)


def deliver_edition(store: Store, claim: Claim, message: EmailMessage,
                    recipients: Sequence[str], smtp: SmtpSettings) -> DeliveryReport:
    """Send `message` to each recipient not yet served, one message each; return the tally.

    Recipients are told apart by their address, case aside; a recipient listed twice gets
    one message. Raises a one-line NewsdeskError when the server cannot be reached, and
    ClaimLost when another publisher took over; what was recorded stays recorded.
    """
    recorded = _recorded(store, claim.edition_id)
    report = DeliveryReport(
        served_before=sum(status == "sent" for status in recorded.values()),
        refused=[r for r, status in recorded.items() if status == "refused"],
        interrupted=[r for r, status in recorded.items() if status == "sending"],
    )
    pending = [address for address in unique_addresses(recipients)
               if address.casefold() not in recorded]
    batches = iter(pending)
    while batch := list(islice(batches, PER_CONNECTION)):
        with smtp_connection(smtp) as client:
            for address in batch:
                message_id = address_to(message, address, claim.edition_id)
                refusal = transmit(client, message, address, lambda a=address, m=message_id:
                                   _record_sending(store, claim, a, m))
                _record_outcome(store, claim, address, refusal)
                if refusal is None:
                    report.sent += 1
                else:
                    report.refused.append(address)
                kill_point("sent")
    return report


def unique_addresses(recipients: Sequence[str]) -> list[str]:
    """Each recipient's bare address once, in the configured order (case aside)."""
    seen: dict[str, str] = {}
    for recipient in recipients:
        address = recipient_address(recipient)
        seen.setdefault(address.casefold(), address)
    return list(seen.values())


def delivered_any(store: Store, edition_id: str) -> bool:
    """Whether any e-mail of the edition may have gone out."""
    return bool(_recorded(store, edition_id))


def _recorded(store: Store, edition_id: str) -> dict[str, str]:
    """Recorded deliveries of an edition: address (casefolded) -> status."""
    with store.session() as session:
        rows = session.execute(select(EditionDelivery.recipient, EditionDelivery.status)
                               .where(EditionDelivery.edition_id == edition_id))
        return {recipient: status for recipient, status in rows}


def _record_sending(store: Store, claim: Claim, address: str, message_id: str) -> None:
    """Record that the message is about to be completed, if the claim is still ours."""
    with store.session() as session:
        renew_claim(session.connection(), claim)
        session.add(EditionDelivery(edition_id=claim.edition_id, recipient=address.casefold(),
                                    status="sending", message_id=message_id,
                                    attempted_at=utcnow()))
    kill_point("sending")


def _record_outcome(store: Store, claim: Claim, address: str, refusal: str | None) -> None:
    """Record the server's answer: `sent`, or `refused` with its reply.

    A recipient refused before the message was sent has no `sending` record yet."""
    key = address.casefold()
    with store.session() as session:
        if refusal is None:
            session.execute(update(EditionDelivery)
                            .where(EditionDelivery.edition_id == claim.edition_id,
                                   EditionDelivery.recipient == key)
                            .values(status="sent", sent_at=utcnow()))
            return
        session.execute(delete(EditionDelivery).where(
            EditionDelivery.edition_id == claim.edition_id, EditionDelivery.recipient == key))
        session.add(EditionDelivery(edition_id=claim.edition_id, recipient=key,
                                    status="refused", message_id="", attempted_at=utcnow(),
                                    detail=refusal))
