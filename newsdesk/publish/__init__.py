"""newsdesk.publish stage: an edition out to readers.

``outputs`` publishes an approved edition exactly once (under a ``claim``): ``markdown``
(render_markdown), ``site`` (build_site: static HTML, published atomically), ``feed``
(render_atom), ``email`` (build_message, send_edition, write_eml) with ``delivery`` (each
recipient once). Every output goes through ``sanitize`` (untrusted HTML) and ``paths``
(file names that cannot escape).

Submodules are imported where they are used (nothing is re-exported here).
"""

__all__ = ["email", "feed", "markdown", "outputs", "sanitize", "site"]
