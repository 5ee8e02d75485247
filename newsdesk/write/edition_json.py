"""Editions as plain JSON: how the store keeps them and how they travel to publishers.

The round trip is exact: `edition_from_json(edition_to_json(e)) == e`, datetimes included
(ISO 8601 text keeping its UTC offset).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdesk.errors import NewsdeskError
from newsdesk.text.language_codes import normalise_language
from newsdesk.write.edition import Citation, Edition, Sentence, StoryWriteUp

SCHEMA_VERSION = 1


def _time_to_json(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time_from_json(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _known_language(code: str | None) -> str | None:
    """A stored language code in the one scheme (editions saved before it kept `jpn`,
    `zh-CN`); a code that is no language tag stays as it was."""
    return normalise_language(code) or code


def _languages(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(_known_language(c) or c for c in codes))


def _citation_to_json(citation: Citation) -> dict[str, Any]:
    return {
        "url": citation.url,
        "outlet": citation.outlet,
        "title": citation.title,
        "language": citation.language,
        "published": _time_to_json(citation.published),
    }


def _citation_from_json(data: dict[str, Any]) -> Citation:
    return Citation(
        url=data["url"],
        outlet=data["outlet"],
        title=data.get("title"),
        language=_known_language(data.get("language")),
        published=_time_from_json(data.get("published")),
    )


def _sentence_to_json(sentence: Sentence) -> dict[str, Any]:
    data = {"text": sentence.text, "citation": _citation_to_json(sentence.citation)}
    if sentence.written_by:
        data["written_by"] = sentence.written_by
    if sentence.kind != "report":
        data["kind"] = sentence.kind
    return data


def _sentence_from_json(data: dict[str, Any]) -> Sentence:
    return Sentence(text=data["text"], citation=_citation_from_json(data["citation"]),
                    written_by=data.get("written_by"), kind=data.get("kind") or "report")


def _sentence_line(sentence: Sentence) -> dict[str, Any]:
    """A sentence as machine readers want it: text, source URL, kind, the source's date."""
    return {"text": sentence.text, "url": sentence.citation.url, "kind": sentence.kind,
            "date": _time_to_json(sentence.citation.published)}


def story_to_json(story: StoryWriteUp) -> dict[str, Any]:
    """One story write-up as JSON. `summary` (plain text) and `sentences` (each with its
    source URL, kind and date) are copies of `paragraphs` for machine readers: reading a
    story back takes its paragraphs, so an edit is made there."""
    return {
        "story_id": story.story_id,
        "headline": story.headline,
        "paragraphs": [[_sentence_to_json(s) for s in p] for p in story.paragraphs],
        "summary": story.summary,
        "sentences": [_sentence_line(s) for s in story.sentences],
        "one_liner": _sentence_to_json(story.one_liner) if story.one_liner else None,
        "sources": [_citation_to_json(c) for c in story.sources],
        "languages": list(story.languages),
        "headline_language": story.headline_language,
        "headline_url": story.headline_url,
        "is_update": story.is_update,
    }


def story_from_json(data: dict[str, Any]) -> StoryWriteUp:
    """A story write-up from its JSON."""
    one_liner = data.get("one_liner")
    return StoryWriteUp(
        story_id=data["story_id"],
        headline=data["headline"],
        paragraphs=[[_sentence_from_json(s) for s in p] for p in data["paragraphs"]],
        one_liner=_sentence_from_json(one_liner) if one_liner else None,
        sources=[_citation_from_json(c) for c in data["sources"]],
        languages=_languages(data.get("languages", [])),
        headline_language=_known_language(data.get("headline_language")),
        headline_url=data.get("headline_url"),
        is_update=bool(data.get("is_update", False)),
    )


def edition_to_json(edition: Edition) -> dict[str, Any]:
    """A whole edition as JSON-serialisable data (dicts, lists, strings, numbers)."""
    return {
        "schema": SCHEMA_VERSION,
        "id": edition.id,
        "desk": edition.desk,
        "desk_title": edition.desk_title,
        "title": edition.title,
        "created_at": _time_to_json(edition.created_at),
        "window_start": _time_to_json(edition.window_start),
        "window_end": _time_to_json(edition.window_end),
        "intro": edition.intro,
        "leads": [story_to_json(s) for s in edition.leads],
        "also": [story_to_json(s) for s in edition.also],
        "status": edition.status,
        "version": edition.version,
        "published_at": _time_to_json(edition.published_at),
        "language": edition.language,
    }


def edition_from_json(data: dict[str, Any]) -> Edition:
    """An edition from `edition_to_json`'s output; a clear error when the data is not one."""
    try:
        return Edition(
            id=data["id"],
            desk=data["desk"],
            desk_title=data["desk_title"],
            title=data["title"],
            created_at=datetime.fromisoformat(data["created_at"]),
            window_start=datetime.fromisoformat(data["window_start"]),
            window_end=datetime.fromisoformat(data["window_end"]),
            intro=data["intro"],
            leads=[story_from_json(s) for s in data["leads"]],
            also=[story_from_json(s) for s in data["also"]],
            status=data.get("status", "draft"),
            version=int(data.get("version", 1)),
            published_at=_time_from_json(data.get("published_at")),
            language=data.get("language", "en"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise NewsdeskError(f"not a stored edition: {type(exc).__name__}: {exc}") from None
