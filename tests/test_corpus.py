"""kg/corpus.py: decoding, layout repair, page splitting, sentences and normalisation.

Every input is written here into tmp_path; every sentence is invented for these tests.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kg.corpus import (
    MAX_ARTICLE_CHARS, MAX_SENTENCE_CHARS, articles_from_text, clean_text, continues, decode, iter_articles,
    strip_pinyin,
    ends_sentence, html_to_text, is_byline, is_headline, is_trailer, iter_file, markdown_to_text,
    normalise, parse_date, read_file, read_paths, repair_layout, split_sentences,
)
from kg.errors import InputError
from kg.model import Article

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_6e14f97fed926169.txt"


def assert_offsets(article: Article) -> None:
    assert len(article.norm) == len(article.text)
    assert article.norm == normalise(article.text)
    last = 0
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text
        assert s.start >= last and s.end > s.start
        assert s.text == s.text.strip()
        assert len(s.text) <= MAX_SENTENCE_CHARS
        last = s.end


def articles(items) -> list[Article]:
    out = [x for x in items if isinstance(x, Article)]
    for a in out:
        assert_offsets(a)
    return out


def errors(items) -> list[InputError]:
    return [x for x in items if isinstance(x, InputError)]


# ------------------------------------------------------------------ encodings

TRAD = "雲溪縣青石鎮白馬村舉辦豐收節，全村二百餘戶參加。"
SIMP = "云溪县青石镇白马村举办丰收节，全村二百余户参加。"


@pytest.mark.parametrize("data, text, encoding", [
    (SIMP.encode("gbk"), SIMP, "gb18030"),
    ("云溪县㮾梨街道开展义诊。".encode("gb18030"), "云溪县㮾梨街道开展义诊。", "gb18030"),
    (TRAD.encode("big5"), TRAD, "big5"),
    ("白馬村".encode("big5"), "白馬村", "big5"),
    ("白马村".encode("gbk"), "白马村", "gb18030"),
    (TRAD.encode("gb18030"), TRAD, "gb18030"),
    (b"\xef\xbb\xbf" + SIMP.encode("utf-8"), SIMP, "utf-8-sig"),
    (SIMP.encode("utf-16"), SIMP, "utf-16"),
    (("青石镇 2023 " * 20).encode("utf-16-le"), "青石镇 2023 " * 20, "utf-16-le"),
    (SIMP.encode("utf-8"), SIMP, "utf-8"),
])
def test_decode_detects_the_encoding(data, text, encoding):
    assert decode(data, "f.txt") == (text, encoding)


@pytest.mark.parametrize("data, why", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    (b"PK\x03\x04\x14\x00\x00\x00" + bytes(200), "ZIP archive"),
    (b"%PDF-1.7\n" + bytes(range(256)), "PDF document"),
    (bytes(range(1, 32)) * 40, "many control bytes"),
    (bytes(2000), "many control bytes"),
    (bytes(range(0x80, 0x100)) * 40, "cannot decode"),
])
def test_binary_or_undecodable_files_are_refused_by_name(tmp_path, data, why):
    f = tmp_path / "picture.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_file(f)
    assert str(f) in str(e.value) and why in str(e.value)
    assert e.value.file == str(f)


def test_each_encoding_read_from_a_file(tmp_path):
    files = {
        "gbk.txt": ("青石镇召开党员大会。\n会议部署了防汛工作。", "gbk"),
        "gb18030.txt": ("㮾梨街道新建图书馆。\n馆藏图书两万册。", "gb18030"),
        "big5.txt": ("白馬村召開村民大會。\n會議選舉了村務監督委員會。", "big5"),
        "bom.txt": ("东湖街道开展义诊。\n居民三百人受益。", "utf-8-sig"),
        "crlf.txt": ("红岭村修建水渠。\r\n受益农田五百亩。\r\n", "utf-8"),
        "cr.txt": ("红岭村修建水渠。\r受益农田五百亩。", "utf-8"),
    }
    for name, (text, encoding) in files.items():
        (tmp_path / name).write_bytes(text.encode(encoding))
    got = {Path(a.source).name: a for a in articles(read_paths([tmp_path]))}
    assert set(got) == set(files)
    for name, (text, _) in files.items():
        a = got[name]
        assert [s.text for s in a.sentences] == [line for line in text.replace("\r\n", "\n")
                                                 .replace("\r", "\n").split("\n") if line]
        assert "\r" not in a.text
    assert got["gbk.txt"].encoding == "gb18030"
    assert got["big5.txt"].encoding == "big5"
    assert got["big5.txt"].norm.startswith("白马村召开村民大会。")
    assert got["bom.txt"].encoding == "utf-8-sig" and not got["bom.txt"].text.startswith("\ufeff")


def test_nul_and_control_bytes_are_removed(tmp_path):
    f = tmp_path / "nul.txt"
    f.write_bytes("青石镇\x00党委召开\x07会议。".encode("utf-8"))
    (a,) = read_file(f)
    assert a.text == "青石镇党委召开会议。"


def test_a_mostly_good_file_with_one_broken_byte_is_kept(tmp_path):
    f = tmp_path / "broken.txt"
    f.write_bytes(("白马村新建桥梁一座，方便群众出行。" * 100).encode("gbk") + b"\xff" + "完".encode("gbk"))
    (a,) = read_file(f)
    assert a.encoding.startswith("gb18030") and "replaced" in a.encoding
    assert a.text.count("\ufffd") == 1


@pytest.mark.parametrize("raw, cleaned", [
    ("a\r\nb\rc", "a\nb\nc"),
    ("青石\x00镇", "青石镇"),
    ("东湖\u2028街道", "东湖\n街道"),
    ("白马\ud800村", "白马\ufffd村"),
    ("\ufeff红岭村", "红岭村"),
])
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


# --------------------------------------------------------------- normalise

@pytest.mark.parametrize("text, expected", [
    ("青石镇投资１２００万元建设ＡＢＣ产业园", "青石镇投资1200万元建设ABC产业园"),
    ("雲溪縣", "云溪县"),
    ("臺", "台"), ("區", "区"), ("砦", "寨"), ("邨", "村"),
    ("王家砦村", "王家寨村"),
    ("㮾梨街道", "㮾梨街道"),
    ("𠀀𠀁村", "𠀀𠀁村"),
    ("…", "…"),                  # NFKC would give three characters: kept as is
    ("㈱", "㈱"),
    ("", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected
    assert len(normalise(text)) == len(text)


@pytest.mark.parametrize("a, b", [("臺", "台"), ("區", "区"), ("砦", "寨"), ("鎮", "镇"), ("鄉", "乡"),
                                  ("Ｂ", "B"), ("３", "3")])
def test_variants_match_the_same_name(a, b):
    assert normalise(f"青石{a}") == normalise(f"青石{b}")


def test_traditional_article_keeps_its_text_and_simplifies_norm(tmp_path):
    f = tmp_path / "trad.txt"
    f.write_bytes(TRAD.encode("big5"))
    (a,) = read_file(f)
    assert a.text == TRAD
    assert a.norm == SIMP.replace("，", ",")
    assert len(a.norm) == len(a.text)
    start = a.norm.index("青石镇")
    assert a.text[start:start + 3] == "青石鎮"


def test_rare_cjk_keeps_offsets(tmp_path):
    text = "云溪县㮾梨街道新建𠀀𠀁公园。公园位于㮾梨街道东侧，占地30亩。"
    f = tmp_path / "rare.txt"
    f.write_bytes(text.encode("gb18030"))
    (a,) = read_file(f)
    assert a.text == text
    start = a.norm.index("㮾梨街道")
    assert a.text[start:start + 4] == "㮾梨街道"
    assert [s.text for s in a.sentences] == ["云溪县㮾梨街道新建𠀀𠀁公园。", "公园位于㮾梨街道东侧，占地30亩。"]
    assert_offsets(a)


def test_normalise_is_fast_on_megabytes():
    text = ("雲溪縣青石鎮投資１２００萬元，建設產業園。\n" * 50_000)
    started = time.perf_counter()
    norm = normalise(text)
    assert time.perf_counter() - started < 10
    assert len(norm) == len(text) and norm.startswith("云溪县青石镇投资1200万元,建设产业园。")


# ---------------------------------------------------------------- sentences

@pytest.mark.parametrize("text, expected", [
    ("白马村修路。村民出行方便了！", ["白马村修路。", "村民出行方便了！"]),
    ("“路通了！”村民说。", ["“路通了！”", "村民说。"]),
    ("他说：“我们有信心。”会议结束。", ["他说：“我们有信心。”", "会议结束。"]),
    ("一是加强领导；二是强化保障", ["一是加强领导；", "二是强化保障"]),
    ("第一行\n\n  第二行  \n", ["第一行", "第二行"]),
    ("增长3.5%，达到1.2亿元。", ["增长3.5%，达到1.2亿元。"]),
    ("Is it done? Yes!", ["Is it done?", "Yes!"]),
    ("。。。\n——\n", []),
    ("", []),
    ("   \n\t", []),
])
def test_split_sentences(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_a_long_sentence_is_cut_at_a_comma_or_space_else_hard():
    text = "青" * 300 + "，" + "石" * 300 + " " + "镇" * 900
    sentences = split_sentences(text)
    assert sentences[0].text == "青" * 300 + "，"
    assert sentences[1].text == "石" * 300
    assert [len(s.text) for s in sentences[2:]] == [400, 400, 100]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_a_million_characters_without_punctuation(tmp_path):
    f = tmp_path / "line.txt"
    f.write_text("青石镇白马村东湖街道建设发展" * 75_000, encoding="utf-8")   # 1,050,000 characters
    started = time.perf_counter()
    got = articles(iter_file(f))
    assert time.perf_counter() - started < 60
    assert len(got) == 6
    assert [a.id for a in got] == [f"line-{i}" for i in range(6)]
    assert all(len(a.text) <= MAX_ARTICLE_CHARS for a in got)
    assert sum(len(a.text) for a in got) == 1_050_000


def test_a_huge_article_is_cut_at_paragraph_boundaries(tmp_path):
    paragraph = "东湖街道持续推进老旧小区改造，居民生活条件不断改善。" * 20   # 520 characters
    f = tmp_path / "huge.txt"
    f.write_text("\n\n".join([paragraph] * 1000), encoding="utf-8")
    got = articles(read_file(f))
    assert len(got) == 3
    assert [(a.id, a.index) for a in got] == [("huge-0", 0), ("huge-1", 1), ("huge-2", 2)]
    assert all(len(a.text) <= MAX_ARTICLE_CHARS for a in got)
    assert all(p == paragraph for a in got for p in a.text.split("\n\n"))
    assert sum(a.text.count(paragraph) for a in got) == 1000


# ------------------------------------------------------------ layout repair

@pytest.mark.parametrize("raw, repaired", [
    # a column break inside a word
    ("全村开展环境整治，清理垃圾二十吨，有效改善了人居环\n\n境；村民纷纷点赞。",
     "全村开展环境整治，清理垃圾二十吨，有效改善了人居环境；村民纷纷点赞。"),
    ("白马村为返乡创业青年提供帮办服务，村干部每周上门帮他们做\n\n好登记、贷款等手续，解决后顾之忧。",
     "白马村为返乡创业青年提供帮办服务，村干部每周上门帮他们做好登记、贷款等手续，解决后顾之忧。"),
    # a break after an enumeration comma or a comma
    ("白马村获评省级文明村、\n\n市级卫生村等荣誉。", "白马村获评省级文明村、市级卫生村等荣誉。"),
    ("街道在社区建起了“共享书屋”，\n\n方便居民借阅。", "街道在社区建起了“共享书屋”，方便居民借阅。"),
    ("为方便外卖骑手就近歇脚，东湖街道在柳岸社区的临街店铺里开设了“骑手之家”\n\n服务点，受到广泛好评。",
     "为方便外卖骑手就近歇脚，东湖街道在柳岸社区的临街店铺里开设了“骑手之家”服务点，受到广泛好评。"),
    # no paragraph starts with a comma or a closing mark
    ("青石镇\n\n，全镇上下齐心协力。", "青石镇，全镇上下齐心协力。"),
    # hard-wrapped lines
    ("红岭村位于云溪县西部，全村共有农户五百六十户，\n耕地三千亩。", "红岭村位于云溪县西部，全村共有农户五百六十户，耕地三千亩。"),
    # English words keep a space
    ("The village of Baima built forty kilometres of new roads and\n\nbridges in 2023.",
     "The village of Baima built forty kilometres of new roads and bridges in 2023."),
    # not joined: a headline over its body
    ("青石镇：乡村振兴跑出加速度\n\n今年以来，青石镇新建道路十公里。",
     "青石镇：乡村振兴跑出加速度\n今年以来，青石镇新建道路十公里。"),
    # not joined: a finished sentence, a colon before a list, an enumerated item
    ("全镇完成造林三千亩。\n\n村民收入稳步增长。", "全镇完成造林三千亩。\n村民收入稳步增长。"),
    ("主要做法如下：\n\n一是加强组织领导。", "主要做法如下：\n一是加强组织领导。"),
    ("村里建起了合作社并带动周边农户发展特色种植与乡村旅游产业实现增收致富\n\n二、强化服务保障",
     "村里建起了合作社并带动周边农户发展特色种植与乡村旅游产业实现增收致富\n二、强化服务保障"),
    # not joined: a long unpunctuated line over a subheading
    ("村里建起了合作社并带动周边农户发展特色种植与乡村旅游产业实现增收致富\n\n强化组织保障",
     "村里建起了合作社并带动周边农户发展特色种植与乡村旅游产业实现增收致富\n强化组织保障"),
    # not joined: a headline and its byline, closing quotes after a full stop
    ("青石镇：小山村走上致富路\n本报记者 李青", "青石镇：小山村走上致富路\n本报记者 李青"),
    ("他说：“日子越来越好了。”\n\n村里还办起了农家乐。", "他说：“日子越来越好了。”\n村里还办起了农家乐。"),
])
def test_repair_layout(raw, repaired):
    assert repair_layout(raw) == repaired


@pytest.mark.parametrize("prev, nxt, expected", [
    ("全村开展环境整治，清理垃圾二十吨，有效改善了人居环", "境；村民纷纷点赞。", True),
    ("抓党建 促发展", "今年以来，青石镇新建道路十公里。", False),
    ("全镇完成造林三千亩。", "村民收入稳步增长。", False),
    ("白马村获评省级文明村、", "（一）市级卫生村", False),
    ("白马村获评省级文明村、", "本报记者 李青", False),
    # rows of a tab-separated table stay rows
    ("序号\t项目名称\t总投资（亿元）", "1\t白鹭物流园\t3.2", False),
])
def test_continues(prev, nxt, expected):
    assert continues(prev, nxt) is expected


@pytest.mark.parametrize("line, expected", [
    ("全村道路全部硬化。”", True), ("建起“幸福小院”", False), ("驻村工作队", False),
    ("正在进行中……", True), ("主要做法如下：", True), ("（完）", True), ("", True),
])
def test_ends_sentence(line, expected):
    assert ends_sentence(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("青石镇：乡村振兴跑出加速度", True),
    ("挥动“指挥棒” 奏响“最强音”", True),
    ("云溪县青石镇", True),
    ("一、发展特色种植", True),
    ("全镇完成造林三千亩。", False),
    ("村民在庭院里采摘葡萄。", False),
    ("本报记者 李青", False),
    ("2023年7月1日", False),
    ("责任编辑：陈东", False),
    ("白马村获评省级文明村、", False),
    ("这是一个很长很长的句子没有标点但是已经超过了四十个字的长度所以它不是标题而是正文中间的一行", False),
])
def test_is_headline(line, expected):
    assert is_headline(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("本报记者 李青 通讯员 王白", True),
    ("本报记者李青通讯员王白文图", True),
    ("记者：李青", True),
    ("（记者 李青 2023年7月1日）", True),
    ("文/图 赵明", True),
    ("来源：云溪县融媒体中心", True),
    ("发布时间：2023-07-01 来源：云溪县人民政府", True),
    ("记者走基层：青石镇见闻", False),
    ("记者从青石镇获悉，该镇新建了公园。", False),
    ("青石镇召开通讯员培训会", False),
])
def test_is_byline(line, expected):
    assert is_byline(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("责任编辑：陈东", True), ("（编辑：陈东 审核：王白）", True), ("编辑部召开会议", False),
])
def test_is_trailer(line, expected):
    assert is_trailer(line) is expected


@pytest.mark.parametrize("text, expected", [
    ("本报记者 李青 2023年7月1日", "2023-07-01"),
    ("2023 年 12 月 5 日", "2023-12-05"),
    ("2023/7/1 10:00", "2023-07-01"),
    ("2023-07-01T08:00:00+08:00", "2023-07-01"),
    ("2023年2月30日", ""),
    ("七月一日", ""),
    ("", ""),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# ------------------------------------------------------------ page splitting

TWO_HEADED = """云溪县青石镇

