"""newsdesk.text stage: what modelling needs of an article's text.

``language`` identifies languages and ``language_codes`` normalises their codes;
``tokens`` gives words and shingles (jieba for Chinese); ``embed`` gives multilingual
sentence vectors; ``understand`` runs language and vectors over the store's new articles.

Submodules are imported where they are used (nothing is re-exported here): most of the
program needs ``language_codes`` without the embedding models.
"""

__all__ = ["embed", "language", "language_codes", "tokens", "understand"]
