"""`newsdesk stories`, `roundup`, `approve`, `publish` and `editions`: from stories to editions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import typer
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.cli.context import console, err_console, opened_store, print_json
from newsdesk.cli.progress import step
from newsdesk.clock import utcnow
from newsdesk.config import Settings
from newsdesk.desks.config import Desk, find_desk, parse_duration
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.subscriptions.desk_sources import DeskSubscription, subscribe_desk
from newsdesk.publish.claim import AlreadyPublished
from newsdesk.publish.outputs import PublishReport, approve_edition, publish_edition
from newsdesk.publish.presentation import wording_note
from newsdesk.store import Store
from newsdesk.store.articles import iso_utc
from newsdesk.store.models import MAX_INTEGER, Story
from newsdesk.stories.process import ClusterReport, cluster_new_articles
from newsdesk.stories.rank import explain, rank_stories, titles_in_language
from newsdesk.text.language_codes import normalise_language
from newsdesk.text.understand import embedder_named, understand_articles
from newsdesk.write.cadence import check_cadence
from newsdesk.write.compose import Composition, compose_edition, desk_source_ids, profile_vector
from newsdesk.write.edition import Edition
from newsdesk.write.editions import list_editions
from newsdesk.write.generative import GenerativeWriter, writer_for


def load_desk(settings: Settings, name: str | None, since: str | None = None) -> Desk:
    """The named desk (default: the configured one), its window overridden by `since`."""
    desk = find_desk(name or settings.default_desk, settings.home)
    if since:
        desk = replace(desk, schedule=replace(desk.schedule, window=parse_duration(since)))
    return desk


def parse_until(text: str) -> datetime:
    """`--until`: a date (the end of that day, UTC) or an ISO 8601 time (naive means UTC).

    A time after the end of today (UTC) is refused: a window cannot end in the future."""
    value = text.strip()
    try:
        if len(value) == len("YYYY-MM-DD"):
            moment = datetime.combine(date.fromisoformat(value), time.max, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise NewsdeskError(f"--until {text!r} is not a date or time "
                            "(use e.g. 2026-03-09 or 2026-03-09T18:00Z)") from None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if moment.date() > utcnow().date():
        raise NewsdeskError(f"--until {text!r} is in the future: a window ends today at the "
                            "latest")
    return moment


def subscribe_desk_sources(settings: Settings, store: Store, desk: Desk, *,
                           quiet: bool) -> DeskSubscription:
    """Subscribe the desk's own sources (idempotent), saying how many were new."""
    report = subscribe_desk(store, desk, allowed_networks=settings.allowed_networks)
    if not quiet and report.added:
        console.print(f"subscribed {report.added} new of the {report.named} sources of "
                      f"desk {desk.name}")
    if not quiet:
        for problem in report.problems:
            err_console.print(f"skipped a source of desk {desk.name}: {problem}", markup=False)
    return report


def run_clustering(settings: Settings, store: Store, *, quiet: bool) -> ClusterReport:
    """Understand, de-duplicate and cluster new articles (with progress bars), then print a
    one-line summary. Waits while a worker (or another command) is clustering: the stream
    is ordered."""
    from newsdesk.worker.coordination import CLUSTER_LOCK, exclusive

    embedder = embedder_named(settings.embedder)
    with exclusive(store, CLUSTER_LOCK, wait=True):
        with step("understand", quiet=quiet) as advance:
            understand_articles(store, embedder, progress=lambda done, _: advance(done, None))
        with step("cluster", quiet=quiet) as advance:
            report = cluster_new_articles(store, embedder, progress=advance,
                                          settings=settings.engine)
    if not quiet:
        console.print(
            f"clustered {report.articles} articles: {report.copies} copies, "
            f"{report.new_stories} new stories, {report.merges} merges"
        )
    return report


