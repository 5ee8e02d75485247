"""Allow `python -m newsdesk`."""

from newsdesk.cli import main

if __name__ == "__main__":
    main()
