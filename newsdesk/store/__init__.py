"""The store: SQLAlchemy models, Alembic migrations and queries."""

from newsdesk.store.database import Store, create_store_engine
from newsdesk.store.models import Article, Fetch, Source

__all__ = ["Article", "Fetch", "Source", "Store", "create_store_engine"]
