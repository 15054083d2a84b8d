"""Program recogniser: quoted slogans with form words, cued slogans, unquoted system forms."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import programs
from kg.extract.honours import strip_marks
from kg.model import Article, Sentence
from article_factory import article

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_6e14f97fed926169.txt"
GOLD_DIRS = (ROOT / "tests" / "fixtures" / "gold",)


def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.name, m.attr_all("alias")) for m in programs.find(article(text))]


def names(text: str) -> list[str]:
    return [name for name, _ in found(text)]


@pytest.mark.parametrize("text, expected", [
    # quoted slogan + form word (quoted_with_form)
    ("青石镇推行“小马扎”工作法。", [("小马扎工作法", ())]),
    ("白马村持续深化“2+3+N”网格联户制度。", [("2+3+N网格联户制度", ())]),
    ("东湖街道组织开展党员“四比”行动。", [("党员四比行动", ("四比行动",))]),
    ("以“千企帮千村”活动为抓手。", [("千企帮千村", ("千企帮千村活动",))]),
    ("召开“千企帮千村”活动推进会。", [("千企帮千村", ("千企帮千村活动",))]),
    ("扎实开展“百村示范、千户增收”行动。", [("百村示范、千户增收行动", ("百村示范、千户增收",))]),
    ("用好“村里吹号部门响应”联动机制。",
     [("村里吹号部门响应联动机制", ("村里吹号部门响应",))]),
    ("在“三星”支部创建活动中。", [("三星支部创建", ("三星支部创建活动",))]),
    ("实行县级领导“一对一”包保重点企业制度。",
     [("县级领导一对一包保重点企业制度", ("一对一包保重点企业制度",))]),
    # cue-gated forms (建设, 评选, 做法, 管理) need a cue before the quote
    ("深化“红色物业”建设。", [("红色物业建设", ("红色物业",))]),
    ("持续开展“最美庭院”评选。", [("最美庭院评选", ("最美庭院",))]),
    ("白马村探索的“积分银行”做法在全县推广。", [("积分银行", ("积分银行做法",))]),
    # a quoted name that is a form itself (quoted_form)
    ("深入推进“街长制”。", [("街长制", ())]),
    ("举办“春雨行动”招聘会。", [("春雨行动", ())]),
    ("以“万村千社工程”为牵引。", [("万村千社工程", ())]),
    ("开展乡村治理“积分制”评比活动。", [("积分制", ())]),
    # a cued slogan standing alone (cued_quote)
    ("持续开展“便民服务大篷车”，把理发送到村里。", [("便民服务大篷车", ())]),
    # numbered slogans (number_slogan)
    ("按照“一村一策”思路推进。", [("一村一策", ())]),
    ("顺利通过三议一公开决定方案。", [("三议一公开", ())]),
    ("探索实施“两评三议”工作法。", [("两评三议工作法", ("两评三议",))]),
    # unquoted systems and campaigns
    ("全面推行林长制、湖长制。", [("林长制", ()), ("湖长制", ())]),
    ("大力推广运用积分制。", [("积分制", ())]),
    ("持续深化禁赌专项斗争。", [("禁赌专项斗争", ())]),
    ("抢抓江南省老旧小区改造三年攻坚行动机遇。", [("江南省老旧小区改造三年攻坚行动", ())]),
    ("实施“3+2”治水建设美丽河湖三年行动。", [("3+2治水建设美丽河湖三年行动", ())]),
    ("严格落实云溪县领导分包重点项目制度。", [("云溪县领导分包重点项目制度", ())]),
    ("全面落实“三议一公开”和村级小微权力清单制度。",
     [("三议一公开", ()), ("村级小微权力清单制度", ())]),
    ("今年开展春耕行动。", [("春耕行动", ())]),
    ("深入推进国家卫生城市创建。", [("国家卫生城市创建", ())]),
    ("按照《农村党员“五到位”工作法》要求。", [("农村党员五到位工作法", ("五到位工作法",))]),
    # a name found once is found again where it is written bare
    ("东湖街道推进“七彩”支部创建。七彩支部创建亮点纷呈。",
     [("七彩支部创建", ()), ("七彩支部创建", ())]),
])
def test_programs(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    # quoted metaphors and evaluations: no cue, no form word
    "用好党建“金扁担”，挑起群众“幸福担”。",
    "在乡村振兴这道“必答题”中找准发力点。",
    "把服务送到群众“心坎上”。",
    "聚焦群众“烦心事”。",
    # a quote followed by a noun is a concept, not a program
    "牢固树立“项目优先”理念。",
    "落实“路面见新”要求。",
    "坚持“群众事无小事”的工作理念。",
    "坚持以“护一方水土”为原则。",
    "“楼上楼下、邻里之间”养老服务新模式解决后顾之忧。",
    # events and generic phrases
    "在迎“五四”主题党日上讲话。",
    "开展“全民动手、清洁家园”主题党日活动。",
    "集中开展理论学习活动。",
    "每月开展入户活动。",
    "开展联合执法行动。",
    "开展了为期三个月的专项整治行动。",
    "不断完善管理制度。",
    "坚持领导包村和下访制度。",
    "反对家长制作风。",
    "深入实施民生工程，办好“民生工程”。",
    "坚持把招大引强作为“头号工程”。",
    "启动道路“白改黑”工程建设。",
    "开展“云溪县青石小区二期不动产证转移登记”面签活动。",
    "建设积极创建的良好氛围。",
    # numbers that are no slogans
    "七上八下的心终于落了地。",
    "迎来“十四五”开局之年。",
    "坚持一心一意为民服务。",
    # a program inside an honour title belongs to the honour
    "荣获云溪县“湖长制工作先进单位”称号。",
])
def test_not_programs(text):
    assert names(text) == []


def test_spans_cover_the_written_name():
    text = "青石镇推行“板凳会”工作法，严格执行湖长制。"
    assert [text[m.start:m.end] for m in programs.find(article(text))] == ["“板凳会”工作法", "湖长制"]


@pytest.mark.parametrize("slogan, ok", [
    ("板凳会", True),
    ("人人持证、技能河东", True),
    ("美好环境与幸福生活共同缔造", True),
    ("云溪县青石小区二期不动产证转移登记", False),
    ("事情办好了。", False),
])
def test_slogan_shape(slogan, ok):
    assert programs._slogan_ok(slogan) is ok


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("开展推行深化“”「」板凳会工作法制度行动活动创建专项斗争湖长制一二两议公开，。、的和镇县")),
               max_size=80))
def test_never_raises_and_spans_are_in_the_text(text):
    for m in programs.find(article(text)):
        assert 0 <= m.start < m.end <= len(text)
        assert m.name and m.name == strip_marks(m.name)


# ── the seed page against its hand-made gold ─────────────────────────────────────────────

def _key(name: str) -> str:
    return re.sub(r"[“”‘’\"'「」『』《》（）()\s]", "", unicodedata.normalize("NFKC", name))


def test_seed_programs_against_gold():
    """Every required gold program is found; nothing is found that is no gold item at all
    (optional items count neither way)."""
    gold = next(([e for f in files for e in json.loads(f.read_text("utf-8"))["entities"]
                  if e["type"] == "Program"]
                 for folder in GOLD_DIRS if (files := sorted(folder.glob("seed-*.json")))), None)
    if gold is None:
        raise AssertionError("seed gold files not found")
    text = SEED.read_text("utf-8")
    norm = "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)
    mentions = list(programs.find(article(text, norm)))
    gold_keys = [{_key(g["name"]), *map(_key, g.get("aliases", ()))} for g in gold]
    found_keys = [{_key(m.name), *map(_key, m.attr_all("alias"))} for m in mentions]
    missed = [g["name"] for g, keys in zip(gold, gold_keys)
              if not g.get("optional") and not any(keys & f for f in found_keys)]
    false = sorted({m.name for m, keys in zip(mentions, found_keys)
                    if not any(keys & g for g in gold_keys)})
    assert missed == [] and false == []


# ── programs as real reports write them (tests/fixtures/patterns/honours-programs.md G1–G10) ──
@pytest.mark.parametrize("text, expected", [
    # G1 以“…”为(主要/总)抓手 / 为依托
    ("近年来，白沙村以“邻里议事厅”为主要抓手，推动三方协商。", ["邻里议事厅"]),
    ("梅岭社区则以“红色管家”为依托，解决老旧小区管理难题。", ["红色管家"]),
    # 依托“…” standing alone
    ("社区依托“板凳议事会”，先后协商解决了停车难问题。", ["板凳议事会"]),
    # G2 打造/发布“…”品牌
    ("青川街道发布“青山向党”党建品牌。", ["青山向党"]),
    ("同时打造“溪畔人家”乡村旅游品牌。", ["溪畔人家"]),
    # G3 在“…”上做文章; “…”集中行动
    ("白水村则在“文明积分”上做文章。", ["文明积分"]),
    ("开展“清洁家园”集中行动12次。", ["清洁家园集中行动"]),
    # G6 named plans in 《》, the years kept
    ("制定《白沙镇乡村振兴三年行动计划（2024—2026年）》，明确28项任务。",
     ["白沙镇乡村振兴三年行动计划(2024—2026年)"]),  # read from the folded text
    ("街道还印发了《青川街道深化党建引领基层治理实施方案》。", ["青川街道深化党建引领基层治理实施方案"]),
])
def test_real_report_programs(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "以此次入选为契机。",
    "以群众满意为标尺。",
    "擦亮金字招牌，打造宜居宜业和美乡村。",
    "在产业发展上下功夫。",
    "学习《中国共产党纪律处分条例》。",
    "观看纪录片《大山里的村庄》。",
    "开展义务植树活动。",
])
def test_real_report_program_negatives(text):
    assert names(text) == []


def test_a_plan_without_its_years_is_an_alias():
    [(name, aliases)] = found("制定《白沙镇人居环境整治行动方案（2024—2026年）》。")
    assert aliases == ("白沙镇人居环境整治行动方案", "白沙镇人居环境整治行动方案2024—2026年")
    assert name == "白沙镇人居环境整治行动方案(2024—2026年)"


@pytest.mark.parametrize("text, expected", [
    ("前王村则推行“村集体+服务组织+农户”托管方式。", ["村集体+服务组织+农户托管方式"]),
    ("又入选第二批江南省未来乡村创建名单。", []),  # an honour list, no program 入选…
])
def test_gated_forms_and_honour_cues(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("白沙镇实行网格化管理，推进精细化管理，做好网格化服务。", ["网格化管理"]),
    ("推广“企业+合作社+农户”新机制。", ["企业+合作社+农户机制"]),
    ("探索养老服务新模式。", []),
    ("全面铺开“四个一”项目，实施“白沙水厂”项目。", ["四个一"]),
])
def test_management_styles_new_mechanisms_and_slogan_projects(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("今年是云溪县“招商引资攻坚年”。", ["招商引资攻坚年"]),
    ("该乡深入开展民族团结进步创建，积极创建省级文明乡镇。", ["民族团结进步创建"]),
    ("今年是丰收年。", []),
])
def test_campaign_years_and_unquoted_creations(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # bare numbered campaigns by their shape, never by a list
    ("白水村深入推进两学一做学习教育，开展三比一争活动。", ["两学一做", "三比一争"]),
    ("为推动“两学一做”学习教育常态化制度化。", ["两学一做"]),
    ("推进千家万户的联系，开展三心二意的讨论。", []),
    # a brand after a dash
    ("总结提炼出街道党建品牌——“梅岭红”。", ["梅岭红"]),
    ("坚持品牌创建与日常工作相结合。", []),
])
def test_bare_campaigns_and_dashed_brands(text, expected):
    assert names(text) == expected


def test_the_creation_of_a_split_national_list_is_no_local_program():
    assert names("全国乡村治理示范村镇创建工作由中央农办组织，深入推进全国文明城市创建。") == ["全国文明城市创建"]


def test_a_frame_is_no_descriptor():
    assert names("以“五个一”为载体开展活动。") == ["五个一"]


@pytest.mark.parametrize("text, expected", [
    ("白沙镇构建“一核两翼三区”发展格局，推行“一事一议”。", ["一事一议"]),  # a layout is no program
    ("白沙镇规划“一心两带三庄”空间布局。", []),
    ("梅岭村实行五统一管理。", ["五统一"]),                   # 管理 after a numbered slogan
    ("梅岭村推行“三联三帮”服务。", ["三联三帮"]),
    ("梅岭村实行片区化管理。", ["片区化管理"]),               # no numbered slogan: kept whole
    ("梅岭村采取企业+村集体+农户的方式发展产业。", []),       # a business model without a frame
    ("梅岭村坚持“走出去”“引进来”，发展经济。", []),
    ("白沙镇实施“走出去”战略，坚持“引进来”。", []),              # general policy slogans
    ("白沙镇推行“党支部+合作社+农户”模式。", ["党支部+合作社+农户模式"]),  # framed: a program
])
def test_layouts_and_slogan_trailers(text, expected):
    assert names(text) == expected