青石镇：小山村走上致富路

本报记者 李青 通讯员 王白

今年以来，青石镇坚持党建引领，白马村、红岭村新修产业道路12公里。

青石镇党委负责人介绍，全镇今年新增合作社8家，带动农户增收。

东湖街道：老旧小区换新颜

本报记者 赵明 2024年4月2日

近日，东湖街道启动老旧小区改造工程，涉及居民1200户。

东湖街道还新建了社区食堂两处，方便老年人就餐。

责任编辑：陈东
"""

TWO_LEADS = """白马村召开村民代表大会

本报讯（记者 李青）3月5日，白马村召开村民代表大会，审议通过了村规民约修订稿。

会议还选举产生了新一届村务监督委员会。

红岭村启动人居环境整治

本报讯（通讯员 王白）日前，红岭村启动人居环境整治行动，清理垃圾40余吨。

村里还组建了志愿服务队。
"""

HEADLINE_BELOW = """云溪县青石镇

党建引领 青石镇绘就振兴新图景

本报记者 李青

今年以来，青石镇坚持党建引领，推动乡村振兴取得新成效。青石镇党委把产业发展作为头等大事。

青石镇新建蔬菜大棚200座，带动300户群众增收。

青石镇还完善了村级活动阵地，群众满意度明显提升……

