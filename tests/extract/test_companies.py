"""Companies, on invented sentences (one per rule) and on the seed article against its gold."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.companies import find, judge, specific_part
from kg.model import Article, Sentence

from test_projects import score_on_seed  # pytest puts this folder on sys.path
from article_factory import RANDOM_PIECES as _PIECES, article
from kg.corpus import normalise


def names(text: str) -> list[str]:
    return [m.name for m in find(article(text))]


@pytest.mark.parametrize("text, expected", [
    ("西山村引进云溪晋桑丝绸有限公司，建设蚕茧烘干厂。", ["云溪晋桑丝绸有限公司"]),
    ("与江南粤铖新材料科技有限公司签约。", ["江南粤铖新材料科技有限公司"]),
    ("在临江产业园，云溪市海翎电子股份有限公司投资建设的厂房已封顶。", ["云溪市海翎电子股份有限公司"]),
    ("本土企业东湖市嘉禾精工机械有限公司实施技改扩产。", ["东湖市嘉禾精工机械有限公司"]),
    ("街道还联合云溪恒通物业服务有限公司开展治理。", ["云溪恒通物业服务有限公司"]),
    ("白马村与云溪白马联合发展有限公司签约。", ["云溪白马联合发展有限公司"]),
    ("由青石县水利建筑工程有限公司承建。", ["青石县水利建筑工程有限公司"]),
    ("村民以梯田入股云溪金竹梯田旅游开发有限公司。", ["云溪金竹梯田旅游开发有限公司"]),
    ("青禾集团旗下的云溪青禾置业有限公司负责运营。", ["青禾集团", "云溪青禾置业有限公司"]),
    ("青石镇白马村蔬菜种植专业合作社带动农户300余户。", ["青石镇白马村蔬菜种植专业合作社"]),
    ("中国农业银行云溪县支行为企业发放贷款。", ["中国农业银行云溪县支行"]),
    ("东湖镇与云溪城投公司签订合作协议。", ["云溪城投公司"]),
    ("张某现任云溪青石建设工程有限公司总经理。", ["云溪青石建设工程有限公司"]),
    ("中国移动云溪分公司开通5G基站32个。", ["中国移动云溪分公司"]),
    ("云溪农商行、邮储银行云溪支行累计发放贷款。", ["云溪农商行", "邮储银行云溪支行"]),
    # a bracketed place inside the name, full-width or ASCII
    ("华源（德州）汽车部件有限公司年产50万套座椅项目开工。", ["华源德州汽车部件有限公司"]),
    ("华源(德州)汽车部件有限公司投产。", ["华源德州汽车部件有限公司"]),
    ("临沂鑫源（沂水）食品有限公司年产5万吨速冻食品项目主体完工。", ["临沂鑫源沂水食品有限公司"]),
    # a city or county before the shop name belongs to the name, even where jieba
    # reads it as a verb (保定, 包头) or splits it (将|乐)
    ("德州禾旺食品有限公司投资的冷库开工。", ["德州禾旺食品有限公司"]),
    ("由保定禾旺食品有限公司投资建设。", ["保定禾旺食品有限公司"]),
    ("包头金鸡山农业发展有限公司流转土地500亩。", ["包头金鸡山农业发展有限公司"]),
    ("近日，将乐禾旺食品有限公司投资的冷库开工。", ["将乐禾旺食品有限公司"]),
    ("平邑县蒙山农业发展有限公司带动农户。", ["平邑县蒙山农业发展有限公司"]),
    ("同云溪县城市建设投资集团有限公司签订协议。", ["云溪县城市建设投资集团有限公司"]),
    # an ordinary word that is also a county's short name is not taken as a place
    ("比如禾旺食品有限公司这样的企业。", ["禾旺食品有限公司"]),
    ("新建禾旺食品有限公司冷库。", ["禾旺食品有限公司"]),
    # a short name in brackets, then the project
    ("山东恒泰再生资源科技有限公司（以下简称“恒泰科技”）年产3万吨再生铜项目总投资5亿元。",
     ["山东恒泰再生资源科技有限公司"]),
])
def test_registered_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, name, alias, written", [
    ("有序配合招商引资，青禾能源（云溪青禾新能源科技有限公司）成功入驻、投产达效。",
     "云溪青禾新能源科技有限公司", "青禾能源", "青禾能源（云溪青禾新能源科技有限公司）"),
    ("白石镇与江南粤铖新材料科技有限公司（以下简称“粤铖新材”）签约。",
     "江南粤铖新材料科技有限公司", "粤铖新材", "江南粤铖新材料科技有限公司（以下简称“粤铖新材”）"),
    ("由云溪恒瑞家居集团有限公司（简称恒瑞家居）投资。",
     "云溪恒瑞家居集团有限公司", "恒瑞家居", "云溪恒瑞家居集团有限公司（简称恒瑞家居）"),
])
def test_bracket_joins_short_and_registered_name(text, name, alias, written):
    """Full-width brackets here; the ASCII ones of NFKC-normalised text below."""
    [m] = find(article(text))
    assert (m.name, m.attrs, text[m.start:m.end]) == (name, (("alias", alias),), written)


def test_bracketed_place_is_kept_as_written_alias():
    text = "华源（德州）汽车部件有限公司（以下简称“华源汽车”）投产。"
    [m] = find(article(text))
    assert (m.name, m.attr_all("alias"), text[m.start:m.end]) == (
        "华源德州汽车部件有限公司", (normalise("华源（德州）汽车部件有限公司"), "华源汽车"),
        "华源（德州）汽车部件有限公司（以下简称“华源汽车”）")


def test_investment_signing_report():
    """A long sentence of a signing report: every investor, with its short name."""
    text = ("签约项目中，江南禾泰新能源有限公司投资建设的年产2GW高效光伏电池片项目总投资18亿元，"
            "落户云溪县临港产业园；白石恒达机械制造有限公司（以下简称“恒达机械”）智能农机装备项目"
            "总投资9.6亿元，选址青石镇；德州禾旺食品有限公司投资的中央厨房预制菜项目总投资3亿元。")
    assert [(m.name, m.attr_all("alias")) for m in find(article(text))] == [
        ("江南禾泰新能源有限公司", ()), ("白石恒达机械制造有限公司", ("恒达机械",)),
        ("德州禾旺食品有限公司", ())]


def test_bracket_in_normalised_text():
    text = "青禾能源(云溪青禾新能源科技有限公司)成功入驻,投产达效。"
    [m] = find(article(text))
    assert (m.name, m.attr("alias"), m.start, m.end) == ("云溪青禾新能源科技有限公司", "青禾能源",
                                                        0, text.index(")") + 1)


@pytest.mark.parametrize("text, expected", [
    ("帮助白鹭家居、云溪中城、驰远汽车等解决客流量少问题。", ["白鹭家居", "驰远汽车"]),
    ("引进青禾食品、白鹭服饰、云溪建工等一批龙头企业。", ["青禾食品", "白鹭服饰", "云溪建工"]),
    ("云溪农商银行、青禾物流等单位参加。", ["云溪农商银行", "青禾物流"]),
    ("签约的东湖精密机械、白马新能源两家企业已投产。", ["东湖精密机械", "白马新能源"]),
    ("帮助辖区内的东湖超市、西山酒店等个体工商户申请贷款。", ["东湖超市", "西山酒店"]),
    ("协调华润置业加快交房。", ["华润置业"]),
])
def test_brand_style_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "由政府平台公司接手复建。",
    "在楼市和房企遭遇重大挫折的情况下。",
    "有序升规纳统各类企业13家，培育新增市场主体1500余家。",
    "密切监测重点指标、重点行业、重点企业。",
    "国有企业、民营企业共同参与。",
    "该公司负责人介绍，公司今年产值突破5亿元。",
    "村里成立了劳务公司、物业公司。",
    "推行“党支部+公司+农户”模式。",
    "建成肉牛养殖合作社14家。",
    "推动房地产市场平稳健康发展。",
    "新能源汽车、智能家居等产业加快集聚。",
    "深入实施生态文明建设。",
    "县交投集团、县城投集团等国有企业加快转型。",
    "深入排查整治“散乱污”企业。",
])
def test_no_company(text):
    assert names(text) == []


@pytest.mark.parametrize("core, verdict", [
    ("云溪青禾新能源科技", "ok"), ("投资", "continue"), ("政府平台", "stop"), ("该", "stop"),
    ("云溪海翎电子", "ok"),   # 子 of 电子 is not 子公司
])
def test_judge(core, verdict):
    assert judge(core) == verdict


@pytest.mark.parametrize("core, rest", [
    ("云溪青禾新能源科技", "云溪青禾"), ("现代农业", ""), ("肉牛养殖", ""),
])
def test_specific_part(core, rest):
    assert specific_part(core) == rest


def test_seed_companies():
    precision, recall, misses, false = score_on_seed(find, "Company")
    print(f"seed companies: precision {precision:.2f} recall {recall:.2f} misses {misses} false {false}")
    assert recall == 1.0, misses
    assert precision >= 0.9, false


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_random_text_never_raises_and_offsets_fit(text):
    for found in find(article(text)):
        assert 0 <= found.start < found.end <= len(text)


@pytest.mark.parametrize("text, expected", [
    # no unit or role word glued on a company
    ("中共青石新材料股份有限公司委员会开展主题党日活动。", ["青石新材料股份有限公司"]),
    ("由村企青林农产品贸易有限公司负责运营。", ["青林农产品贸易有限公司"]),
    ("河西区远图集团投资建设智慧物流园。", ["远图集团"]),
    # a resource after 依托 is no company; brands in a list after 包括 are
    ("依托玉米制种、戈壁农业和光热资源开展招商。", []),
    ("签约项目涵盖锂电新能源、白鹭家居等多个领域。", []),
    ("园区企业包括华岭纸塑、禾丰米业等。", ["华岭纸塑", "禾丰米业"]),
    # a bracketed city inside the name, after a word jieba calls a verb
    ("签约企业中，华岳（保定）汽车部件有限公司投资建设。", ["华岳保定汽车部件有限公司"]),
    # a county's own investment group keeps the county
    ("由台安县农发集团负责建设。", ["台安县农发集团"]),
    # a registered name keeps the county it was registered with
    ("由云溪县岭上果蔬专业合作社承租经营。", ["云溪县岭上果蔬专业合作社"]),
    # brand short names in a 以…为代表 enumeration
    ("形成了以飞鸿、远图和澜海等为代表的一批鞋业企业。", ["飞鸿", "远图", "澜海"]),
    ("以党建为引领，以群众满意为代表的工作格局。", []),
    # a brand opening a plant's name, or investing a sum, is a company
    ("总投资3.2亿元的金穗面业年产20万吨专用面粉技改项目。", ["金穗面业"]),
    ("星岳体育投资逾3亿元的房车营地项目签约。", ["星岳体育"]),
    ("全民健身体育活动丰富多彩，年产值稳步提升。", []),
])
def test_real_report_company_forms(text, expected):
    assert names(text) == expected


def test_a_short_name_held_by_a_registered_name_is_that_company():
    text = "引进常州丰澜智能装备股份有限公司。以丰澜、青柏等为代表的一批企业落户。"
    found = [(m.name, m.attr_all("alias")) for m in find(article(text))]
    assert found == [("常州丰澜智能装备股份有限公司", ()), ("常州丰澜智能装备股份有限公司", ("丰澜",)),
                     ("青柏", ())]


def test_a_user_lexicon_adds_brand_suffixes(tmp_path):
    from kg import lexicons

    user = tmp_path / "mine.toml"
    user.write_text('[companies]\nbrand_suffixes = ["瓷业"]\n', encoding="utf-8")
    text = "帮助白鹭瓷业、青禾瓷业等企业解决难题。"
    try:
        assert names(text) == []
        lexicons.configure([user])
        assert names(text) == ["白鹭瓷业", "青禾瓷业"]
    finally:
        lexicons.configure(())


@pytest.mark.parametrize("text, expected", [
    # a verb that hands a work over ends the company's left context
    ("产业园交由绿野果业发展有限公司统一运营。", ["绿野果业发展有限公司"]),
    ("村里把基地交给绿野果业发展有限公司。", ["绿野果业发展有限公司"]),
    ("镇里委托绿野果业发展有限公司编制规划。", ["绿野果业发展有限公司"]),
    ("基地引入绿野果业发展有限公司。", ["绿野果业发展有限公司"]),
    # 交 and 委托 elsewhere in the sentence cut nothing
    ("青柏交通投资有限公司承建。", ["青柏交通投资有限公司"]),
    ("委托书由青柏交通投资有限公司出具。", ["青柏交通投资有限公司"]),
])
def test_companies_after_a_handing_verb(text, expected):
    assert names(text) == expected
