"""newsdesk.publish stage: an edition out to readers.

``markdown`` (render_markdown), ``site`` (build_site: static HTML, published atomically),
``feed`` (render_atom), ``email`` (build_message, send_edition, write_eml); every output
goes through ``sanitize`` (untrusted HTML) and ``paths`` (file names that cannot escape).
"""
