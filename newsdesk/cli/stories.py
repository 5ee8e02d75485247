"""Story commands: cluster a story-set file, and score a clustering against gold labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.context import require_file

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress on stderr")]

_METRIC_ORDER = (
    "articles",
    "stories_gold",
    "stories_found",
    "b3_precision",
    "b3_recall",
    "b3_f1",
    "pairwise_precision",
    "pairwise_recall",
    "pairwise_f1",
    "nmi",
    "ami",
    "ari",
)


def _report_progress(done: int, total: int) -> None:
    typer.echo(f"embedded {done}/{total}", err=True)


def register(app: typer.Typer) -> None:
    """Add `cluster-file` and `eval clusters` to the app."""
    evaluate = typer.Typer(help="Measure newsdesk against labelled data.", no_args_is_help=True)
    app.add_typer(evaluate, name="eval")

    @app.command("cluster-file")
    def cluster_file_command(
        path: Annotated[Path, typer.Argument(help="story-set file, one JSON article per line")],
        quiet: Quiet = False,
    ) -> None:
        """Group a file's articles into stories; print `id<TAB>story_id` per article."""
        from newsdesk.stories.stream import cluster_file

        require_file(path)
        progress = None if quiet else _report_progress
        for article_id, story_id in cluster_file(path, progress=progress):
            typer.echo(f"{article_id}\t{story_id}")

    @evaluate.command("clusters")
    def eval_clusters_command(
        path: Annotated[Path, typer.Argument(help="labelled story-set file ('story' labels)")],
        quiet: Quiet = False,
    ) -> None:
        """Cluster a labelled file and print B-cubed, pairwise, NMI, AMI and ARI."""
        from newsdesk.evaluate.clustering import evaluate_file

        require_file(path)
        scores = evaluate_file(path, progress=None if quiet else _report_progress)
        for key in _METRIC_ORDER:
            value = scores[key]
            shown = f"{value:.4f}" if isinstance(value, float) else str(value)
            typer.echo(f"{key}\t{shown}")
