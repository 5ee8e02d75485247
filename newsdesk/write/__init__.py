"""newsdesk.write stage: stories written up, and editions composed, stored and reviewed.

``compose`` ranks a desk's stories, has a ``Writer`` write them up (``summarize``: the
contract and the extractive writer; ``generative``: an LLM writer) and stores the edition
as a draft; ``editions`` keeps drafts, versions and review status; ``edition`` and
``edition_json`` are what publishers receive; ``files`` writes up stories read from a file
with no store; ``cadence`` tells whether a desk's next edition is due. The other modules
are the writer's parts (sources, sentences, trims, headlines, intros, events).

Submodules are imported where they are used (nothing is re-exported here), so reading one
type does not load the whole stage.
"""

__all__ = [
    "cadence",
    "compose",
    "edition",
    "edition_json",
    "editions",
    "files",
    "generative",
    "summarize",
]