省级卫生乡镇、市级文明单位……一系列荣誉接踵而来。近年来，云溪县东湖街道坚持以人民为中心，东湖街道的面貌焕然一新。

东湖街道新建口袋公园5个，改造背街小巷12条。

东湖街道持续推进平安建设，群众安全感持续提升。



东湖街道开展“邻里节”活动，居民参与热情高涨。

幸福东湖 步步向前
"""

GAP_AND_LEAD = """青石镇举办农民丰收节

9月23日，青石镇举办农民丰收节，展销农产品50余种。

现场还举行了农技知识竞赛。



白马村建成光伏电站

近日，白马村屋顶光伏电站并网发电，年发电量约40万千瓦时。

电站收益将用于村内公益事业。
"""


@pytest.mark.parametrize("page, titles, bylines, dates, firsts", [
    (TWO_HEADED,
     ["青石镇：小山村走上致富路", "东湖街道：老旧小区换新颜"],
     ["本报记者 李青 通讯员 王白", "本报记者 赵明 2024年4月2日"],
     ["", "2024-04-02"],
     ["云溪县青石镇", "东湖街道：老旧小区换新颜"]),
    (TWO_LEADS,
     ["白马村召开村民代表大会", "红岭村启动人居环境整治"], ["（记者 李青）", "（通讯员 王白）"], ["", ""],
     ["白马村召开村民代表大会", "红岭村启动人居环境整治"]),
    (HEADLINE_BELOW,
     ["党建引领 青石镇绘就振兴新图景", "幸福东湖 步步向前"], ["本报记者 李青", ""], ["", ""],
     ["云溪县青石镇", "幸福东湖 步步向前"]),
    (GAP_AND_LEAD,
     ["青石镇举办农民丰收节", "白马村建成光伏电站"], ["", ""], ["", ""],
     ["青石镇举办农民丰收节", "白马村建成光伏电站"]),
])
def test_a_page_with_two_reports_is_split(page, titles, bylines, dates, firsts):
    got = articles_from_text(page, "pages/p.txt")
    for a in got:
        assert_offsets(a)
    assert [a.title for a in got] == titles
    assert [a.byline for a in got] == bylines
    assert [a.date for a in got] == dates
    assert [a.text.split("\n")[0] for a in got] == firsts
    assert [(a.id, a.index, a.source) for a in got] == [("p-0", 0, "pages/p.txt"), ("p-1", 1, "pages/p.txt")]
    assert all(a.title in a.text for a in got)
    assert not any(b and b in a.text.split("\n\n") for a in got for b in bylines)
    assert not any("责任编辑" in a.text for a in got)


def test_the_headline_below_moves_to_the_front_and_the_body_stays_whole():
    first, second = articles_from_text(HEADLINE_BELOW, "p.txt")
    assert first.text.endswith("群众满意度明显提升……")
    assert second.text.startswith("幸福东湖 步步向前\n\n省级卫生乡镇、市级文明单位……")
    assert second.text.endswith("居民参与热情高涨。")
    assert "东湖" not in first.text and "青石镇" not in second.text


SUBHEADINGS_AND_CAPTION = """红岭村：小庭院里的大产业

