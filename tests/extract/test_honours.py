"""Honour recogniser: enumerations with cues, quoted titles, conferring levels, years."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import honours
from kg.model import Article, Sentence
from article_factory import article

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_6e14f97fed926169.txt"
GOLD_DIRS = (ROOT / "tests" / "fixtures" / "gold",)


def names(text: str) -> list[str]:
    return [m.name for m in honours.find(article(text))]


@pytest.mark.parametrize("text, expected", [
    # single honours after a strong cue
    ("白马村被评为全国文明村。", ["全国文明村"]),
    ("青石镇荣获省级卫生乡镇称号。", ["省级卫生乡镇"]),
    ("白马村获评“全国乡村治理示范村”。", ["全国乡村治理示范村"]),
    ("青石镇被授予“江南省森林乡镇”荣誉称号。", ["江南省森林乡镇"]),
    ("白马村被命名为江南省美丽乡村示范村。", ["江南省美丽乡村示范村"]),
    # weak cues need a title tail
    ("白马村获得“江南省美丽乡村示范村”称号。", ["江南省美丽乡村示范村"]),
    ("青石镇成功创建省级生态乡镇。", ["省级生态乡镇"]),
    ("白马村入选第二批全国乡村旅游重点村。", ["第二批全国乡村旅游重点村"]),  # the batch is part of it
    # enumerations after a cue, split at 、 ， and between adjacent quotes
    ("近年来，青石镇先后获得云溪县“平安建设先进乡镇”、江南省“文明村镇”等荣誉。",
     ["云溪县平安建设先进乡镇", "江南省文明村镇"]),
    ("东湖街道先后获评“云溪县文明单位”“云溪县基层治理创新奖”。",
     ["云溪县文明单位", "云溪县基层治理创新奖"]),
    ("白马村先后荣获全国文明村，江南省卫生村等称号。", ["全国文明村", "江南省卫生村"]),
    ("荣誉称号：全国文明村、江南省卫生村。", ["全国文明村", "江南省卫生村"]),
    # enumerations before a closing cue; the clause before the list stays out
    ("干部作风更加扎实，江南省森林乡村、云溪县卫生村等荣誉纷至沓来。", ["江南省森林乡村", "云溪县卫生村"]),
    ("江南省“省级园林单位”、云溪县“巾帼建功先进集体”……一系列荣誉纷纷而来。",
     ["江南省省级园林单位", "云溪县巾帼建功先进集体"]),
    ("士气更加高昂，江南省文明村镇、\n\n云溪县安全生产工作先进单位等荣誉奖项接踵而至。",
     ["江南省文明村镇", "云溪县安全生产工作先进单位"]),
    # 和 splits two titles, not one title that holds it
    ("白马村被评为全国文明村和省级卫生村。", ["全国文明村", "省级卫生村"]),
    ("青石镇荣获云溪县征迁安置和信访维稳工作先进单位称号。", ["云溪县征迁安置和信访维稳工作先进单位"]),
    # one title with 活动 and inner quotes stays one
    ("江南省“街长制”大整治活动“红旗乡镇”、云溪县“平安乡镇”等荣誉接踵而至。",
     ["江南省街长制大整治活动红旗乡镇", "云溪县平安乡镇"]),
    # quoted title before 称号; the units after 授予 receive it
    ("授予青石镇、白马乡“2023年度全县乡村振兴工作先进乡镇”称号。", ["全县乡村振兴工作先进乡镇"]),
    ("授予云溪县“平安县”称号。", ["平安县"]),
    # personal titles are honours too (marked, see test_personal_titles_are_marked)
    ("村党支部书记李明被评为全国优秀共产党员。", ["全国优秀共产党员"]),
    # an ellipsis 示范社区 after a full title is no title of its own
    ("东湖街道、白马社区分获省级社区建设示范街道、示范社区称号。", ["省级社区建设示范街道"]),
])
def test_titles(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "赢得了村民的一致好评。",
    "村民获得感明显提升。",
    "干部队伍更加团结、干劲更加充足。",
    "赢得群众的信任，获得群众的支持。",
    "先后荣获了一系列荣誉。",
    "成为全镇首个获此殊荣的文明村。",
    "获批省级项目资金300万元。",
    "查获违法车辆3辆。",
    "全力争创全国文明城市。",
    "全镇有9个村被评为“四星”以上支部。",
    "无愧于“全国文明村”的光荣称号。",
])
def test_not_titles(text):
    assert names(text) == []


@pytest.mark.parametrize("name, level, conferrer, rest", [
    ("江南省文明村镇", "province", "江南省", "文明村镇"),
    ("云溪县平安建设先进乡镇", "county", "云溪县", "平安建设先进乡镇"),
    ("江南省云溪县平安建设先进乡镇", "county", "云溪县", "平安建设先进乡镇"),
    ("青石镇十佳文明户", "town", "青石镇", "十佳文明户"),
    ("全国文明村", "national", "", "文明村"),
    ("国家级生态示范区", "national", "", "生态示范区"),
    ("省级卫生乡镇", "province", "", "卫生乡镇"),
    ("市级文明单位", "city", "", "文明单位"),
    ("全县乡村振兴示范村", "county", "", "乡村振兴示范村"),
    ("广西壮族自治区生态文明示范乡镇", "province", "广西壮族自治区", "生态文明示范乡镇"),
    ("洛阳河道保护工作先进单位", "city", "洛阳", "河道保护工作先进单位"),   # gazetteer short form
    ("云溪市市场监管先进单位", "city", "云溪市", "市场监管先进单位"),  # no 市场 unit
    ("平安乡镇建设先进单位", "", "", "平安乡镇建设先进单位"),                # 平安乡 is no prefix
    ("文明城市创建先进单位", "", "", "文明城市创建先进单位"),
])
def test_conferrer(name, level, conferrer, rest):
    assert honours.conferrer(name) == (level, conferrer, rest)


@pytest.mark.parametrize("text, attrs", [
    ("白马村被评为江南省文明村镇。",
     (("level", "province"), ("conferrer", "江南省"), ("alias", "文明村镇"))),
    ("白马村被评为全国文明村。", (("level", "national"),)),
    ("2022年白马村被评为江南省园林村。",
     (("level", "province"), ("conferrer", "江南省"), ("year", "2022"), ("alias", "园林村"))),
    ("授予青石镇“2023年度全县和美乡镇”称号。",
     (("level", "county"), ("year", "2023"), ("alias", "和美乡镇"))),
    ("青石镇获评全县2021年度招商引资三等奖。",
     (("level", "county"), ("year", "2021"), ("alias", "招商引资三等奖"))),
])
def test_attributes(text, attrs):
    (mention,) = honours.find(article(text))
    assert mention.attrs == attrs


def test_personal_titles_are_marked():
    (person,) = honours.find(article("村民李明被评为江南省道德模范。"))
    (unit,) = honours.find(article("白马村被评为江南省文明村。"))
    assert person.attr("holder") == "person" and unit.attr("holder") is None


def test_spans_slice_the_text_and_keep_the_quotes():
    text = "白马村获评江南省“卫生村”，荣获云溪县“平安村”称号。"
    found = list(honours.find(article(text)))
    assert [text[m.start:m.end] for m in found] == ["江南省“卫生村”", "云溪县“平安村”"]


def test_matching_runs_on_norm_and_offsets_fit_text():
    text = "白馬村被評為「全國文明村」，獲評雲溪縣「衛生村」稱號。"
    norm = "白马村被评为「全国文明村」，获评云溪县「卫生村」称号。"
    found = list(honours.find(article(text, norm)))
    assert [m.name for m in found] == ["全国文明村", "云溪县卫生村"]
    assert [text[m.start:m.end] for m in found] == ["「全國文明村」", "雲溪縣「衛生村」"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("白马村被评为荣获全国省级文明卫生先进单位等荣誉称号、，。“”「」…\n镇县市1")),
               max_size=80))
def test_never_raises_and_spans_are_in_the_text(text):
    for m in honours.find(article(text)):
        assert 0 <= m.start < m.end <= len(text)
        assert m.name and m.name == honours.strip_marks(m.name)


# ── the seed page against its hand-made gold ─────────────────────────────────────────────

def _norm(text: str) -> str:
    """Per-character NFKC (what the corpus reader does), so offsets stay put."""
    return "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)


def _key(name: str) -> str:
    return re.sub(r"[“”‘’\"'「」『』《》（）()\s]", "", unicodedata.normalize("NFKC", name))


def _gold(kind: str) -> list[dict]:
    for folder in GOLD_DIRS:
        files = sorted(folder.glob("seed-*.json"))
        if files:
            return [e for f in files for e in json.loads(f.read_text("utf-8"))["entities"]
                    if e["type"] == kind]
    raise AssertionError("seed gold files not found")


def seed_score(find, kind: str) -> tuple[list[str], list[str]]:
    """(gold names missed, names found that are no gold item at all) on the seed page."""
    text = SEED.read_text("utf-8")
    found = list(find(article(text, _norm(text))))
    gold = _gold(kind)
    gold_keys = [{_key(g["name"]), *map(_key, g.get("aliases", ()))} for g in gold]
    found_keys = [{_key(m.name), *map(_key, m.attr_all("alias"))} for m in found]
    missed = [g["name"] for g, keys in zip(gold, gold_keys)
              if not g.get("optional") and not any(keys & f for f in found_keys)]
    false = sorted({m.name for m, keys in zip(found, found_keys)
                    if not any(keys & g for g in gold_keys)})
    return missed, false


def test_seed_honours_against_gold():
    missed, false = seed_score(honours.find, "Honor")
    assert missed == [] and false == []


# ── honours as real reports write them (tests/fixtures/patterns/honours-programs.md H1–H13) ──
@pytest.mark.parametrize("text, expected", [
    # H1 one honour a line under a heading, led by bullets, numbers, years, 连续N年
    ("白沙村近年所获荣誉\n▲ 2019年 江南省绿色示范乡村\n▲ 2021年 云溪市茶叶专业村\n"
     "▲ 连续两年 青川县“红旗党支部”\n\n来源：青川发布",
     ["江南省绿色示范乡村", "云溪市茶叶专业村", "青川县红旗党支部"]),
    ("（四）获得的荣誉\n1. 江南省卫生乡镇；\n2. 云溪市四好农村路示范镇。\n二、存在的问题",
     ["江南省卫生乡镇", "云溪市四好农村路示范镇"]),
    # H2 被评定为 / 被列入
    ("去年，梅岭村被评定为国家3A级旅游景区。", ["国家3A级旅游景区"]),
    ("白岩村被列入第六批中国传统村落名录。", ["第六批中国传统村落名录"]),
    # H3 成为首批/首届
    ("后岭村成为首批“江南省金牌旅游村”。", ["江南省金牌旅游村"]),
    ("云溪镇成为首届青川“美丽村庄”。", ["青川美丽村庄"]),
    # H4 a quoted title before 证书/牌匾
    ("村支书手捧“全国乡村治理示范村”证书走下领奖台。", ["全国乡村治理示范村"]),
    # H5 提名
    ("石岭村获“江南省文明村镇”提名。", ["江南省文明村镇提名"]),
    # H6 已创成
    ("已创成云溪市“四好农村路”示范镇。", ["云溪市四好农村路示范镇"]),
    # H7 入选 … 候选名单 / 名单
    ("白沙镇入选全国乡村治理示范乡镇候选名单。", ["全国乡村治理示范乡镇"]),
    # H9 official lists
    ("住建部公布第六批中国传统村落名录，白岩村被列入其中。", ["第六批中国传统村落名录"]),
    ("认定云溪市青川县白沙镇等6个乡镇为第二批江南省乡村治理示范乡镇，现予以公布。",
     ["第二批江南省乡村治理示范乡镇"]),
    ("不再保留第一批江南省乡村治理示范村称号。", ["第一批江南省乡村治理示范村"]),
    # H10 tails
    ("农业农村部公布2024年全国农业社会化服务典型县名单，我县位列其中。",
     ["全国农业社会化服务典型县"]),
    ("嘎查还获评云溪市“民族团结进步示范嘎查”。", ["云溪市民族团结进步示范嘎查"]),
])
def test_real_report_titles(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    # the cue is there, no honour is
    "让每名村干部都成为群众的贴心人。",
    "成为全县唯一入选的行政村。",
    "成为游客打卡地。",
    "一是力争创成国家级农业产业强镇。",
    "正在创建省级卫生镇。",
    "争创国家4A级旅游景区。",
    "今年正向“五星”发起冲刺。",
    "入选县级人才库的张某。",
    "入选理由如下。",
    "手捧鲜花迎接返乡游子。",
    "以品牌发布为新起点。",
    "机构：云溪县发展和改革局　发布日期：2026-02-27",
    "全年经济运行考核位列全区第二；",
    "此殊荣来之不易。",
    "近年所获荣誉\n全镇粮食播种面积3.6万亩",
])
def test_real_report_negatives(text):
    assert names(text) == []


def test_a_goal_after_a_comma_is_not_listed():
    assert names("去年，白水村获评“四星支部”，今年正向“五星”发起冲刺。") == ["四星支部"]


def test_a_batch_is_kept_and_the_bare_title_is_another_honour():
    [m] = honours.find(article("白沙村入选第三批全国乡村治理示范村。"))
    assert m.name == "第三批全国乡村治理示范村" and "全国乡村治理示范村" not in m.attr_all("alias")


def test_a_nomination_keeps_the_title_as_alias():
    [m] = honours.find(article("石岭村获“江南省文明村镇”提名。"))
    assert "江南省文明村镇" in m.attr_all("alias")


def test_a_later_clause_with_a_time_word_is_not_listed():
    assert names("白水村先后获评“江南省美丽乡村重点示范村”“云溪市乡村旅游示范点”，"
                 "今年又手捧“中国美丽休闲乡村”牌匾。") == [
        "江南省美丽乡村重点示范村", "云溪市乡村旅游示范点", "中国美丽休闲乡村"]


@pytest.mark.parametrize("text, expected", [
    # a cue line, then one honour a line, each led by its year
    ("连续四年荣获青川县“明星村”称号\n2014年江南省美丽乡村建设试点村\n2015年江南省第三批传统村落名录\n"
     "据悉，梅岭村也获此殊荣。",
     ["青川县明星村", "江南省美丽乡村建设试点村", "江南省第三批传统村落名录"]),
    # 命名 X 为 …
    ("江南省司法厅命名白沙村为江南省第十三批省级“民主法治示范”村。", ["江南省第十三批省级民主法治示范村"]),
    # 发布关于…名单 ; a 文明村镇 list is one honour, a 示范村镇 list is two
    ("中央文明办发布关于第七届全国文明村镇拟命名名单的公示，梅岭村成功上榜。", ["第七届全国文明村镇"]),
    ("农业农村部发布第三批全国乡村治理示范村镇名单，梅岭村榜上有名。", []),
])
def test_more_real_report_titles(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "连续四年荣获青川县“明星村”称号\n全村人均收入1.2万元",  # the next line is no honour
    "确定白沙镇为全县重点工作区域。",
])
def test_more_real_report_negatives(text):
    assert names(text) in ([], ["青川县明星村"])


@pytest.mark.parametrize("text, expected", [
    ("★ 白水村：全国“一村一品”示范村（茶叶）\n★ 梅岭村：江南省森林乡村", ["全国一村一品示范村", "江南省森林乡村"]),
    ("白沙镇：全力抓好秋收冬种", []),            # a headline, no title
    ("白沙镇：“五星支部”创建跑出加速度", []),
    ("地址：青川县白沙镇梅岭村", []),
])
def test_unit_colon_title_lines(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("梅岭村入选“江南省美丽乡村特色精品村”。", ["江南省美丽乡村特色精品村"]),
    ("梅岭村入选“白沙镇”。", []),            # a quoted unit name alone is no title
    ("入选“最受欢迎的节目”。", []),
])
def test_a_fully_quoted_item_after_a_weak_cue(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "确定白沙村为重点帮扶村。",
    "梅岭村被列为全县人居环境整治重点村。",
    "白沙镇被确定为软弱涣散党组织整顿村。",
])
def test_work_assignments_are_no_honours(text):
    assert names(text) == []


def test_a_tourism_key_village_is_still_an_honour():
    assert names("梅岭村入选第三批全国乡村旅游重点村。") == ["第三批全国乡村旅游重点村"]


# ── hp2: list headings without a verb, unusual tails, a cue used as a modifier ──────────
@pytest.mark.parametrize("text, expected", [
    # a verb-less heading (…荣誉) then year-led lines
    ("梅岭村荣誉\n2019年 江南省森林乡村\n2020年 全区民族团结进步示范村\n来源：云溪发布",
     ["江南省森林乡村", "全区民族团结进步示范村"]),
    # a cue ending its line with a colon, then one title a line (no years needed)
    ("近年来，梅岭村先后荣获：\n市级文明村\n自治区级卫生村\n全村干群齐心", ["市级文明村", "自治区级卫生村"]),
    # 、-separated titles with level words, quoted or not
    ("近年来，梅岭村先后被评为“云溪市级美丽宜居示范村”、自治区级生态文明示范村、全区民族团结进步示范村。",
     ["云溪市级美丽宜居示范村", "自治区级生态文明示范村", "全区民族团结进步示范村"]),
    # unusual tails: 十亿元镇, 创建村 kept whole, 星级 after a 示范区, 示范社
    ("白沙镇荣获全国乡村特色产业十亿元镇称号。", ["全国乡村特色产业十亿元镇"]),
    ("梅岭村被评为江南省千村示范创建村。", ["江南省千村示范创建村"]),
    ("梅岭村被评为江南现代特色农业示范区三星级。", ["江南现代特色农业示范区三星级"]),
    ("梅岭村被评为江南现代特色农业示范区（三星级）。", ["江南现代特色农业示范区(三星级)"]),
    ("梅岭村合作社被评为国家农民合作社示范社。", ["国家农民合作社示范社"]),
])
def test_headings_and_unusual_tails(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "梅岭村荣誉\n全村干群齐心协力",              # a bare heading, the next line no year-led title
    "这是梅岭村的荣誉，全村人都很自豪。\n2019年 江南省森林乡村",  # a sentence, not a heading
    "梅岭村先后荣获：\n全村人均收入1.2万元",        # the line after the colon is no title
    "梅岭村被评为五星级。",                         # a grade alone is no title
    "同时获评的还有凤鸣街道、云岭街道。",             # 获评的: the units after it, no title
    "梅岭村建设三星级酒店一座。",
])
def test_headings_and_unusual_tails_negatives(text):
    assert names(text) == []


@pytest.mark.parametrize("text, expected", [
    ("一、第二批市级美丽乡村示范村名单\n北山区稻香镇双河村", ["第二批市级美丽乡村示范村"]),
    ("第三批省级森林乡村名单：\n梅岭村", ["第三批省级森林乡村"]),
    ("2019年 省级森林乡村名单\n梅岭村", []),                         # a year-led line is no heading
    ("二、参会人员名单\n梅岭村", []),                                  # no title
    ("梅岭村入选第二批省级文明村名单\n全村欢欣鼓舞", ["第二批省级文明村"]),  # a sentence, the cue rule's
])
def test_section_headings(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("大会表彰2023年度全镇乡村振兴先进村：双河村、富民村。", ["全镇乡村振兴先进村"]),
    ("第二批市级美丽乡村示范村名单：北山区稻香镇双河村、青松镇富民村。", ["第二批市级美丽乡村示范村"]),
    ("梅岭村被评为省级文明村：全村上下一片欢腾。", ["省级文明村"]),   # a colon ends a title
    ("白沙镇工作要点：双河村、富民村。", []),                        # no title before the colon
    ("地址：青松镇富民村。", []),
])
def test_titles_before_a_colon_and_units(text, expected):
    assert names(text) == expected
