"""Article pages: full text where a feed carries only a summary.

``extract_page`` (extract.py) reads a page's main text and metadata, fetching nothing;
``fill_full_text`` (fulltext.py) fetches the pages of summary-only articles and stores
what extraction finds.
"""

from newsdesk.ingest.pages.extract import ExtractedPage, extract_page
from newsdesk.ingest.pages.fulltext import fill_full_text

__all__ = ["ExtractedPage", "extract_page", "fill_full_text"]
