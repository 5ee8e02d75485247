"""What the commands print as a job goes: the application layer's listener for a terminal.

Progress bars go to stderr when it is a terminal; one line per result goes to stdout.
A quiet command (`--quiet`) listens with the silent `Listener` instead. Commands import
this module in their bodies: it loads the application layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import TextColumn

from newsdesk.app.backfill import Backfilled
from newsdesk.app.editions import Draft
from newsdesk.app.listener import Advance, FetchHooks, Listener
from newsdesk.cli.context import console, err_console
from newsdesk.cli.progress import progress_bar, shows_progress, step
from newsdesk.ingest.bulk.importer import BulkReport
from newsdesk.ingest.collect import FetchReport, SourceOutcome
from newsdesk.ingest.subscriptions.desk_sources import DeskSubscription
from newsdesk.publish.outputs import PublishReport
from newsdesk.stories.process import ClusterReport
from newsdesk.write.edition import Edition


def listener(quiet: bool) -> Listener:
    """The printer, or for a quiet command (`--quiet`) the silent listener."""
    return Listener() if quiet else Printer()


class Printer(Listener):
    """Prints each step's progress and result as the command line always has."""

    @contextmanager
    def step(self, label: str) -> Iterator[Advance]:
        with step(label, quiet=False) as advance:
            yield advance

    @contextmanager
    def fetching(self) -> Iterator[FetchHooks]:
        """One bar for the feeds, then one for the article pages; without a terminal,
        one line per source on stderr."""
        show_bar = shows_progress(False)
        progress = progress_bar(False, TextColumn("{task.fields[last]}"))
        with progress:
            task = progress.add_task("fetching", total=None, last="")
            pages = None

            def started(total: int) -> None:
                progress.update(task, total=total)

            def advanced(outcome: SourceOutcome) -> None:
                progress.update(task, advance=1, last=outcome.url[:60])
                if not show_bar:
                    _print_outcome(outcome)

            def page_done(done: int, total: int) -> None:
                # The feeds are done: their bar stops, and the pages get a bar of their own.
                nonlocal pages
                if pages is None and not total:
                    return
                if pages is None:
                    progress.update(task, last="")
                    progress.stop_task(task)
                    pages = progress.add_task("full text", total=total, last="article pages")
                progress.update(pages, completed=done, total=total)

            yield FetchHooks(on_start=started, on_outcome=advanced, on_full_text=page_done)

    def fetched(self, report: FetchReport) -> None:
        total = len(report.outcomes)
        failed = report.failed
        line = (f"fetched {total - len(failed)} of {total} sources, "
                f"{report.new_articles} new articles")
        if report.extracted or report.extract_failed:
            line += (f"; full text extracted for {report.extracted} "
                     f"({report.extract_failed} failed)")
        console().print(line)
        if failed and total and len(failed) == total:
            console().print("no source could be fetched: is this machine offline?")

    def imported(self, report: BulkReport) -> None:
        print_import_report(report)

    def embedded(self, done: Backfilled) -> None:
        console().print(f"embedded {done.articles} articles in {done.partitions} "
                      f"partitions on {done.workers} Dask workers")

    def subscribed(self, report: DeskSubscription) -> None:
        if report.added:
            console().print(f"subscribed {report.added} new of the {report.named} sources of "
                          f"desk {report.desk}")
        for problem in report.problems:
            err_console().print(f"skipped a source of desk {report.desk}: {problem}",
                              markup=False)

    def clustered(self, report: ClusterReport) -> None:
        console().print(
            f"clustered {report.articles} articles: {report.copies} copies, "
            f"{report.new_stories} new stories, {report.merges} merges"
        )

    def not_due(self, explanation: str) -> None:
        console().print(explanation)

    def drafted(self, draft: Draft) -> None:
        edition = draft.edition
        if edition.is_empty:
            console().print(
                f"edition {edition.id}: no stories met the bar (kept as a draft, not published)"
            )
        else:
            console().print(
                f"edition {edition.id} (version {edition.version}, {edition.status}): "
                f"{len(edition.leads)} lead stories, {len(edition.also)} more"
            )
        if draft.model is not None:
            stories = len(edition.leads + edition.also)
            console().print(
                f"  {draft.worded} of {stories} stories worded by {draft.model}, the "
                f"rest written extractively; {draft.dropped} of its sentences dropped as "
                "unsupported by what they cite"
            )

    def left_for_review(self, edition: Edition) -> None:
        console().print(f"left as a draft for review: newsdesk show {edition.id} "
                      "(or newsdesk serve, in a browser), then "
                      f"newsdesk approve {edition.id}")

    def published(self, report: PublishReport) -> None:
        report_published(report)


def report_published(report: PublishReport) -> None:
    """Say where a published (or previewed) edition went, and who was e-mailed."""
    if report.preview:
        console().print(f"preview of {report.edition_id} written to {report.preview} "
                      "(nothing was published or sent)")
        return
    resumed = " (finished an interrupted publication)" if report.resumed else ""
    console().print(f"published {report.edition_id}{resumed}: site at {report.site_dir}")
    if report.markdown:
        console().print(f"  markdown: {report.markdown}")
    if report.emailed or report.served_before:
        before = (f" ({report.served_before} served before, not sent again)"
                  if report.served_before else "")
        console().print(f"  e-mailed to {report.emailed} recipients{before}")
    if report.refused:
        console().print(f"  refused by the mail server: {', '.join(report.refused)}")
    if report.interrupted:
        console().print(f"  not sent again (a publication was killed as the mail server took "
                      f"the message; it most likely arrived): {', '.join(report.interrupted)}")


def print_import_report(report: BulkReport) -> None:
    """What a bulk import stored, rejected and skipped (the first ten reasons)."""
    line = f"{report.path}: {report.read} records read, {report.new} new articles"
    if report.rejected:
        line += f"; {report.rejected} rejected (no title or text, nothing stored from them)"
    console().print(line)
    for reason in report.skipped[:10]:
        err_console().print(f"skipped: {reason}")
    if len(report.skipped) > 10:
        err_console().print(f"... and {len(report.skipped) - 10} more skipped")


def _print_outcome(outcome: SourceOutcome) -> None:
    if outcome.ok:
        state = "not modified" if outcome.not_modified else f"{outcome.new} new of {outcome.seen}"
        err_console().print(f"ok      {outcome.url}: {state}", markup=False)
        if outcome.limit_warning:
            err_console().print(f"        {outcome.limit_warning}", markup=False)
    else:
        err_console().print(f"failed  {outcome.url}: {outcome.error}", markup=False)