def make_due_roundup(settings: Settings, store: Store, desk: Desk, *,
                     window_end: datetime | None, force: bool, quiet: bool) -> Edition | None:
    """The desk's draft edition ending at `window_end` (default: now) when its cadence makes
    one due (or `force`); otherwise None, after one line saying when the next one is due."""
    window_end = window_end or utcnow()
    if not force:
        with store.session() as session:
            check = check_cadence(session, desk, window_end)
        if not check.due:
            if not quiet:
                console.print(check.explanation(desk))
            return None
    return make_roundup(settings, store, desk, quiet=quiet, window_end=window_end).edition


def make_roundup(settings: Settings, store: Store, desk: Desk, *, quiet: bool,
                 window_end: datetime | None = None) -> Composition:
    """Compose and store a draft edition of the desk, its window ending at `window_end`
    (default: now)."""
    embedder = embedder_named(settings.embedder)
    writer = writer_for(desk, settings.home, embedder)
    with step("write", quiet=quiet) as advance:
        composition = compose_edition(store, desk, writer, embedder=embedder,
                                      window_end=window_end, progress=advance)
    edition = composition.edition
    if not quiet:
        if edition.is_empty:
            console.print(
                f"edition {edition.id}: no stories met the bar (kept as a draft, not published)"
            )
        else:
            console.print(
                f"edition {edition.id} (version {edition.version}, {edition.status}): "
                f"{len(edition.leads)} lead stories, {len(edition.also)} more"
            )
        if isinstance(writer, GenerativeWriter) and not edition.is_empty:
            stories = edition.leads + edition.also
            worded = sum(1 for story in stories if wording_note(story))
            console.print(
                f"  {worded} of {len(stories)} stories worded by {writer.settings.model}, the "
                f"rest written extractively; {writer.dropped} of its sentences dropped as "
                "unsupported by what they cite"
            )
    return composition


def report_published(report: PublishReport) -> None:
    """Say where a published (or previewed) edition went, and who was e-mailed."""
    if report.preview:
        console.print(f"preview of {report.edition_id} written to {report.preview} "
                      "(nothing was published or sent)")
        return
    resumed = " (finished an interrupted publication)" if report.resumed else ""
    console.print(f"published {report.edition_id}{resumed}: site at {report.site_dir}")
    if report.markdown:
        console.print(f"  markdown: {report.markdown}")
    if report.emailed or report.served_before:
        before = (f" ({report.served_before} served before, not sent again)"
                  if report.served_before else "")
        console.print(f"  e-mailed to {report.emailed} recipients{before}")
    if report.refused:
        console.print(f"  refused by the mail server: {', '.join(report.refused)}")
    if report.interrupted:
        console.print(f"  not sent again (a publication was killed as the mail server took "
                      f"the message; it most likely arrived): {', '.join(report.interrupted)}")


