"""Entity resolution: labels as the article writes them, keys that meet across spellings."""
from __future__ import annotations

import pytest

from kg.corpus import articles_from_text
from kg.extract import extract
from kg.resolve import resolve


def entities(text: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    [article] = articles_from_text(text, "t.txt")
    return {e.key: (e.label, e.aliases) for e in resolve(extract(article)).entities}


@pytest.mark.parametrize("traditional, simplified", [
    ("福建省三明市尤溪縣洋坪鎮溪尾村被評定為國家3A級旅遊景區。",
     "福建省三明市尤溪县洋坪镇溪尾村被评定为国家3A级旅游景区。"),
    ("雲溪縣青川鎮推行「板凳會」工作法。", "云溪县青川镇推行“板凳会”工作法。"),
])
def test_a_traditional_article_keeps_its_spelling_with_the_simplified_as_alias(traditional,
                                                                              simplified):
    written, folded = entities(traditional), entities(simplified)
    assert written.keys() == folded.keys()  # the same things, the same IRIs
    changed = [key for key in written if written[key][0] != folded[key][0]]
    assert changed, "some label must keep the Traditional spelling"
    for key in changed:
        label, aliases = written[key]
        assert folded[key][0] in aliases
        assert any(c in label for c in "縣鎮會評國級遊區")


def test_a_simplified_article_keeps_the_official_label():
    labels = {label for label, _ in entities("郑州市惠济区古荥镇召开会议。").values()}
    assert "惠济区" in labels and "古荥镇" in labels


def facts(text: str) -> tuple[dict, set]:
    [article] = articles_from_text(text, "t.txt")
    resolved = resolve(extract(article))
    labels = {e.key: e.label for e in resolved.entities}
    codes = {e.label: e.code for e in resolved.entities}
    return codes, {(labels[f.subject], labels.get(f.object, f.object)) for f in resolved.facts
                   if f.predicate == "partOf"}


@pytest.mark.parametrize("text, town, coded, parent", [
    # the only official 古荥镇 lies under 惠济区: written under another county, it is another town
    ("云溪县古荥镇白马村修通了道路。", "古荥镇", False, "云溪县"),
    ("汝南县召开大会。古荥镇作交流发言。", "古荥镇", False, "汝南县"),
    # …and where the article agrees with the gazetteer, the official code stays
    ("郑州市惠济区古荥镇白马村修通了道路。", "古荥镇", True, "惠济区"),
    ("惠济区召开大会。古荥镇作交流发言。", "古荥镇", True, "惠济区"),
    # named alone, in an article whose counties lie in another province
    ("贵阳市开阳县、修文县召开大会。古荥镇作交流发言。", "古荥镇", False, None),
    ("郑州市中牟县、新郑市召开大会。古荥镇作交流发言。", "古荥镇", True, "惠济区"),
])
def test_a_namesake_the_article_places_elsewhere_is_not_coded(text, town, coded, parent):
    codes, part_of = facts(text)
    assert bool(codes[town]) is coded
    if parent is None:
        assert not any(child == town for child, _ in part_of)
    else:
        assert (town, parent) in part_of
