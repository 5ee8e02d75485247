"""newsdesk.evaluate stage: quality measured against labelled data (never used in production).

``clustering`` and ``metrics`` score story clustering, ``extraction`` full-text
extraction, ``summaries`` and ``rouge`` write-ups and headlines.
"""

__all__ = ["clustering", "extraction", "metrics", "rouge", "summaries"]
