"""newsdesk.ingest stage: feed bytes in, normalised entries out.

feeds.py is the entry point (parse_feed, entry_identity, is_summary_only); charset.py
decodes, prolog.py cleans and guards the XML prolog, feedxml.py and jsonfeed.py read the
formats, dates.py and urls.py normalise dates and links.
"""
