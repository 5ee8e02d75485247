"""Child process for the crash-safety test: build the 'old' or 'new' site, then exit.

Usage: python -m tests.publish.build_site_child OUT_DIR old|new
"""

from __future__ import annotations

import sys
from pathlib import Path

from newsdesk.publish.site import build_site
from newsdesk.write.edition import Edition
from tests.publish.editions import make_edition, make_editions


def site_editions(variant: str) -> list[Edition]:
    """The editions of each site version: 'old' has one edition, 'new' has two."""
    return [make_edition(10, hostile=False)] if variant == "old" else make_editions()


def main() -> None:
    """Build the requested version of the site."""
    out_dir, variant = Path(sys.argv[1]), sys.argv[2]
    build_site(site_editions(variant), out_dir, site_title=f"China Tech Weekly ({variant})")


if __name__ == "__main__":
    main()
