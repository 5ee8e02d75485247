"""newsdesk.stories stage: articles in, copies found, stories formed and ranked for a desk.

``process`` runs dedup and clustering over the store, run after run (``dedup`` finds
copies, ``cluster`` joins each article to a story with ``join_model``); ``stream`` does the
same for story-set files with no database; ``rank`` scores a desk's stories and
``diversity`` keeps an edition varied; ``model`` holds the types the stage reads and
returns. The other modules are their parts.

Submodules are imported where they are used (nothing is re-exported here), so reading one
type does not load the whole stage.
"""

__all__ = ["cluster", "dedup", "diversity", "model", "process", "rank", "stream"]
