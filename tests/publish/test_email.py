"""The e-mail edition: headers, both parts, real SMTP delivery, and no header injection."""

from __future__ import annotations

from dataclasses import replace
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from newsdesk.desks.config import EmailOutput
from newsdesk.errors import NewsdeskError
from newsdesk.publish.email import SmtpSettings, build_message, send_edition, write_eml
from newsdesk.publish.outputs import _smtp
from newsdesk.write.edition import Edition
from tests.publish.editions import HOSTILE_CRLF
from tests.publish.mailserver import Inbox, free_port
from tests.publish.xss_vectors import executable_constructs

SENDER = "China Desk <desk@news.example>"
RECIPIENTS = ["reader@example.org", "Second Reader <two@example.org>"]
UNSUBSCRIBE = "https://news.example/unsubscribe?token=abc"


def _message(edition: Edition, **overrides: Any) -> EmailMessage:
    kwargs: dict[str, Any] = {"sender": SENDER, "recipients": RECIPIENTS,
                              "unsubscribe_url": UNSUBSCRIBE}
    kwargs.update(overrides)
    return build_message(edition, **kwargs)


def test_message_has_list_unsubscribe_date_and_message_id(edition: Edition) -> None:
    msg = _message(edition, unsubscribe_mailto="unsubscribe@news.example")
    assert msg["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>, <mailto:unsubscribe@news.example>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Date"] and msg["Message-ID"].endswith("@news.example>")
    assert msg["Subject"] == edition.title
    assert msg.get_content_type() == "multipart/alternative"


def test_mailto_only_unsubscribe_has_no_one_click_header(edition: Edition) -> None:
    msg = _message(edition, unsubscribe_url=None, unsubscribe_mailto="mailto:u@news.example")
    assert msg["List-Unsubscribe"] == "<mailto:u@news.example>"
    assert msg["List-Unsubscribe-Post"] is None


def test_missing_unsubscribe_is_refused(edition: Edition) -> None:
    with pytest.raises(NewsdeskError, match="unsubscribe"):
        _message(edition, unsubscribe_url=None)


def test_plain_part_cites_every_sentence_and_html_part_is_safe(edition: Edition) -> None:
    msg = _message(edition)
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "(TechNode [1])" in plain and "[1] https://technode.example/news/deepseek-r2" in plain
    assert "Also worth your attention" in plain and "[zh] 国家大基金" in plain
    assert plain.count("Worded by qwen2.5-7b-instruct from the sources each sentence") == 1
    body = html.split("<body>", 1)[1]
    assert executable_constructs(body.replace('style="', 'data-x="')) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'href="{UNSUBSCRIBE}"' in html


@pytest.mark.parametrize("field,value", [
    ("sender", "desk@news.example\r\nBcc: victim@example.org"),
    ("recipients", ["reader@example.org\nBcc: victim@example.org"]),
    ("recipients", ["a@example.org, b@example.org"]),
    ("recipients", ["not-an-address"]),
    ("recipients", []),
    ("unsubscribe_url", "https://news.example/u\r\nBcc: victim@example.org"),
    ("unsubscribe_url", "javascript:alert(1)"),
    ("unsubscribe_mailto", "u@news.example>, <https://evil.example"),
])
def test_header_injection_is_refused(edition: Edition, field: str, value: Any) -> None:
    with pytest.raises(NewsdeskError) as caught:
        _message(edition, **{field: value})
    assert "\n" not in str(caught.value)


def test_crlf_in_subject_is_folded_onto_one_line(edition: Edition) -> None:
    msg = _message(edition, subject=HOSTILE_CRLF)
    assert msg["Subject"] == "Xiaomi ships EV Bcc: victim@example.com free money"
    raw = msg.as_bytes()
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw


def test_edition_is_delivered_over_smtp(edition: Edition,
                                        smtp_server: tuple[Inbox, SmtpSettings]) -> None:
    inbox, settings = smtp_server
    send_edition(_message(edition), settings)
    assert len(inbox.messages) == 1
    mail_from, rcpt_tos, content = inbox.messages[0]
    assert mail_from == "desk@news.example"
    assert sorted(rcpt_tos) == ["reader@example.org", "two@example.org"]
    received = message_from_bytes(content, policy=email_policy.default)
    assert received["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert received["Subject"] == edition.title
    assert [p.get_content_type() for p in received.iter_parts()] == ["text/plain", "text/html"]
    assert "DeepSeek readies R2" in received.get_body(("html",)).get_content()


def test_refused_recipient_is_named_in_one_line(edition: Edition,
                                                smtp_server: tuple[Inbox, SmtpSettings]) -> None:
    inbox, settings = smtp_server
    msg = _message(edition, recipients=["reader@example.org", "ghost@refused.example"])
    with pytest.raises(NewsdeskError, match="ghost@refused.example") as caught:
        send_edition(msg, settings)
    assert "\n" not in str(caught.value)
    assert [rcpt for _f, rcpt, _c in inbox.messages] == [["reader@example.org"]]


def test_every_recipient_refused_is_an_error(edition: Edition,
                                             smtp_server: tuple[Inbox, SmtpSettings]) -> None:
    _inbox, settings = smtp_server
    with pytest.raises(NewsdeskError, match="refused every recipient"):
        send_edition(_message(edition, recipients=["x@refused.example"]), settings)


def test_unreachable_server_is_a_one_line_error(edition: Edition) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), security="none", timeout=2)
    with pytest.raises(NewsdeskError, match="cannot reach mail server 127.0.0.1") as caught:
        send_edition(_message(edition), settings)
    assert "\n" not in str(caught.value)


def test_unknown_security_mode_is_refused(edition: Edition) -> None:
    with pytest.raises(NewsdeskError, match="unknown SMTP security"):
        send_edition(_message(edition), SmtpSettings(host="127.0.0.1", security="tls1.0"))


def test_starttls_against_a_plain_server_fails_cleanly(
        edition: Edition, smtp_server: tuple[Inbox, SmtpSettings]) -> None:
    inbox, settings = smtp_server
    plain_only = SmtpSettings(host=settings.host, port=settings.port, security="starttls",
                              timeout=5)
    with pytest.raises(NewsdeskError, match="failed"):
        send_edition(_message(edition), plain_only)
    assert inbox.messages == []


def test_dry_run_writes_a_parseable_eml(edition: Edition, tmp_path: Path) -> None:
    path = write_eml(_message(edition), tmp_path / "out" / "edition.eml")
    parsed = message_from_bytes(path.read_bytes(), policy=email_policy.default)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed.get_body(("plain",)) is not None and parsed.get_body(("html",)) is not None


def test_smtp_credentials_come_from_the_variables_the_desk_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_TEST_SMTP_USER", "desk")
    monkeypatch.setenv("NEWSDESK_TEST_SMTP_PASSWORD", "s3cret")
    email = EmailOutput(recipients=("editor@example.org",), sender="desk@example.org",
                        smtp_host="127.0.0.1", username_env="NEWSDESK_TEST_SMTP_USER",
                        password_env="NEWSDESK_TEST_SMTP_PASSWORD")
    assert (_smtp(email).username, _smtp(email).password) == ("desk", "s3cret")
    named = replace(email, username="named", password_env=None)
    assert (_smtp(named).username, _smtp(named).password) == ("named", None)
