from __future__ import annotations

import pytest

from kg import gazetteer as g


def test_counts_match_the_published_totals():
    meta = g.metadata()
    assert meta["counts"] == {"1": 33, "2": 333, "3": 2845, "4": 38723}
    levels = [g.by_code(c) for c in ("110000", "410100", "410108", "410108106")]
    assert [d.level for d in levels] == [1, 2, 3, 4]


@pytest.mark.parametrize("name, kind", [
    ("北京市", "Province"),            # municipality: level 1
    ("重庆市", "Province"),
    ("广西壮族自治区", "Province"),
    ("香港特别行政区", "Province"),
    ("郑州市", "City"),
    ("延边朝鲜族自治州", "City"),
    ("锡林郭勒盟", "City"),
    ("阿里地区", "City"),
    ("武侯区", "District"),
    ("济源市", "District"),            # county-level city directly under its province
    ("长阳土家族自治县", "District"),
    ("正蓝旗", "District"),
    ("㮾梨街道", "Subdistrict"),       # Extension A character
    ("东湖街道", "Subdistrict"),
    ("雁栖镇", "Town"),
    ("鹿鸣乡", "Town"),
])
def test_kind_by_level_and_suffix(name, kind):
    assert {d.kind for d in g.by_name(name)} == {kind}


@pytest.mark.parametrize("name, known", [
    ("武侯区", True), ("武侯", False), ("云溪县", False), ("", False), ("白马村", False),
])
def test_is_known(name, known):
    assert g.is_known(name) is known


def test_by_code_and_parent_and_path():
    town = g.by_code("421126109")
    assert town.name == "青石镇" and town.kind == "Town"
    assert g.parent(town).name == "蕲春县"
    assert [d.name for d in g.path(town)] == ["湖北省", "黄冈市", "蕲春县", "青石镇"]
    assert [d.name for d in g.path(g.by_code("110105043"))] == ["北京市", "朝阳区", "东湖街道"]
    assert g.parent(g.by_code("410000")) is None
    assert g.by_code("999999") is None


def test_child_under_a_parent():
    assert g.child("421126", "青石镇").code == "421126109"
    assert g.child("421126", "东湖街道") is None


@pytest.mark.parametrize("name, short", [
    ("武侯区", "武侯"),
    ("延边朝鲜族自治州", "延边"),
    ("巴音郭楞蒙古自治州", "巴音郭楞"),
    ("新疆维吾尔自治区", "新疆"),
    ("积石山保安族东乡族撒拉族自治县", "积石山"),
    ("管城回族区", "管城"),
    ("龙胜各族自治县", "龙胜"),
    ("神农架林区", "神农架"),
    ("香港特别行政区", "香港"),
    ("阿拉善左旗", "阿拉善左"),
    ("雁栖镇", "雁栖"),
    ("东乡族自治县", "东乡族"),   # nothing but the people's name: left as it is
])
def test_strip_suffix(name, short):
    assert g.strip_suffix(name) == short


@pytest.mark.parametrize("short, full", [
    ("武侯", "武侯区"), ("郑州", "郑州市"), ("山东", "山东省"), ("广西", "广西壮族自治区"),
    ("延边", "延边朝鲜族自治州"),
])
def test_short_names_present(short, full):
    assert g.short_names()[short].name == full


@pytest.mark.parametrize("short", [
    "朝阳",    # several divisions share it
    "河南",    # 河南省 and 河南蒙古族自治县
    "和平",    # a common word in jieba's dictionary
    "东乡族",  # a people
    "城",      # one character
    "雁栖",    # towns get no short forms
])
def test_short_names_absent(short):
    assert short not in g.short_names()


@pytest.mark.parametrize("name, context, expected", [
    ("青石镇", [], None),                            # in Jilin, Zhejiang and Hubei
    ("青石镇", ["421126"], "421126109"),             # its county is named
    ("青石镇", ["420000"], "421126109"),             # its province is named
    ("朝阳区", ["220000"], "220104"),
    ("朝阳区", ["110105043"], "110105"),             # a subdistrict under it is named
    ("朝阳区", ["110000", "220000"], None),          # both contexts: a tie
    ("朝阳区", ["999999"], None),                    # unknown codes are ignored
    ("武侯区", [], "510107"),                        # unique: no context needed
    ("云溪县", ["410000"], None),                    # unknown name
])
def test_best_match(name, context, expected):
    match = g.best_match(name, context)
    assert (match.code if match else None) == expected


def test_loaded_once():
    assert g._index() is g._index()
    assert len(g.names()) > 30000
