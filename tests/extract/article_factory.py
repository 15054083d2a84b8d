"""Articles for recogniser tests, made the way the corpus makes them: folded text of the same
length and real sentence splitting, so a rule that only works on unfolded text fails here."""
from __future__ import annotations

from kg.corpus import normalise, split_sentences
from kg.model import Article


def article(text: str, norm: str | None = None, *, title: str = "") -> Article:
    return Article(id="t-0", source="t", index=0, text=text,
                   norm=norm if norm is not None else normalise(text),
                   sentences=split_sentences(text), title=title)
