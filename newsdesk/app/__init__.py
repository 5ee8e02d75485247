"""The application layer: the jobs users run, as plain functions over a store and settings.

The command line, the editor's desk (`newsdesk.deskapp`), the worker, the backfill and
the benches call these; each returns what it did (a report dataclass) and tells a
`Listener` of its progress as it goes. The command line only parses arguments and
prints; the desk app only handles HTTP.

- `sources`: the stored sources' health; pause, resume and remove them.
- `subscriptions`: subscribe to feeds, import and export OPML, subscribe a desk's own
  sources.
- `collect`: fetch due sources, import archives in bulk.
- `articles`: list the stored articles or read one.
- `stories`: understand and cluster new articles; list stories or a desk's ranking.
- `editions`: draft a desk's edition, make the due one, approve and publish it.
- `review`: list editions, read a version or the history, save an edit.
- `stats`: the house's figures and the workers' health (`newsdesk stats`).
- `run`: the main job (subscribe, fetch, cluster, make the due edition, publish).
- `backfill`: import archives and understand them on Dask, then cluster.
- `files`: write up the stories of a story-set file, without the store.
- `listener`: how a job reports its progress (ignored unless the caller listens).

This package imports nothing heavy itself: import the module of the job you run.
"""

__all__ = ["articles", "backfill", "collect", "editions", "files", "listener", "review", "run",
           "sources", "stats", "stories", "subscriptions"]
