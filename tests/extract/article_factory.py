"""Articles for recogniser tests, made the way the corpus makes them: folded text of the same
length and real sentence splitting, so a rule that only works on unfolded text fails here."""
from __future__ import annotations

from kg.corpus import normalise, split_sentences
from kg.model import Article


def article(text: str, norm: str | None = None, *, title: str = "") -> Article:
    return Article(id="t-0", source="t", index=0, text=text,
                   norm=norm if norm is not None else normalise(text),
                   sentences=split_sentences(text), title=title)


# Characters of the domain and of broken input, for random texts: names, cues, brackets,
# quotes, figures, a line separator, NUL, and rare CJK.
RANDOM_PIECES = list("东湖青石项目工程产业园有限公司集团（）()“”「」、，。；：等和与的重点续建新建小学医院"
                     "中心安置房123.,%万亿元余约以下简称银行支行合作社家居帮助引进推进年产吨 \n") + [
    "\u2028", "\x00", "𠀀", "㮾"]