def register(app: typer.Typer) -> None:
    """Add the story and edition commands to the app."""

    @app.command()
    def stories(
        desk: str | None = typer.Option(None, help="Rank the stories for this desk."),
        explain_: bool = typer.Option(False, "--explain", help="Show each signal's share."),
        limit: int = typer.Option(30, "--limit", "-n", min=1, max=MAX_INTEGER),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
    ) -> None:
        """List stored stories (or a desk's ranking of them, with --desk)."""
        with opened_store() as (settings, store), store.session() as session:
            if desk or explain_:
                chosen = load_desk(settings, desk)
                embedder = embedder_named(settings.embedder)
                ranked = rank_stories(
                    session,
                    chosen,
                    window_end=utcnow(),
                    profile_vector=profile_vector(chosen, embedder),
                    vector_model=embedder.name,
                    source_ids=desk_source_ids(session, chosen),
                )
                rows = explain(ranked)[:limit]
            else:
                latest = _latest_stories(session, limit)
                titles = titles_in_language(session, [(s.id, s.title) for s in latest],
                                            load_desk(settings, None).language)
                rows = [_story_json(s, titles[s.id]) for s in latest]
        if as_json or explain_:
            print_json(rows)
            return
        _print_stories(rows, ranked=bool(desk))

    @app.command()
    def cluster(quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing.")) -> None:
        """De-duplicate new articles and group them into stories."""
        with opened_store() as (settings, store):
            run_clustering(settings, store, quiet=quiet)

    @app.command()
    def roundup(
        desk: str | None = typer.Option(None, help="Desk name (default: the configured desk)."),
        since: str | None = typer.Option(None, help="Window to cover, e.g. 7d, 36h, 2w."),
        until: str | None = typer.Option(
            None, help="End the window here: a date (its end, UTC) or an ISO time "
                       "(default: now)."),
    ) -> None:
        """Make a draft edition of a desk from its ranked stories."""
        window_end = parse_until(until) if until else None
        with opened_store() as (settings, store):
            chosen = load_desk(settings, desk, since)
            subscribe_desk_sources(settings, store, chosen, quiet=False)
            make_roundup(settings, store, chosen, quiet=False, window_end=window_end)

    @app.command("approve")
    def approve_(edition: str = typer.Argument(..., help="Edition id.")) -> None:
        """Approve a draft edition (an editor's sign-off)."""
        with opened_store() as (settings, store), store.session() as session:
            approve_edition(session, settings, edition)
        console.print(f"approved {edition}")

    @app.command()
    def publish(
        edition: str = typer.Argument(..., help="Edition id (see `newsdesk editions`)."),
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Change nothing: write what would be published (site, "
            "feed, Markdown, .eml) to a preview folder and print its path."
        ),
    ) -> None:
        """Publish an edition once: Markdown, the static site and its feed, e-mail."""
        with opened_store() as (settings, store):
            with store.session() as session:
                records = {r.id: r for r in list_editions(session)}
            if edition not in records:
                raise NewsdeskError(f"no edition {edition!r} (see `newsdesk editions`)")
            desk = load_desk(settings, records[edition].desk)
            try:
                report = publish_edition(store, settings, desk, edition, dry_run=dry_run)
            except AlreadyPublished as done:
                console.print(str(done))
                return
            report_published(report)

    @app.command()
    def editions(
        desk: str | None = typer.Option(None, help="Only this desk."),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
    ) -> None:
        """List editions with their status and version."""
        with opened_store() as (_, store), store.session() as session:
            rows = [
                {
                    "id": r.id,
                    "desk": r.desk,
                    "title": r.title,
                    "status": r.status,
                    "version": r.version,
                    "created": iso_utc(r.created_at),
                    "published": iso_utc(r.published_at),
                }
                for r in list_editions(session, desk)
            ]
        if as_json:
            print_json(rows)
            return
        table = Table("id", "status", "version", "created", "title")
        for row in rows:
            table.add_row(
                row["id"], row["status"], str(row["version"]), row["created"][:16], row["title"]
            )
        console.print(table)


def _latest_stories(session: Session, limit: int) -> list[Story]:
    query = (
        select(Story)
        .where(Story.merged_into.is_(None))
        .order_by(func.coalesce(Story.last_seen, Story.updated_at).desc(), Story.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def _story_json(story: Story, title: str | None) -> dict[str, object]:
    return {
        "id": story.id,
        "title": title or story.title,
        "size": story.size,
        "outlets": story.outlets,
        "languages": sorted({normalise_language(c) or c for c in story.languages or []}),
        "first_seen": iso_utc(story.first_seen),
        "last_seen": iso_utc(story.last_seen),
        "top_terms": story.top_terms,
    }


def _print_stories(rows: list[dict], *, ranked: bool) -> None:
    if not rows:
        err_console.print("no stories yet: run `newsdesk run` (or fetch, then cluster)")
        return
    if ranked:
        table = Table("score", "story", "title", "excluded")
        for row in rows:
            table.add_row(
                f"{row['score']:.2f}", row["story_id"], row["title"] or "", row["excluded"] or ""
            )
    else:
        table = Table("story", "size", "outlets", "langs", "last seen", "title", "terms")
        for row in rows:
            table.add_row(
                row["id"],
                str(row["size"]),
                str(row["outlets"]),
                ",".join(row["languages"]),
                (row["last_seen"] or "-")[:16],
                row["title"] or "",
                " ".join(row["top_terms"][:5]),
            )
    console.print(table)