本报记者 李青

红岭村位于云溪县西部，全村共有农户560户。近年来，红岭村大力发展庭院经济。



村民在庭院里采摘葡萄。

一、发展特色种植

村里引导农户种植葡萄、草莓等经济作物，户均增收8000元。

二、壮大集体经济

红岭村成立了劳务合作社，青石镇政府给予了资金扶持。

红岭村村民委员会

2024年5月20日
"""

TWO_TOWNS_ONE_REPORT = """云溪县两镇携手发展

本报记者 李青

青石镇今年新建蔬菜大棚200座。青石镇还引进了农产品加工企业。

青石镇的经验是抓住产业不放松。

白马镇则把文旅融合作为突破口。白马镇新建民宿30家。

白马镇的游客接待量同比增长三成。
"""

SLOGAN_AT_THE_END = """青石镇：党员志愿服务常态化

本报记者 李青

青石镇组建党员志愿服务队12支，常态化开展助老助残服务。

青石镇党员志愿者今年累计服务群众5000余人次。

青石镇还评选表彰了一批优秀志愿者。

学习身边榜样 争做时代新人
"""

HEADLESS_WITH_TITLE_BELOW = """今年以来，东湖街道聚焦群众关切，新增养老床位200张。

东湖街道还开通了社区助餐点，老年人吃饭更方便。

