"""Relation rules on hand-placed mentions, so each rule is tested apart from the recognisers."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kg.extract.relations import relate
from kg.model import Article, Mention, Quantity, Sentence


def article(text: str, title: str = "") -> Article:
    sentences, start = [], 0
    for m in re.finditer(r"[^。；！？\n]+[。；！？]?", text):
        sentences.append(Sentence(m.start(), m.end(), m.group()))
    return Article("t-0", "t", 0, text, text, tuple(sentences), title=title)


def place(text: str, spec: list[tuple[str, str]]) -> tuple[Mention, ...]:
    """Mentions at the first free occurrence of each name, in order."""
    out, cursor = [], {}
    for kind, name in spec:
        at = text.index(name, cursor.get(name, 0))
        cursor[name] = at + 1
        out.append(Mention(kind, name, at, at + len(name)))
    return tuple(out)


def facts(text, spec, quantities=(), title=""):
    a = article(text, title)
    subject, relations = relate(a, place(text, spec), tuple(quantities))
    triples = {(r.subject.name, r.predicate,
                r.object.name if isinstance(r.object, Mention) else r.object.value)
               for r in relations}
    return subject, triples


@pytest.mark.parametrize("text, spec, expected", [
    ("云溪县青石镇白马村修通了道路。",
     [("District", "云溪县"), ("Town", "青石镇"), ("Village", "白马村")],
     {("青石镇", "partOf", "云溪县"), ("白马村", "partOf", "青石镇")}),
    ("青石镇白马村、黑山村和红星社区开展巡河。",
     [("Town", "青石镇"), ("Village", "白马村"), ("Village", "黑山村"), ("Community", "红星社区")],
     {("白马村", "partOf", "青石镇"), ("黑山村", "partOf", "青石镇"), ("红星社区", "partOf", "青石镇")}),
])
def test_part_of_by_chain_and_enumeration(text, spec, expected):
    assert expected <= facts(text, spec)[1]


def test_units_below_the_subject_belong_to_it():
    text = "东湖街道召开大会。东湖街道表彰先进。辖区红星社区、白马村参加。"
    spec = [("Subdistrict", "东湖街道"), ("Subdistrict", "东湖街道"),
            ("Community", "红星社区"), ("Village", "白马村")]
    subject, triples = facts(text, spec)
    assert subject.name == "东湖街道"
    assert {("红星社区", "partOf", "东湖街道"), ("白马村", "partOf", "东湖街道")} <= triples


@pytest.mark.parametrize("text, spec, expected", [
    # the unit named before the honour receives it
    ("青石镇召开会议。白马村被评为江南省文明村。",
     [("Town", "青石镇"), ("Village", "白马村"), ("Honor", "江南省文明村"), ("Province", "江南省")],
     ("白马村", "receivedHonor", "江南省文明村")),
    # no unit in the sentence: the subject; the province inside the title is not the recipient
    ("青石镇召开会议。青石镇推进治理。江南省卫生乡镇等荣誉纷至沓来。",
     [("Town", "青石镇"), ("Town", "青石镇"), ("Honor", "江南省卫生乡镇"), ("Province", "江南省")],
     ("青石镇", "receivedHonor", "江南省卫生乡镇")),
    # 该镇 stands for the subject even after a village was named earlier in the sentence
    ("青石镇召开会议。白马村修路，该镇推行“河长制”。",
     [("Town", "青石镇"), ("Village", "白马村"), ("Program", "河长制")],
     ("青石镇", "implements", "河长制")),
])
def test_actor_of_honours_and_programs(text, spec, expected):
    assert expected in facts(text, spec)[1]


def test_province_inside_a_title_receives_nothing():
    text = "青石镇获评江南省文明村镇。"
    _, triples = facts(text, [("Town", "青石镇"), ("Honor", "江南省文明村镇"), ("Province", "江南省")])
    assert ("江南省", "receivedHonor", "江南省文明村镇") not in triples
    assert ("青石镇", "receivedHonor", "江南省文明村镇") in triples


@pytest.mark.parametrize("text, spec, expected", [
    ("青石镇推进建设。白马村安置房项目进展顺利。",
     [("Town", "青石镇"), ("Village", "白马村"), ("Project", "白马村安置房项目")],
     ("白马村安置房项目", "locatedIn", "白马村")),
    ("青石镇推进建设。加快东湖物流园建设。",
     [("Town", "青石镇"), ("Project", "东湖物流园")],
     ("东湖物流园", "locatedIn", "青石镇")),
    ("青石镇引进青禾能源光伏组件项目。紧盯东湖产业园进度，青禾能源（云溪青禾新能源科技有限公司）成功入驻。",
     [("Town", "青石镇"), ("Project", "青禾能源光伏组件项目"), ("Project", "东湖产业园"),
      ("Company", "云溪青禾新能源科技有限公司")],
     ("云溪青禾新能源科技有限公司", "locatedIn", "东湖产业园")),
])
def test_locations(text, spec, expected):
    assert expected in facts(text, spec)[1]


def test_operator_by_short_name_alias():
    text = "青石镇引进青禾能源光伏组件项目。青禾能源（云溪青禾新能源科技有限公司）成功入驻。"
    a = article(text)
    ms = place(text, [("Town", "青石镇"), ("Project", "青禾能源光伏组件项目")])
    company_at = text.index("青禾能源（")
    company = Mention("Company", "云溪青禾新能源科技有限公司", company_at, text.index("）") + 1,
                      (("alias", "青禾能源"),))
    _, relations = relate(a, ms + (company,), ())
    assert any(r.predicate == "operatedBy" and r.object.name == company.name for r in relations)


def money(text, written, value):
    at = text.index(written)
    return Quantity(Decimal(value), "CNY", at, at + len(written))


def test_investment_of_a_single_project_and_not_of_a_group():
    text = ("申报东湖安置房、西岭花园等重点项目9个，总投资约80亿元；"
            "青石中学改扩建等计划开工项目1个，总投资2.5亿元，年度计划完成投资8000万元。")
    spec = [("Project", "东湖安置房"), ("Project", "西岭花园"), ("Project", "青石中学改扩建")]
    qs = [money(text, "80亿元", 8_000_000_000), money(text, "2.5亿元", 250_000_000),
          money(text, "8000万元", 80_000_000)]
    _, triples = facts(text, spec, qs)
    assert ("青石中学改扩建", "totalInvestment", Decimal(250_000_000)) in triples
    assert ("青石中学改扩建", "annualPlannedInvestment", Decimal(80_000_000)) in triples
    assert not any(p == "totalInvestment" and o == Decimal(8_000_000_000) for _, p, o in triples)


def test_relations_name_their_rule():
    text = "云溪县青石镇修路。"
    a = article(text)
    _, relations = relate(a, place(text, [("District", "云溪县"), ("Town", "青石镇")]), ())
    assert [r.rule for r in relations] == ["part_of_by_chain"]


@pytest.mark.parametrize("text, spec, expected", [
    ("青石镇位于云溪县西南部，辖8个村。",
     [("Town", "青石镇"), ("District", "云溪县")], ("青石镇", "partOf", "云溪县")),
    ("白马村隶属东湖乡。", [("Village", "白马村"), ("Town", "东湖乡")], ("白马村", "partOf", "东湖乡")),
])
def test_part_of_by_statement(text, spec, expected):
    assert expected in facts(text, spec)[1]


def test_listed_chains_each_receive_the_honour():
    text = "授予青石镇白马村，东湖乡红星村、黑山村“云溪县和美乡村示范村”称号。"
    spec = [("Town", "青石镇"), ("Village", "白马村"), ("Town", "东湖乡"), ("Village", "红星村"),
            ("Village", "黑山村"), ("Honor", "云溪县和美乡村示范村"), ("District", "云溪县")]
    _, triples = facts(text, spec)
    received = {s for s, p, o in triples if p == "receivedHonor"}
    assert received == {"白马村", "红星村", "黑山村"}


def test_departments_as_recipients_leave_the_subject_out():
    text = "云溪县召开大会。授予县水务局、县农业农村局“云溪县先进单位”称号。"
    spec = [("District", "云溪县"), ("Honor", "云溪县先进单位"), ("District", "云溪县")]
    assert not any(p == "receivedHonor" for _, p, _ in facts(text, spec)[1])


def test_destinations_do_not_act():
    text = "东湖镇召开会议。东湖镇领导赴青州市、云州市开展“以商招商”。"
    spec = [("Town", "东湖镇"), ("Town", "东湖镇"), ("City", "青州市"), ("City", "云州市"),
            ("Program", "以商招商")]
    _, triples = facts(text, spec)
    assert ("东湖镇", "implements", "以商招商") in triples
    assert not any(s in ("青州市", "云州市") for s, p, _ in triples if p == "implements")


@pytest.mark.parametrize("text, spec, expected", [
    ("云溪县召开会议。东湖社区位于城区。社区党委联合物业组建“红管家”服务队。",
     [("District", "云溪县"), ("Community", "东湖社区"), ("Program", "红管家")],
     ("东湖社区", "implements", "红管家")),
    ("云溪县召开会议。云溪县部署工作。青石街道党工委介绍，街道把辖区划为网格，开展“敲门行动”。",
     [("District", "云溪县"), ("District", "云溪县"), ("Subdistrict", "青石街道"), ("Program", "敲门行动")],
     ("青石街道", "implements", "敲门行动")),
])
def test_bare_level_words_and_jurisdiction(text, spec, expected):
    assert expected in facts(text, spec)[1]


@pytest.mark.parametrize("text, spec, expected", [
    ("东湖物流园项目。建设地点：青石镇白马村。总投资2亿元。",
     [("Project", "东湖物流园项目"), ("Town", "青石镇"), ("Village", "白马村")],
     {("东湖物流园项目", "locatedIn", "白马村")}),
    ("云溪河生态修复工程横跨青石镇、东湖乡，进展顺利。",
     [("Project", "云溪河生态修复工程"), ("Town", "青石镇"), ("Town", "东湖乡")],
     {("云溪河生态修复工程", "locatedIn", "青石镇"), ("云溪河生态修复工程", "locatedIn", "东湖乡")}),
])
def test_stated_places(text, spec, expected):
    assert expected <= facts(text, spec)[1]


@pytest.mark.parametrize("text, spec", [
    ("青禾科技有限公司投资建设的东湖物流园项目开工。",
     [("Company", "青禾科技有限公司"), ("Project", "东湖物流园项目")]),
    ("青禾科技有限公司东湖物流园项目开工。",
     [("Company", "青禾科技有限公司"), ("Project", "东湖物流园项目")]),
    ("东湖物流园项目由青禾科技有限公司建设，年内完工。",
     [("Project", "东湖物流园项目"), ("Company", "青禾科技有限公司")]),
])
def test_operators_by_phrase(text, spec):
    assert ("东湖物流园项目", "operatedBy", "青禾科技有限公司") in facts(text, spec)[1]


def test_a_county_named_before_its_town_is_not_the_subject():
    text = "云溪县青石镇：产业兴旺。青石镇推进建设，云溪县领导调研。"
    spec = [("District", "云溪县"), ("Town", "青石镇"), ("Town", "青石镇"), ("District", "云溪县")]
    assert facts(text, spec)[0].name == "青石镇"


def test_a_company_whose_project_settles_is_not_placed_itself():
    text = "云溪县召开会议。青禾科技有限公司饲料加工项目总投资2亿元，落户青石镇。"
    spec = [("District", "云溪县"), ("Company", "青禾科技有限公司"), ("Project", "饲料加工项目"),
            ("Town", "青石镇")]
    _, triples = facts(text, spec)
    assert ("饲料加工项目", "locatedIn", "青石镇") in triples
    assert not any(s == "青禾科技有限公司" and p == "locatedIn" for s, p, _ in triples)


def honoured(text, spec, title=""):
    return {(s, o) for s, p, o in facts(text, spec, title=title)[1] if p == "receivedHonor"}


# ── honours as real reports give them out (patterns H8, H9, H12, G8) ─────────────────────
@pytest.mark.parametrize("text, spec, expected", [
    # H8 也获此殊荣: every unit listed, the lowest of each chain, gets the honour stated before
    ("白沙村入选全国乡村治理示范村。据悉，我市青川县白沙镇梅岭村、东河县桥湾镇枫林村也获此殊荣。",
     [("Village", "白沙村"), ("Honor", "全国乡村治理示范村"), ("District", "青川县"),
      ("Town", "白沙镇"), ("Village", "梅岭村"), ("District", "东河县"), ("Town", "桥湾镇"),
      ("Village", "枫林村")],
     {("白沙村", "全国乡村治理示范村"), ("梅岭村", "全国乡村治理示范村"),
      ("枫林村", "全国乡村治理示范村")}),
    # H7 位列其中 / 被列入其中 after a published list
    ("住建部公布第六批中国传统村落名录，白岩村被列入其中。",
     [("Honor", "第六批中国传统村落名录"), ("Village", "白岩村")],
     {("白岩村", "第六批中国传统村落名录")}),
    # H12 a body that is not a unit keeps its honour from the subject
    ("白沙镇召开总结会。5. 镇农业综合服务中心获评全区农业农村工作先进集体；",
     [("Town", "白沙镇"), ("Honor", "全区农业农村工作先进集体")], set()),
    # H9 a revoked honour is held by nobody
    ("白沙镇召开总结会。经复核，梅岭村不再保留第一批江南省乡村治理示范村称号。",
     [("Town", "白沙镇"), ("Village", "梅岭村"), ("Honor", "第一批江南省乡村治理示范村")], set()),
    # the cue with nothing listed before it
    ("白沙村入选全国乡村治理示范村。此殊荣来之不易，也获此殊荣的还有很多村。",
     [("Village", "白沙村"), ("Honor", "全国乡村治理示范村")],
     {("白沙村", "全国乡村治理示范村")}),
])
def test_shared_and_withheld_honours(text, spec, expected):
    assert honoured(text, spec) == expected


def test_table_rows_chain_their_units_and_take_their_sections_honour():
    text = ("认定青川县白沙镇等6个乡镇为第二批江南省乡村治理示范乡镇，认定白沙镇梅岭村等40个村为"
            "第二批江南省乡村治理示范村。不再保留第一批江南省乡村治理示范村称号。\n"
            "一、示范乡镇（6个）\n序号 | 市州 | 县市区 | 乡镇\n1 | 云溪市 | 青川县 | 白沙镇\n"
            "二、示范村（40个，节选）\n序号 | 市州 | 县市区 | 乡镇 | 村\n"
            "1 | 云溪市 | 东河县 | 桥湾镇 | 枫林村\n……")
    spec = [("District", "青川县"), ("Town", "白沙镇"), ("Honor", "第二批江南省乡村治理示范乡镇"),
            ("Town", "白沙镇"), ("Village", "梅岭村"), ("Honor", "第二批江南省乡村治理示范村"),
            ("Honor", "第一批江南省乡村治理示范村"),
            ("City", "云溪市"), ("District", "青川县"), ("Town", "白沙镇"),
            ("City", "云溪市"), ("District", "东河县"), ("Town", "桥湾镇"), ("Village", "枫林村")]
    _, triples = facts(text, spec)
    assert {("枫林村", "partOf", "桥湾镇"), ("桥湾镇", "partOf", "东河县"),
            ("东河县", "partOf", "云溪市"), ("白沙镇", "partOf", "青川县")} <= triples
    received = {(s, o) for s, p, o in triples if p == "receivedHonor"}
    assert ("白沙镇", "第二批江南省乡村治理示范乡镇") in received
    assert ("枫林村", "第二批江南省乡村治理示范村") in received
    assert not any(o == "第一批江南省乡村治理示范村" for _, o in received)


def test_a_table_without_an_honour_heading_gives_no_honour():
    text = "白沙镇重点项目\n序号 | 乡镇 | 村\n1 | 白沙镇 | 梅岭村\n"
    spec = [("Town", "白沙镇"), ("Town", "白沙镇"), ("Village", "梅岭村")]
    _, triples = facts(text, spec)
    assert ("梅岭村", "partOf", "白沙镇") in triples
    assert not any(p == "receivedHonor" for _, p, _ in triples)


def test_our_county_in_the_headline_makes_the_county_the_subject():
    text = "近日公布典型县名单，我县位列其中。东河县柳庄镇前王村推行托管。东河县召开会议。柳庄镇开展培训。"
    spec = [("District", "东河县"), ("Town", "柳庄镇"), ("Village", "前王村"),
            ("District", "东河县"), ("Town", "柳庄镇")]
    subject, _ = facts(text, spec, title="我县入选全国农业社会化服务典型县")
    assert subject.name == "东河县"
    subject, _ = facts(text, spec)
    assert subject.name == "柳庄镇"


def test_gacha_stands_for_the_village_named_before():
    text = "走进白音嘎查。嘎查还获评云溪市民族团结进步示范嘎查。"
    spec = [("Village", "白音嘎查"), ("Honor", "云溪市民族团结进步示范嘎查")]
    assert honoured(text, spec) == {("白音嘎查", "云溪市民族团结进步示范嘎查")}

def area(text, written, value, unit):
    at = text.index(written)
    return Quantity(Decimal(value), unit, at, at + len(written))


@pytest.mark.parametrize("text, spec, quantities, expected, absent", [
    # money and land before the work the sentence builds are that work's
    ("青石镇投资5000多万元在柳塘社区兴建占地60亩的青山建材商城。",
     [("Town", "青石镇"), ("Community", "柳塘社区"), ("Project", "青山建材商城")],
     [("5000多万元", 50_000_000, "CNY"), ("60亩", 60, "mu")],
     {("青山建材商城", "totalInvestment", Decimal(50_000_000)), ("青山建材商城", "area", Decimal(60))},
     set()),
    # each centre its own figures; land area wins over floor space
    ("甲溪服务中心占地3200平方米，建筑面积1450平方米，总投资260万元；乙岭服务中心占地2800平方米，总投资300万元。",
     [("Project", "甲溪服务中心"), ("Project", "乙岭服务中心")],
     [("3200平方米", 3200, "m2"), ("1450平方米", 1450, "m2"), ("260万元", 2_600_000, "CNY"),
      ("2800平方米", 2800, "m2"), ("300万元", 3_000_000, "CNY")],
     {("甲溪服务中心", "area", Decimal(3200)), ("甲溪服务中心", "totalInvestment", Decimal(2_600_000)),
      ("乙岭服务中心", "area", Decimal(2800)), ("乙岭服务中心", "totalInvestment", Decimal(3_000_000))},
     {("甲溪服务中心", "area", Decimal(1450)), ("甲溪服务中心", "area", Decimal(2800))}),
    # fields improved so far are no area of the work; a phase's sum is no total
    ("柑橘基地提升项目总投资2.4亿元，一期投资8000万元，已完成果园改造4200亩。",
     [("Project", "柑橘基地提升项目")],
     [("2.4亿元", 240_000_000, "CNY"), ("8000万元", 80_000_000, "CNY"), ("4200亩", 4200, "mu")],
     {("柑橘基地提升项目", "totalInvestment", Decimal(240_000_000))},
     {("柑橘基地提升项目", "area", Decimal(4200)),
      ("柑橘基地提升项目", "totalInvestment", Decimal(80_000_000))}),
    # an area that qualifies another noun is not the project's before it
    ("东岭小学列入建设计划，面积约300平方米的托育机构完成建设。",
     [("Project", "东岭小学")], [("300平方米", 300, "m2")],
     set(), {("东岭小学", "area", Decimal(300))}),
    # the sentence opening with 该项目 speaks of the project named before it
    ("白鹭饲料项目开工。该项目总投资12亿元，占地210亩。",
     [("Project", "白鹭饲料项目")], [("12亿元", 1_200_000_000, "CNY"), ("210亩", 210, "mu")],
     {("白鹭饲料项目", "area", Decimal(210))}, set()),
    # a park named as the place of a work takes none of the work's figures
    ("白马竹板项目位于溪坪村竹产业园，项目总投资约1.6亿元，占地面积3.1万平方米。",
     [("Project", "白马竹板项目"), ("Village", "溪坪村"), ("Project", "溪坪村竹产业园")],
     [("1.6亿元", 160_000_000, "CNY"), ("3.1万平方米", 31000, "m2")],
     {("白马竹板项目", "totalInvestment", Decimal(160_000_000)), ("白马竹板项目", "area", Decimal(31000))},
     {("溪坪村竹产业园", "totalInvestment", Decimal(160_000_000))}),
    # 年内计划完成投资 is the year's plan
    ("柳庄镇高标准农田建设项目总投资1.8亿元，年内计划完成投资9000万元。",
     [("Project", "柳庄镇高标准农田建设项目")],
     [("1.8亿元", 180_000_000, "CNY"), ("9000万元", 90_000_000, "CNY")],
     {("柳庄镇高标准农田建设项目", "annualPlannedInvestment", Decimal(90_000_000))},
     {("柳庄镇高标准农田建设项目", "totalInvestment", Decimal(90_000_000))}),
    # a sum over several projects stays off the first one listed after it
    ("7个产业项目合计投资14.6亿元，具体为：总投资5.2亿元的白鹭墙材项目，总投资2.1亿元的青禾铸造项目。",
     [("Project", "白鹭墙材项目"), ("Project", "青禾铸造项目")],
     [("14.6亿元", 1_460_000_000, "CNY"), ("5.2亿元", 520_000_000, "CNY"), ("2.1亿元", 210_000_000, "CNY")],
     {("白鹭墙材项目", "totalInvestment", Decimal(520_000_000)),
      ("青禾铸造项目", "totalInvestment", Decimal(210_000_000))},
     {("白鹭墙材项目", "totalInvestment", Decimal(1_460_000_000))}),
    # the year's plan between a total and the work does not stop the total
    ("总投资32亿元、年度计划投资8亿元的皖北铸件基地项目开工建设。", [("Project", "皖北铸件基地项目")],
     [("32亿元", 3_200_000_000, "CNY"), ("8亿元", 800_000_000, "CNY")],
     {("皖北铸件基地项目", "totalInvestment", Decimal(3_200_000_000)),
      ("皖北铸件基地项目", "annualPlannedInvestment", Decimal(800_000_000))}, set()),
    # the park named in a 建设地点 field takes none of the work's money
    ("1. 青石县高端食品产业园项目。建设地点：青石县产业集聚区。总投资15亿元。",
     [("Project", "青石县高端食品产业园项目"), ("Project", "青石县产业集聚区")],
     [("15亿元", 1_500_000_000, "CNY")],
     {("青石县高端食品产业园项目", "totalInvestment", Decimal(1_500_000_000))},
     {("青石县产业集聚区", "totalInvestment", Decimal(1_500_000_000))}),
    # 这座…的产业园 refers back to the park
    ("走进白马村食用菌产业园。\n三个村集体入股，建起这座规划占地8.6公顷的产业园。",
     [("Project", "白马村食用菌产业园")], [("8.6公顷", "8.6", "ha")],
     {("白马村食用菌产业园", "area", Decimal("8.6"))}, set()),
])
def test_figures_go_to_the_project_the_clause_is_about(text, spec, quantities, expected, absent):
    qs = [area(text, w, v, u) for w, v, u in quantities]
    _, triples = facts(text, spec, qs)
    assert expected <= triples
    assert not absent & triples


@pytest.mark.parametrize("text, spec, expected, absent", [
    ("东湖物流园项目开工。该项目由青禾科技有限公司、白鹭集团和白马村合作社三方共同建设运营。",
     [("Project", "东湖物流园项目"), ("Company", "青禾科技有限公司"), ("Company", "白鹭集团")],
     {("东湖物流园项目", "operatedBy", "青禾科技有限公司"), ("东湖物流园项目", "operatedBy", "白鹭集团")},
     set()),
    ("南岭街道成功引进青禾科技有限公司、白鹭生物有限公司的“智能仓储”“植物提取”两个项目。"
     "智能仓储项目总投资8亿元，植物提取项目总投资4亿元。",
     [("Subdistrict", "南岭街道"), ("Company", "青禾科技有限公司"), ("Company", "白鹭生物有限公司"),
      ("Project", "智能仓储项目"), ("Project", "植物提取项目")],
     {("智能仓储项目", "operatedBy", "青禾科技有限公司"), ("植物提取项目", "operatedBy", "白鹭生物有限公司")},
     {("智能仓储项目", "operatedBy", "白鹭生物有限公司")}),
    ("星岳体育投资逾3亿元的沂湾房车营地项目签约。",
     [("Company", "星岳体育"), ("Project", "沂湾房车营地项目")],
     {("沂湾房车营地项目", "operatedBy", "星岳体育")}, set()),
    # 由 before a unit, or a company that only attends, runs nothing
    ("东湖物流园项目开工，由青禾科技有限公司负责人介绍情况。",
     [("Project", "东湖物流园项目"), ("Company", "青禾科技有限公司")],
     set(), {("东湖物流园项目", "operatedBy", "青禾科技有限公司")}),
])
def test_operators_by_agents_pairs_and_sums(text, spec, expected, absent):
    _, triples = facts(text, spec)
    assert expected <= triples
    assert not absent & triples


@pytest.mark.parametrize("text, spec, expected, absent", [
    # a group written after its district is in it
    ("河西区远图集团投资建设物流园。", [("District", "河西区"), ("Company", "远图集团")],
     {("远图集团", "locatedIn", "河西区")}, set()),
    # a park after the company in another clause is not where it settles
    ("以丰澜、青柏为代表的企业相继落户，南夏智造产业园已入驻企业46家。",
     [("Company", "丰澜"), ("Company", "青柏"), ("Project", "南夏智造产业园")],
     set(), {("丰澜", "locatedIn", "南夏智造产业园")}),
    # the next sentence opening with 项目选址 places the project
    ("松林县签约白鹭文旅小镇项目。项目选址柳泉镇马岭村，总占地860亩。",
     [("District", "松林县"), ("Project", "白鹭文旅小镇项目"), ("Town", "柳泉镇"), ("Village", "马岭村")],
     {("白鹭文旅小镇项目", "locatedIn", "马岭村")}, {("白鹭文旅小镇项目", "locatedIn", "松林县")}),
    # a company's region opening the project's name does not place the project
    ("桐溪镇在湖北省中部。湖北远图食品有限公司年产2万吨速冻食品项目完成调试。",
     [("Town", "桐溪镇"), ("Province", "湖北省"), ("Company", "湖北远图食品有限公司"),
      ("Project", "湖北远图食品有限公司年产2万吨速冻食品项目")],
     {("湖北远图食品有限公司年产2万吨速冻食品项目", "locatedIn", "桐溪镇")},
     {("湖北远图食品有限公司年产2万吨速冻食品项目", "locatedIn", "湖北省")}),
    # 落地/落在 state the place; the company that builds a park after 由 is not placed in it
    ("总投资2.3亿元的白音现代肉牛产业园项目落地乌兰嘎查，由草原丰牧业有限公司投资建设。",
     [("Project", "白音现代肉牛产业园项目"), ("Village", "乌兰嘎查"), ("Company", "草原丰牧业有限公司")],
     {("白音现代肉牛产业园项目", "locatedIn", "乌兰嘎查"),
      ("白音现代肉牛产业园项目", "operatedBy", "草原丰牧业有限公司")},
     {("草原丰牧业有限公司", "locatedIn", "白音现代肉牛产业园项目")}),
    # the next sentence placing its own project does not place the one before
    ("东光县召开会议，东光县部署工作。饲料加工项目主体已封顶。位于柳庄镇的柳庄镇农田建设项目占地1.2万亩。",
     [("District", "东光县"), ("District", "东光县"), ("Project", "饲料加工项目"), ("Town", "柳庄镇"),
      ("Project", "柳庄镇农田建设项目")],
     {("饲料加工项目", "locatedIn", "东光县")}, {("饲料加工项目", "locatedIn", "柳庄镇")}),
    # a heading line, then its place in the next sentence
    ("东光县召开会议。1.饲料加工项目。位于柳庄镇，总投资3亿元。",
     [("District", "东光县"), ("Project", "饲料加工项目"), ("Town", "柳庄镇")],
     {("饲料加工项目", "locatedIn", "柳庄镇")}, set()),
])
def test_places_of_companies_and_projects(text, spec, expected, absent):
    _, triples = facts(text, spec)
    assert expected <= triples
    assert not absent & triples


@pytest.mark.parametrize("text, expected", [
    # 全县 qualifying a noun is an extent; the town named before acts
    ("东河县召开会议。白沙乡依托全县最大的烘干中心，今年被评为江南省农业产业强镇。",
     {("白沙乡", "江南省农业产业强镇")}),
    # 全县 as the actor of its clause stands for the county the article is about
    ("东河县召开会议。东河县白沙乡修路。全县被评为江南省农业产业强县。",
     {("东河县", "江南省农业产业强县")}),
])
def test_whole_county_as_extent_or_actor(text, expected):
    honour = next(iter(expected))[1]
    spec = [("District", "东河县"), *([("District", "东河县")] if "东河县白沙乡" in text else []),
            ("Town", "白沙乡"), ("Honor", honour)]
    assert honoured(text, spec, title="我县召开会议") == expected


@pytest.mark.parametrize("text, spec, expected", [
    # the units after 一起入选的还有
    ("住建部公布第六批中国传统村落名录，白岩村被列入其中，与它一起入选的还有同镇的梅岭村、枫林村。",
     [("Honor", "第六批中国传统村落名录"), ("Village", "白岩村"), ("Village", "梅岭村"),
      ("Village", "枫林村")],
     {("白岩村", "第六批中国传统村落名录"), ("梅岭村", "第六批中国传统村落名录"),
      ("枫林村", "第六批中国传统村落名录")}),
    # 同获这一荣誉
    ("白沙村入选全国乡村治理示范村候选名单。此外，青川县梅岭村同获这一荣誉。",
     [("Village", "白沙村"), ("Honor", "全国乡村治理示范村"), ("District", "青川县"),
      ("Village", "梅岭村")],
     {("白沙村", "全国乡村治理示范村"), ("梅岭村", "全国乡村治理示范村")}),
    # the units after 同时获评的还有 / 一并授予 share the honour
    ("白沙街道被评为省级文明街道。同时获评的还有凤鸣街道、云岭街道。",
     [("Subdistrict", "白沙街道"), ("Honor", "省级文明街道"), ("Subdistrict", "凤鸣街道"),
      ("Subdistrict", "云岭街道")],
     {("白沙街道", "省级文明街道"), ("凤鸣街道", "省级文明街道"), ("云岭街道", "省级文明街道")}),
    ("省委决定，授予白沙镇“先进基层党组织”称号，一并授予云岭镇、白石镇。",
     [("Town", "白沙镇"), ("Honor", "先进基层党组织"), ("Town", "云岭镇"), ("Town", "白石镇")],
     {("白沙镇", "先进基层党组织"), ("云岭镇", "先进基层党组织"), ("白石镇", "先进基层党组织")}),
    # 获评的 describing a crowd names no unit
    ("白沙街道被评为省级文明街道，获评的还有很多单位。",
     [("Subdistrict", "白沙街道"), ("Honor", "省级文明街道")],
     {("白沙街道", "省级文明街道")}),
    # a notice: each unit listed under a section heading holds that section's title, the
    # publishing city none
    ("北山市公布美丽乡村名单\n确定以下单位为市级美丽乡村示范村。\n一、市级美丽乡村示范村名单\n"
     "北山区稻香镇双河村、青松镇富民村\n二、市级美丽乡村示范乡镇名单\n北山区稻香镇\n北山市人民政府",
     [("City", "北山市"), ("Honor", "市级美丽乡村示范村"), ("Honor", "市级美丽乡村示范村"),
      ("District", "北山区"), ("Town", "稻香镇"), ("Village", "双河村"), ("Town", "青松镇"),
      ("Village", "富民村"), ("Honor", "市级美丽乡村示范乡镇"), ("District", "北山区"),
      ("Town", "稻香镇"), ("City", "北山市")],
     {("双河村", "市级美丽乡村示范村"), ("富民村", "市级美丽乡村示范村"),
      ("稻香镇", "市级美丽乡村示范乡镇")}),
    # a title, a colon, the units: they hold it, the town holding the meeting does not
    ("白沙镇召开大会，表彰全镇乡村振兴先进村：双河村、北山区青松镇富民村。",
     [("Town", "白沙镇"), ("Honor", "全镇乡村振兴先进村"), ("Village", "双河村"),
      ("Town", "青松镇"), ("Village", "富民村")],
     {("双河村", "全镇乡村振兴先进村"), ("富民村", "全镇乡村振兴先进村")}),
    # after the colon something else than units: nobody listed, the rules before apply
    ("白沙镇被评为省级文明乡镇：全镇上下一片欢腾。",
     [("Town", "白沙镇"), ("Honor", "省级文明乡镇")], {("白沙镇", "省级文明乡镇")}),
    # lines that are not units end the section
    ("北山市召开会议。\n一、市级美丽乡村示范村名单\n各村要珍惜荣誉，双河村要带好头",
     [("City", "北山市"), ("Honor", "市级美丽乡村示范村"), ("Village", "双河村")], set()),
    # a river section is no unit: its honour is not the subject's
    ("白沙镇召开会议。去年，清河白沙段获评“江南省美丽幸福河湖”。",
     [("Town", "白沙镇"), ("Honor", "江南省美丽幸福河湖")], set()),
])
def test_more_shared_and_withheld_honours(text, spec, expected):
    assert honoured(text, spec) == expected


def test_list_lines_of_units_under_an_honour_heading():
    text = ("授予白沙镇梅岭村党总支等15个基层党组织“全县先进基层党组织”称号。\n"
            "一、全县先进基层党组织（15个）\n\n白沙镇梅岭村党总支\n\n白沙镇枫林村党支部\n\n"
            "县人民医院党委\n")
    spec = [("Town", "白沙镇"), ("Village", "梅岭村"), ("Honor", "全县先进基层党组织"),
            ("Town", "白沙镇"), ("Village", "梅岭村"), ("Town", "白沙镇"), ("Village", "枫林村")]
    received = honoured(text, spec)
    assert {("梅岭村", "全县先进基层党组织"), ("枫林村", "全县先进基层党组织")} <= received
    assert not any(unit == "白沙镇" for unit, _ in received)

def test_a_markdown_table_cell_with_its_own_unit_is_money():
    text = ("| 项目名称 | 建设地点 | 总投资 | 年度计划投资 |\n|---|---|---|---|\n"
            "| 东岭大豆精深加工项目 | 东岭镇 | 3.2亿元 | 1.1亿元 |\n")
    spec = [("Project", "东岭大豆精深加工项目"), ("Town", "东岭镇")]
    _, triples = facts(text, spec)
    assert {("东岭大豆精深加工项目", "totalInvestment", Decimal(320_000_000)),
            ("东岭大豆精深加工项目", "annualPlannedInvestment", Decimal(110_000_000)),
            ("东岭大豆精深加工项目", "locatedIn", "东岭镇")} <= triples


def test_a_table_row_states_place_money_and_owner():
    text = ("松林县召开会议。\n序号 | 项目名称 | 建设地点 | 总投资（亿元） | 年度计划投资（亿元） | 业主单位\n"
            "1 | 白鹭冷链物流园 | 青石镇白马村 | 3.2 | 1.5 | 青禾物流有限公司\n"
            "2 | 东湖康养度假区 | 县城东部 | 16.8 | 3 | 县文旅局\n")
    spec = [("District", "松林县"), ("Project", "白鹭冷链物流园"), ("Town", "青石镇"),
            ("Village", "白马村"), ("Company", "青禾物流有限公司"), ("Project", "东湖康养度假区")]
    _, triples = facts(text, spec)
    assert {("白鹭冷链物流园", "locatedIn", "白马村"),
            ("白鹭冷链物流园", "totalInvestment", Decimal(320_000_000)),
            ("白鹭冷链物流园", "annualPlannedInvestment", Decimal(150_000_000)),
            ("白鹭冷链物流园", "operatedBy", "青禾物流有限公司"),
            ("东湖康养度假区", "locatedIn", "松林县"),
            ("东湖康养度假区", "totalInvestment", Decimal(1_680_000_000))} <= triples
    assert ("白鹭冷链物流园", "locatedIn", "青石镇") not in triples


@pytest.mark.parametrize("text, spec, expected", [
    # urged on others: nobody named implements it
    ("江南省农业农村厅发文。各地要因地制宜运用积分制。",
     [("Province", "江南省"), ("Program", "积分制")], set()),
    # the county urging itself still carries it out
    ("东河县召开大会。全县各级各部门要深入推进“万企兴万村”行动。",
     [("District", "东河县"), ("Program", "万企兴万村")], {("东河县", "万企兴万村")}),
])
def test_exhorted_programs(text, spec, expected):
    triples = facts(text, spec, title="东河县表彰大会" if "东河县" in text else "")[1]
    assert {(s, o) for s, p, o in triples if p == "implements"} == expected


@pytest.mark.parametrize("text, spec, expected, absent", [
    # one county in the article: towns written bare are its own
    ("房山县召开大会。青石镇、白马乡作交流发言。白马村党支部书记发言。",
     [("District", "房山县"), ("Town", "青石镇"), ("Town", "白马乡"), ("Village", "白马村")],
     {("青石镇", "partOf", "房山县"), ("白马乡", "partOf", "房山县")}, set()),
    # two counties: nothing inferred
    ("房山县、云溪县召开大会。青石镇作交流发言。白马村、黑山村参加。",
     [("District", "房山县"), ("District", "云溪县"), ("Town", "青石镇"), ("Village", "白马村"),
      ("Village", "黑山村")],
     set(), {("青石镇", "partOf", "房山县"), ("青石镇", "partOf", "云溪县")}),
    # one town in the article: villages written bare are its own (the subject is a village)
    ("白马村：白马村入选名录。白马村位于青石镇。黑山村也获此殊荣。白马村、黑山村发展茶叶。",
     [("Village", "白马村"), ("Village", "白马村"), ("Village", "白马村"), ("Town", "青石镇"),
      ("Village", "黑山村"), ("Village", "白马村"), ("Village", "黑山村")],
     {("白马村", "partOf", "青石镇"), ("黑山村", "partOf", "青石镇")}, set()),
    # a town written with its own parent keeps it
    ("房山县召开大会。云溪县青石镇作交流发言。",
     [("District", "房山县"), ("District", "云溪县"), ("Town", "青石镇")],
     {("青石镇", "partOf", "云溪县")}, {("青石镇", "partOf", "房山县")}),
    # a reference word chained with a village: the village is the referent's
    ("青石镇召开大会。该镇白马村修通了道路。",
     [("Town", "青石镇"), ("Village", "白马村")],
     {("白马村", "partOf", "青石镇")}, set()),
])
def test_part_of_inferred_from_the_article(text, spec, expected, absent):
    triples = facts(text, spec)[1]
    assert expected <= triples
    assert not absent & triples


def test_reference_chain_names_its_rule():
    text = "青石镇召开大会。白马乡干部参加。该镇白马村修通了道路。"
    a = article(text)
    _, relations = relate(a, place(text, [("Town", "青石镇"), ("Town", "白马乡"),
                                          ("Village", "白马村")]), ())
    rules = {r.rule for r in relations if r.subject.name == "白马村"}
    assert "part_of_by_reference_chain" in rules

@pytest.mark.parametrize("text, spec, expected, absent", [
    # a bare 园区 after settling refers to the park named before
    ("黎园循环经济产业园建成投用。以祁丰、金麦源等为代表的一批企业扎根园区。",
     [("Project", "黎园循环经济产业园"), ("Company", "祁丰"), ("Company", "金麦源")],
     {("祁丰", "locatedIn", "黎园循环经济产业园"), ("金麦源", "locatedIn", "黎园循环经济产业园")}, set()),
    # no park named before: 园区 places nothing
    ("以祁丰、金麦源等为代表的一批企业扎根园区。", [("Company", "祁丰"), ("Company", "金麦源")],
     set(), {("祁丰", "locatedIn", "园区")}),
    # 城区 opening a project's name is the county's built-up area, not a district
    ("柘城县召开会议。城区雨污分流改造工程开工。",
     [("District", "柘城县"), ("District", "城区"), ("Project", "城区雨污分流改造工程")],
     {("城区雨污分流改造工程", "locatedIn", "柘城县")}, {("城区雨污分流改造工程", "locatedIn", "城区")}),
    # a town's short form before 河 names the river, not the town
    ("宁远县召开会议，宁远县部署工作。清溪镇、白马镇参加。清溪河生态治理工程开工。",
     [("District", "宁远县"), ("District", "宁远县"), ("Town", "清溪镇"), ("Town", "白马镇"),
      ("Project", "清溪河生态治理工程")],
     {("清溪河生态治理工程", "locatedIn", "宁远县")}, {("清溪河生态治理工程", "locatedIn", "清溪镇")}),
    # companies settling in a 智谷 are in it
    ("白鹭数字智谷一期建成，云帆网络、数策科技等企业入驻白鹭数字智谷。",
     [("Project", "白鹭数字智谷"), ("Company", "云帆网络"), ("Company", "数策科技"), ("Project", "白鹭数字智谷")],
     {("云帆网络", "locatedIn", "白鹭数字智谷")}, set()),
])
def test_park_references_and_town_proper(text, spec, expected, absent):
    _, triples = facts(text, spec)
    assert expected <= triples
    assert not absent & triples



def test_a_row_whose_lowest_unit_is_of_another_kind_takes_no_honour():
    text = ("认定青川县白沙镇等6个乡镇为第二批江南省乡村治理示范乡镇。\n一、示范乡镇（6个）\n"
            "1 | 云溪市 | 东河县 | 石门坎乡\n")  # the town's name was not recognised
    spec = [("District", "青川县"), ("Town", "白沙镇"), ("Honor", "第二批江南省乡村治理示范乡镇"),
            ("City", "云溪市"), ("District", "东河县")]
    assert not any(unit == "东河县" for unit, _ in honoured(text, spec))


@pytest.mark.parametrize("honour, held", [
    ("全国乡村治理示范村镇", False),   # a list of villages and towns, two honours
    ("全国一村一品示范村镇", True),    # one title, held by a village or a town
])
def test_split_list_titles(honour, held):
    text = f"白沙镇召开大会。白沙镇入选{honour}候选名单。"
    spec = [("Town", "白沙镇"), ("Town", "白沙镇"), ("Honor", honour)]
    assert (("白沙镇", honour) in honoured(text, spec)) is held


@pytest.mark.parametrize("text, expected", [
    # the villages are where the town does it
    ("白沙镇召开会议。该镇在梅岭村、枫林村组建产业联盟，推行“支部+协会+业主”模式。",
     {("白沙镇", "支部+协会+业主")}),
    # with no unit before them, the place is the actor
    ("白沙镇召开会议。在梅岭村，村民推行“支部+协会+业主”模式。", {("梅岭村", "支部+协会+业主")}),
])
def test_places_of_a_program_give_way_to_its_actor(text, expected):
    spec = [("Town", "白沙镇"), ("Village", "梅岭村"),
            *([("Village", "枫林村")] if "枫林村" in text else []), ("Program", "支部+协会+业主")]
    triples = facts(text, spec)[1]
    assert {(s, o) for s, p, o in triples if p == "implements"} == expected

@pytest.mark.parametrize("text, spec, expected, absent", [
    # a company investing a sum, then building the work
    ("甘州区禾岳集团在园区投资2.4亿元，建设年加工15万吨玉米种子加工中心。",
     [("District", "甘州区"), ("Company", "禾岳集团"), ("Project", "年加工15万吨玉米种子加工中心")],
     {("年加工15万吨玉米种子加工中心", "operatedBy", "禾岳集团")}, set()),
    # contracts signed with companies for quoted projects pair off in order
    ("信丰县分别与青禾电子科技有限公司、白鹭食品集团有限公司签订了“电子线路板”“脐橙加工”两个项目投资合同。"
     "电子线路板项目总投资18亿元，脐橙加工项目总投资6亿元。",
     [("District", "信丰县"), ("Company", "青禾电子科技有限公司"), ("Company", "白鹭食品集团有限公司"),
      ("Project", "电子线路板项目"), ("Project", "脐橙加工项目")],
     {("电子线路板项目", "operatedBy", "青禾电子科技有限公司"),
      ("脐橙加工项目", "operatedBy", "白鹭食品集团有限公司")},
     {("电子线路板项目", "operatedBy", "白鹭食品集团有限公司")}),
    # 分别建设 pairs the companies with the works after it
    ("该镇引进青禾刀具有限公司、白鹭实业有限公司，分别建设刀具智能工厂和五金文化体验馆。",
     [("Company", "青禾刀具有限公司"), ("Company", "白鹭实业有限公司"), ("Project", "刀具智能工厂"),
      ("Project", "五金文化体验馆")],
     {("刀具智能工厂", "operatedBy", "青禾刀具有限公司"), ("五金文化体验馆", "operatedBy", "白鹭实业有限公司")},
     {("刀具智能工厂", "operatedBy", "白鹭实业有限公司")}),
    # 由X投资建设的Y: Y is X's, not the park named before 由
    ("在白鹭陶瓷产业园，由青禾陶瓷集团有限公司投资建设的日用陶瓷智能制造基地正在安装设备。",
     [("Project", "白鹭陶瓷产业园"), ("Company", "青禾陶瓷集团有限公司"), ("Project", "日用陶瓷智能制造基地")],
     {("日用陶瓷智能制造基地", "operatedBy", "青禾陶瓷集团有限公司")},
     {("白鹭陶瓷产业园", "operatedBy", "青禾陶瓷集团有限公司")}),
    # quoted project names side by side after a list of companies pair off in order
    ("成功引进青禾饲料有限公司、白鹭农业科技有限公司的“年产20万吨饲料加工项目”“白鹭智慧农场项目”。",
     [("Company", "青禾饲料有限公司"), ("Company", "白鹭农业科技有限公司"),
      ("Project", "年产20万吨饲料加工项目"), ("Project", "白鹭智慧农场项目")],
     {("年产20万吨饲料加工项目", "operatedBy", "青禾饲料有限公司"),
      ("白鹭智慧农场项目", "operatedBy", "白鹭农业科技有限公司")},
     {("年产20万吨饲料加工项目", "operatedBy", "白鹭农业科技有限公司")}),
    # 引进X（以下简称“Y”），投资建设Z: X builds Z
    ("村里又引进青禾农业发展有限公司，投资建设白马村围屋民宿集群项目。",
     [("Company", "青禾农业发展有限公司"), ("Project", "白马村围屋民宿集群项目")],
     {("白马村围屋民宿集群项目", "operatedBy", "青禾农业发展有限公司")}, set()),
    # a sentence opening with the park's kind word speaks of the park named paragraphs before
    ("走进白马村食用菌产业园，大棚整齐排列。\n2024年，三个村集体入股，建起这座规划占地8.6公顷的产业园。"
     "产业园由青禾农业开发有限公司、云菌生物科技有限公司共同建设运营。",
     [("Project", "白马村食用菌产业园"), ("Company", "青禾农业开发有限公司"),
      ("Company", "云菌生物科技有限公司")],
     {("白马村食用菌产业园", "operatedBy", "青禾农业开发有限公司"),
      ("白马村食用菌产业园", "operatedBy", "云菌生物科技有限公司")}, set()),
    # 项目由 far from any project named before is nobody's
    ("白马村食用菌产业园开园。\n今年全镇项目建设提速。\n项目由青禾农业开发有限公司负责建设。",
     [("Project", "白马村食用菌产业园"), ("Company", "青禾农业开发有限公司")],
     set(), {("白马村食用菌产业园", "operatedBy", "青禾农业开发有限公司")}),
])
def test_operators_that_invest_sign_or_build_respectively(text, spec, expected, absent):
    _, triples = facts(text, spec)
    assert expected <= triples
    assert not absent & triples


def test_this_honour_is_the_articles_own_not_the_last_of_an_older_list():
    text = ("梅岭村入选全国文明村镇。\n\n连续四年荣获青川县明星村称号\n2014年江南省美丽乡村建设试点村\n\n"
            "据悉，白沙镇枫林村也获此殊荣。")
    spec = [("Village", "梅岭村"), ("Honor", "全国文明村镇"), ("Honor", "青川县明星村"),
            ("Honor", "江南省美丽乡村建设试点村"), ("Town", "白沙镇"), ("Village", "枫林村")]
    received = {(s, o) for s, o in honoured(text, spec) if s == "枫林村"}
    assert received == {("枫林村", "全国文明村镇")}


@pytest.mark.parametrize("text, spec, expected", [
    # a published list goes to its members, not to the subject
    ("梅岭村召开大会。住建部公布了首批中国传统村落名单，青川县白沙镇枫林村榜上有名。",
     [("Village", "梅岭村"), ("Honor", "首批中国传统村落"), ("District", "青川县"),
      ("Town", "白沙镇"), ("Village", "枫林村")],
     {("枫林村", "首批中国传统村落")}),
    # 入选 closing its clause
    ("梅岭村召开大会。农业农村部公布第三批全国乡村旅游重点村名单，白沙镇枫林村入选。",
     [("Village", "梅岭村"), ("Honor", "全国乡村旅游重点村"), ("Town", "白沙镇"), ("Village", "枫林村")],
     {("枫林村", "全国乡村旅游重点村")}),
    # a province's office confers; the unit after 被 … 确定为 still receives
    ("梅岭村召开大会。江南省司法厅命名梅岭村为江南省民主法治示范村。",
     [("Village", "梅岭村"), ("Province", "江南省"), ("Village", "梅岭村"),
      ("Honor", "江南省民主法治示范村")],
     {("梅岭村", "江南省民主法治示范村")}),
    ("白沙镇召开大会。白沙镇被省水利厅确定为全省河湖长制工作示范乡镇。",
     [("Town", "白沙镇"), ("Town", "白沙镇"), ("Honor", "全省河湖长制工作示范乡镇")],
     {("白沙镇", "全省河湖长制工作示范乡镇")}),
])
def test_published_lists_and_conferring_offices(text, spec, expected):
    assert honoured(text, spec) == expected


def test_the_model_of_a_program_is_not_its_actor():
    text = "白沙乡召开会议。如今，白沙乡正以梅岭村为样板，在全乡推广“茶旅融合”发展路子。"
    spec = [("Town", "白沙乡"), ("Town", "白沙乡"), ("Village", "梅岭村"), ("Program", "茶旅融合")]
    triples = facts(text, spec)[1]
    assert {(s, o) for s, p, o in triples if p == "implements"} == {("白沙乡", "茶旅融合")}


def test_a_title_set_against_its_holder_by_a_dash():
    text = "白沙镇召开会议。据悉，首批江南省善治示范村——青川县河口镇梅岭村，今年复核合格。"
    spec = [("Town", "白沙镇"), ("Honor", "首批江南省善治示范村"), ("District", "青川县"),
            ("Town", "河口镇"), ("Village", "梅岭村")]
    assert honoured(text, spec) == {("梅岭村", "首批江南省善治示范村")}


@pytest.mark.parametrize("text, spec, expected", [
    ("青山产业园交由绿野果业发展有限公司统一运营。",
     [("Project", "青山产业园"), ("Company", "绿野果业发展有限公司")], True),
    ("青山产业园委托绿野果业发展有限公司管理。",
     [("Project", "青山产业园"), ("Company", "绿野果业发展有限公司")], True),
    ("青山产业园引入绿野果业发展有限公司运营。",
     [("Project", "青山产业园"), ("Company", "绿野果业发展有限公司")], True),
    # a company brought in without a verb that runs the work is a tenant, not its operator
    ("青山产业园引入绿野果业发展有限公司等企业。",
     [("Project", "青山产业园"), ("Company", "绿野果业发展有限公司")], False),
    ("青山产业园委托绿野果业发展有限公司编制规划方案。",
     [("Project", "青山产业园"), ("Company", "绿野果业发展有限公司")], False),
])
def test_operators_handed_the_work(text, spec, expected):
    assert (("青山产业园", "operatedBy", "绿野果业发展有限公司") in facts(text, spec)[1]) is expected


@pytest.mark.parametrize("text, spec, place, absent", [
    # the clause's place wins over the unit that opens the work's name
    ("云岭县风储一体化项目在白音嘎查开工建设。",
     [("Project", "云岭县风储一体化项目"), ("District", "云岭县"), ("Village", "白音嘎查")],
     "白音嘎查", "云岭县"),
    ("白沙镇光伏项目建在白石村。",
     [("Project", "白沙镇光伏项目"), ("Town", "白沙镇"), ("Village", "白石村")], "白石村", "白沙镇"),
    # 在 not followed by a unit places nothing: the name's unit stays
    ("云岭县风储一体化项目在县委领导下推进，白音嘎查积极配合。",
     [("Project", "云岭县风储一体化项目"), ("District", "云岭县"), ("Village", "白音嘎查")],
     "云岭县", "白音嘎查"),
])
def test_a_clause_place_after_the_work(text, spec, place, absent):
    found = facts(text, spec)[1]
    project = spec[0][1]
    assert (project, "locatedIn", place) in found
    assert (project, "locatedIn", absent) not in found


@pytest.mark.parametrize("text, spec, expected", [
    ("贺岭村芒来自然村", [("Village", "贺岭村"), ("Village", "芒来自然村")],
     {("芒来自然村", "partOf", "贺岭村")}),
    # two administrative villages side by side are no chain
    ("贺岭村白石村", [("Village", "贺岭村"), ("Village", "白石村")], set()),
])
def test_natural_village_in_its_village(text, spec, expected):
    assert {t for t in facts(text, spec)[1] if t[1] == "partOf"} == expected


@pytest.mark.parametrize("text, spec, expected", [
    # a park written as a project is a work companies invest in, not where they lie
    ("禾丰农业科技有限公司签约入驻青山参业产业园项目。",
     [("Company", "禾丰农业科技有限公司"), ("Project", "青山参业产业园")], False),
    ("禾丰农业科技有限公司签约入驻青山参业产业园。",
     [("Company", "禾丰农业科技有限公司"), ("Project", "青山参业产业园")], True),
])
def test_companies_lie_in_parks_not_in_works(text, spec, expected):
    fact = ("禾丰农业科技有限公司", "locatedIn", "青山参业产业园")
    assert (fact in facts(text, spec)[1]) is expected
