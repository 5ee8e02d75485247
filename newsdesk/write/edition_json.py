"""Editions as plain JSON: how the store keeps them and how they travel to publishers.

The round trip is exact: `edition_from_json(edition_to_json(e)) == e`, datetimes included
(ISO 8601 text keeping its UTC offset).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from newsdesk.errors import NewsdeskError
from newsdesk.text.language_codes import normalise_language
from newsdesk.write.edition import Citation, Edition, Sentence, StoryWriteUp

SCHEMA_VERSION = 1
T = TypeVar("T")


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
    return Sentence(text=data["text"],
                    citation=_located(_citation_from_json, data["citation"], "its citation"),
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
        "folded": list(story.folded),
    }


def story_from_json(data: dict[str, Any]) -> StoryWriteUp:
    """A story write-up from its JSON; an error names the sentence or source at fault."""
    one_liner = data.get("one_liner")
    return StoryWriteUp(
        story_id=data["story_id"],
        headline=data["headline"],
        paragraphs=[
            [_located(_sentence_from_json, s, _sentence_place(p_no, s_no, s))
             for s_no, s in enumerate(p, start=1)]
            for p_no, p in enumerate(data["paragraphs"], start=1)
        ],
        one_liner=(_located(_sentence_from_json, one_liner,
                            _sentence_place(None, None, one_liner)) if one_liner else None),
        sources=[_located(_citation_from_json, c, f"source {n}")
                 for n, c in enumerate(data["sources"], start=1)],
        languages=_languages(data.get("languages", [])),
        headline_language=_known_language(data.get("headline_language")),
        headline_url=data.get("headline_url"),
        is_update=bool(data.get("is_update", False)),
        folded=[str(story_id) for story_id in data.get("folded") or []],
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
            leads=[_located(story_from_json, s, _story_place("lead story", n, s))
                   for n, s in enumerate(data["leads"], start=1)],
            also=[_located(story_from_json, s, _story_place("\"also\" item", n, s))
                  for n, s in enumerate(data["also"], start=1)],
            status=data.get("status", "draft"),
            version=int(data.get("version", 1)),
            published_at=_time_from_json(data.get("published_at")),
            language=data.get("language", "en"),
        )
    except EditionJSONError as exc:
        raise NewsdeskError(f"not a valid edition: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise NewsdeskError(f"not a valid edition: {_reason(exc)}") from None


class EditionJSONError(ValueError):
    """A part of an edition's JSON that cannot be read, named by where it is."""


def _located(read: Callable[[Any], T], data: Any, place: str) -> T:
    """`read(data)`, its failure reported as an EditionJSONError naming `place`."""
    try:
        return read(data)
    except EditionJSONError as exc:
        raise EditionJSONError(f"{place}, {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise EditionJSONError(f"{place}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        field = exc.args[0] if exc.args else "?"
        hint = " (every sentence keeps its source link)" if field == "citation" else ""
        return f"its {field!r} field is missing{hint}"
    if isinstance(exc, (TypeError, AttributeError)):
        return f"a field has the wrong type ({exc})"
    return str(exc)


def _story_place(role: str, number: int, data: Any) -> str:
    """`lead story 2 ("Huawei unveils ...", s-123)`: the story as an editor finds it."""
    if not isinstance(data, dict):
        return f"{role} {number}"
    names = [_quoted(data.get("headline")), data.get("story_id")]
    named = ", ".join(str(n) for n in names if n)
    return f"{role} {number} ({named})" if named else f"{role} {number}"


def _sentence_place(paragraph: int | None, number: int | None, data: Any) -> str:
    """`paragraph 1, sentence 3 ("The chip ...")`, or `the one-line summary (...)`."""
    place = (f"paragraph {paragraph}, sentence {number}" if paragraph is not None
             else "the one-line summary")
    text = _quoted(data.get("text")) if isinstance(data, dict) else None
    return f"{place} ({text})" if text else place


def _quoted(text: Any, limit: int = 40) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    words = " ".join(text.split())
    return f'"{words[:limit]}…"' if len(words) > limit else f'"{words}"'