居民纷纷点赞。

东湖街道：让老人安享幸福晚年
"""

NO_GAP_BEFORE_SECOND_HEADLINE = GAP_AND_LEAD.replace("\n\n\n\n", "\n\n")


@pytest.mark.parametrize("page, title, date", [
    (SUBHEADINGS_AND_CAPTION, "红岭村：小庭院里的大产业", "2024-05-20"),
    (TWO_TOWNS_ONE_REPORT, "云溪县两镇携手发展", ""),
    (SLOGAN_AT_THE_END, "青石镇：党员志愿服务常态化", ""),
    (HEADLESS_WITH_TITLE_BELOW, "东湖街道：让老人安享幸福晚年", ""),
    (NO_GAP_BEFORE_SECOND_HEADLINE, "青石镇举办农民丰收节", ""),
    ("白马村新建文化广场一座。\n", "", ""),
    ("白马村新建文化广场一座。\n\n广场占地五亩。\n\n村民有了休闲去处。\n\n白马村村委会 2024年6月1日", "", "2024-06-01"),
    ("青石镇开展义诊活动。\n\n镇卫生院派出医生十名。\n\n服务群众三百人次。\n\n咨询电话 0000-1234567", "", ""),
    ("通知\n\n本周六上午，白马村村委会组织义务植树，请村民准时参加。\n\n白马村村民委员会\n\n2024年3月8日",
     "通知", "2024-03-08"),
])
def test_a_single_report_stays_one_article(page, title, date):
    (a,) = articles_from_text(page, "one.txt")
    assert_offsets(a)
    assert a.title == title
    assert a.date == date


def test_single_report_text_keeps_every_body_paragraph():
    (a,) = articles_from_text(SUBHEADINGS_AND_CAPTION, "one.txt")
    assert a.text.split("\n\n") == [
        "红岭村：小庭院里的大产业",
        "红岭村位于云溪县西部，全村共有农户560户。近年来，红岭村大力发展庭院经济。",
        "村民在庭院里采摘葡萄。", "一、发展特色种植",
        "村里引导农户种植葡萄、草莓等经济作物，户均增收8000元。", "二、壮大集体经济",
        "红岭村成立了劳务合作社，青石镇政府给予了资金扶持。", "红岭村村民委员会"]
    (b,) = articles_from_text(HEADLESS_WITH_TITLE_BELOW, "one.txt")
    assert b.text.startswith("东湖街道：让老人安享幸福晚年\n\n今年以来")


def test_split_false_keeps_one_article():
    (a,) = articles_from_text(TWO_HEADED, "x.txt", split=False)
    assert a.title == "青石镇：小山村走上致富路"
    assert "东湖街道：老旧小区换新颜" in a.text


@pytest.mark.parametrize("text", ["", "   \n\t\n", "。。。！！！\n——\n", "\ufeff", "\n\n\n"])
def test_empty_and_punctuation_only_files_give_no_articles(tmp_path, text):
    f = tmp_path / "empty.txt"
    f.write_text(text, encoding="utf-8")
    assert list(iter_file(f)) == []


# -------------------------------------------------------------- the seed page

def test_seed_page_holds_two_articles():
    first, second = read_file(SEED)
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert second.title == lines[-1]
    assert second.text.startswith(lines[-1] + "\n\n")
    assert first.title == lines[1]
    assert first.text.startswith(lines[0] + "\n\n" + lines[1] + "\n\n")
    assert "记者" in first.byline and "通讯员" in first.byline
    assert lines[2] not in first.text
    assert "不法分子；" in second.text and "不法分\n" not in second.text
    assert [a.id for a in (first, second)] == [f"{SEED.stem}-0", f"{SEED.stem}-1"]
    for a in (first, second):
        assert_offsets(a)
    # the second report starts with the paragraph that follows the first report's last one
    last = next(i for i, line in enumerate(lines) if first.text.endswith(line))
    assert second.text.split("\n\n")[1] == lines[last + 1]


# ----------------------------------------------------------------- JSONL

def test_jsonl_bad_lines_are_reported_and_the_others_kept(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "qs-1", "title": "青石镇简讯", "date": "2023年7月1日",
                    "url": "https://example.org/1", "text": "青石镇召开会议。"}, ensure_ascii=False),
        '{"text": "白马村 broken',
        '{"text": "白马村\\ud800新建桥梁。"}',
        "[1, 2]",
        '{"text": 5}',
        json.dumps({"id": "qs-1", "text": "重复的编号。"}, ensure_ascii=False),
        "",
        json.dumps({"id": 42, "text": "东湖街道开展义诊。\r\n居民受益。", "date": "2024/03/05",
                    "source": "https://example.org/8"}, ensure_ascii=False),
        json.dumps({"text": "   "}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_paths([f]))
    got = articles(items)
    assert [a.id for a in got] == ["qs-1", "feed-3", "42"]
    qs, surrogate, donghu = got
    assert (qs.title, qs.date, qs.url, qs.source) == ("青石镇简讯", "2023-07-01", "https://example.org/1", str(f))
    assert qs.text == "青石镇简讯\n\n青石镇召开会议。"
    assert surrogate.text == "白马村\ufffd新建桥梁。"
    assert (donghu.date, donghu.url) == ("2024-03-05", "https://example.org/8")
    assert [s.text for s in donghu.sentences] == ["东湖街道开展义诊。", "居民受益。"]
    assert [a.index for a in got] == [0, 1, 2]
    bad = errors(items)
    assert [e.message.split(":")[0] for e in bad] == ["line 2", "line 4", "line 5", "line 6"]
    assert all(e.file == str(f) and str(f) in str(e) for e in bad)
    assert "duplicate id" in bad[-1].message
    with pytest.raises(InputError, match="line 2"):
        read_file(f)


# ------------------------------------------------------------------- HTML

PAGE_HTML = """<!doctype html><html><head><meta charset="gbk">
<title>青石镇召开乡村振兴推进会 - 云溪新闻网</title>
<link rel="canonical" href="https://news.example.org/qs/1.html">
<meta name="publishdate" content="2023-07-03">
<style>.x { color: red }</style><script>var secret = "脚本里的文字";</script></head>
<body><nav><a href="/">首页</a> <a href="/news">新闻中心</a> <a>政务公开</a></nav>
<header><div class="logo">云溪新闻网 欢迎您</div></header>
<div class="main"><div class="content">
<h1>青石镇召开乡村振兴推进会</h1>
<p>本报讯（记者 李青）7月3日，青石镇召开<b>乡村振兴</b>工作推进会。</p>
<p>会议指出，全镇要以“五美乡村”创建为抓手，<a href="/t">持续改善</a>人居环境。</p>
<p>白马村、红岭村等12个行政村负责人参加会议。<br>会议时长两小时。</p>
</div><aside>热点推荐：别的新闻标题</aside></div>
<footer>版权所有 云溪新闻网</footer><script>alert("不应出现")</script></body></html>"""


def test_html_main_text_without_navigation_or_scripts(tmp_path):
    f = tmp_path / "page.html"
    f.write_bytes(PAGE_HTML.encode("gbk"))
    (a,) = articles(read_paths([f]))
    assert a.encoding == "gb18030"
    assert a.title == "青石镇召开乡村振兴推进会"
    assert a.url == "https://news.example.org/qs/1.html"
    assert a.date == "2023-07-03"
    for noise in ("首页", "新闻中心", "欢迎您", "脚本", "color", "不应出现", "热点推荐", "版权所有"):
        assert noise not in a.text
    assert [s.text for s in a.sentences] == [
        "青石镇召开乡村振兴推进会",
        "本报讯（记者 李青）7月3日，青石镇召开乡村振兴工作推进会。",
        "会议指出，全镇要以“五美乡村”创建为抓手，持续改善人居环境。",
        "白马村、红岭村等12个行政村负责人参加会议。",
        "会议时长两小时。",
    ]


def test_html_table_rows_stay_one_line_each():
    text, _, _, _ = html_to_text("<article><p>青石镇重点项目如下。</p><table><tr><th>项目</th><th>总投资</th></tr>"
                                 "<tr><td>青石镇污水处理厂</td><td>1.2亿元</td></tr>"
                                 "<tr><td>白马村文化广场建设工程</td><td>800万元</td></tr></table></article>")
    assert text.split("\n\n")[1:] == ["项目 | 总投资", "青石镇污水处理厂 | 1.2亿元", "白马村文化广场建设工程 | 800万元"]
    (a,) = articles_from_text(text, "t.html", split=False)
    assert [s.text for s in a.sentences][-2:] == ["青石镇污水处理厂 | 1.2亿元", "白马村文化广场建设工程 | 800万元"]


def test_html_without_paragraph_tags_and_deeply_nested():
    text, title, _, _ = html_to_text("<title>红岭村简讯</title><body>" + "<div>" * 5000
                                  + "红岭村修建水渠。<br>受益农田五百亩。" + "</div>" * 5000 + "</body>")
    assert title == "红岭村简讯"
    assert text == "红岭村修建水渠。\n受益农田五百亩。"


# --------------------------------------------------------------- Markdown

def test_markdown_front_matter_headings_and_inline_marks(tmp_path):
    f = tmp_path / "note.md"
    f.write_text("---\ntitle: 东湖街道简讯\ndate: 2024-03-05\n---\n\n# 东湖街道新建公园\n\n"
                 "**东湖街道**新建[口袋公园](http://x.example)一座。![图](a.png)\n\n"
                 "- 占地十亩\n- 投资`300万元`\n", encoding="utf-8")
    (a,) = read_file(f)
    assert a.title == "东湖街道简讯"
    assert a.date == "2024-03-05"
    assert a.text == "东湖街道简讯\n\n东湖街道新建公园\n\n东湖街道新建口袋公园一座。\n\n占地十亩\n\n投资300万元"


def test_markdown_table_rows_become_lines():
    text, _, _ = markdown_to_text("| 项目 | 总投资 |\n| --- | ---: |\n| 青石镇污水处理厂 | 1.2亿元 |")
    assert text == "项目 | 总投资\n\n青石镇污水处理厂 | 1.2亿元"


def test_markdown_first_heading_is_the_title():
    text, title, when = markdown_to_text("# 白马村召开村民大会\n\n会议审议了村规民约。")
    assert (text, title, when) == ("白马村召开村民大会\n\n会议审议了村规民约。", "白马村召开村民大会", "")


# ---------------------------------------------------------- files and folders

def test_folders_are_read_recursively_in_sorted_order(tmp_path):
    root = tmp_path / "in"
    for rel, content in {
        "b/2.txt": "白马村新建桥梁。", "a/1.md": "# 青石镇\n\n青石镇召开大会。", "a/skip.csv": "x,y",
        "a/z.htm": "<p>红岭村修建水渠。</p>", ".hidden/x.txt": "不读。", "c.jsonl": '{"text": "东湖街道义诊。"}',
        "A.TXT": "云溪县召开会议。", "README.md": "# 说明\n\n本目录存放新闻稿。", "b/LICENSE.txt": "版权说明。",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    got = articles(read_paths([root]))
    assert [Path(a.source).relative_to(root).as_posix() for a in got] == [
        "A.TXT", "a/1.md", "a/z.htm", "b/2.txt", "c.jsonl"]
    assert all(a.source.startswith(str(root)) for a in got)


def test_a_readme_named_explicitly_is_read(tmp_path):
    f = tmp_path / "README.md"
    f.write_text("# 白马村简介\n\n白马村位于云溪县东部。", encoding="utf-8")
    (a,) = articles(read_paths([f]))
    assert a.title == "白马村简介"


def test_an_explicit_file_with_another_extension_is_read_as_text(tmp_path):
    f = tmp_path / "notes.csv"
    f.write_text("青石镇,白马村\n东湖街道,柳岸社区", encoding="utf-8")
    (a,) = articles(read_paths([f]))
    assert a.id == "notes-0" and "白马村" in a.text


def test_a_missing_path_is_reported_and_reading_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("白马村新建桥梁。", encoding="utf-8")
    items = list(read_paths([tmp_path / "missing.txt", str(good)]))
    assert isinstance(items[0], InputError) and "missing.txt" in str(items[0])
    assert isinstance(items[1], Article) and items[1].source == str(good)


def test_read_paths_accepts_one_path(tmp_path):
    good = tmp_path / "one.txt"
    good.write_text("白马村新建桥梁。", encoding="utf-8")
    assert [a.id for a in read_paths(good)] == ["one-0"]


# --------------------------------------------------------------- properties

TRICKY = list("青石镇白马村東湖街道臺區砦㮾𠀀　 \t\n\r\x00\x07\ufeff\u2028。，；！？!?;：“”「」（）…—ＡＢ１２") + [
    "\ud800", "\udfff", "\ufffd", "\U0010ffff", "\u0301", "\x85"]
texts = st.text(alphabet=st.one_of(st.sampled_from(TRICKY), st.characters()), max_size=300)


@settings(deadline=None, max_examples=300)
@given(texts)
def test_normalise_keeps_length(text):
    norm = normalise(text)
    assert len(norm) == len(text)
    assert all(n == c for c, n in zip(text, norm) if c.isascii() and c.isalnum())


@settings(deadline=None, max_examples=300)
@given(texts)
def test_every_sentence_slices_its_article(text):
    for a in articles_from_text(text, "random.txt"):
        assert_offsets(a)
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


PIECES = ["云溪县青石镇", "青石镇：小山村走上致富路", "本报记者 李青 通讯员 王白", "责任编辑：陈东", "2024年5月20日",
          "今年以来，青石镇新建道路十公里。", "东湖街道新建口袋公园5个，改造背街小巷12条", "子；村民纷纷点赞。",
          "本报讯（记者 李青）3月5日，白马村召开村民代表大会。", "近日，红岭村启动人居环境整治。", "一、发展特色种植",
          "幸福东湖 步步向前", "项目 | 总投资", "（完）", "……", "臺灣區砦", "ＡＢ１２", "㮾梨街道𠀀"]
pages = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n"])),
                 max_size=40).map(lambda parts: "".join(p + gap for p, gap in parts))


@settings(deadline=None, max_examples=300)
@given(pages)
def test_random_pages_keep_offsets_and_unique_ids(page):
    got = articles_from_text(page, "pages/random.txt")
    for a in got:
        assert_offsets(a)
    assert len({a.id for a in got}) == len(got)
    assert [a.index for a in got] == list(range(len(got)))


@pytest.mark.parametrize("raw, expected", [
    ("福嶺鎮(zhèn)白馬(mǎ)村(cūn)獲評全國文明村。", "福嶺鎮白馬村獲評全國文明村。"),
    ("青石镇（zhen）修路", "青石镇修路"),
    ("修路12公里(km)，实施PPP(ppp)模式，获评(AAA级)景区", "修路12公里(km)，实施PPP(ppp)模式，获评(AAA级)景区"),
    ("青石镇(2023)修路", "青石镇(2023)修路"),
])
def test_pinyin_glosses_are_stripped_from_articles(raw, expected):
    assert strip_pinyin(raw) == expected
    assert [a.text for a in iter_articles(raw, "in/a.txt")] == [expected]
