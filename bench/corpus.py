"""An invented corpus for benchmarks: local-governance reports about an invented province.

A seeded random world (provinces → cities → districts → towns and subdistricts → villages
and communities, with honours, programmes, projects and companies) is written up as N
articles, each about one town or subdistrict, from sentence templates in the style of
county news pages. Entities recur across articles, as in a real corpus, so resolution
merges them and the graph grows to thousands of nodes. Every name is invented from a
character pool; the same seed always gives the same files.

With ``--realstyle SHARE`` (default 0.5) that share of the articles are instead the
real-style fixtures (``tests/fixtures/realstyle``: notices, lists, feature stories in the
forms real pages use) with their towns, villages and communities renamed per copy.

    python bench/corpus.py OUT_DIR --articles 2000 [--seed 1] [--realstyle 0.5]
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

# Characters that read as place names and seldom form everyday words together.
_PLACE = "青白云溪东柳红金银杏桃梅松竹凤鸣龙泉清兴隆安宁福寿永乐华平和丰双望岚翠枫榆槐莲荷蓝碧玉瑞祥泰康庆盛"
_SURNAMES = "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
_GIVEN = "建国志强海燕秀英丽华伟明军平红霞文博宇浩然思远晓东春梅新民"
_HONOUR_LEVEL = ("全国", "省级", "市级", "县级")
_HONOUR_THEME = ("文明", "卫生", "生态", "平安", "美丽乡村", "乡村治理", "民主法治", "森林", "绿色", "和谐")
_HONOUR_TYPE = ("示范村", "村", "先进集体", "示范乡镇")
_PROGRAM_HEAD = ("网格", "积分", "邻里", "红色", "清单", "楼栋", "院落", "乡贤", "数字")
_PROGRAM_TAIL = ("议事会", "管理制", "服务站", "工作法", "治理模式", "超市")
_INDUSTRY = ("农业科技", "建设工程", "文化旅游", "冷链物流", "新能源", "食品加工", "生态农业")
_PROJECT_TYPE = ("冷链物流园", "产业园", "污水处理厂", "养老服务中心", "文化广场", "安置房", "智慧农业基地",
                 "乡村振兴示范带", "农贸市场", "光伏电站")


@dataclass
class Place:
    name: str
    kind: str
    parent: Place | None = None
    children: list[Place] = field(default_factory=list)


@dataclass
class World:
    provinces: list[Place]
    towns: list[Place]          # towns and subdistricts: the subjects of articles
    honours: list[str]
    programs: list[str]
    companies: list[str]
    projects: list[str]


class _Names:
    """Unique invented name stems from the character pool."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        self.used: set[str] = set()

    def stem(self) -> str:
        # Two characters while they last (about 2,600 pairs), then three, as real names run.
        while True:
            length = 2 if len(self.used) < 1500 and self.rnd.random() < 0.7 else 3
            stem = "".join(self.rnd.sample(_PLACE, length))
            if stem not in self.used:
                self.used.add(stem)
                return stem



def person(rnd: random.Random) -> str:
    return rnd.choice(_SURNAMES) + "".join(rnd.sample(_GIVEN, 2))


def make_world(rnd: random.Random, *, provinces: int = 2, cities: int = 4, districts: int = 5,
               towns: int = 10, villages: int = 12) -> World:
    names = _Names(rnd)
    subjects: list[Place] = []
    roots = []
    for _ in range(provinces):
        province = Place(names.stem() + "省", "Province")
        roots.append(province)
        for _ in range(cities):
            city = Place(names.stem() + "市", "City", province)
            province.children.append(city)
            for d in range(districts):
                district = Place(names.stem() + ("区" if d % 2 else "县"), "District", city)
                city.children.append(district)
                for t in range(towns):
                    urban = t % 4 == 3
                    town = Place(names.stem() + ("街道" if urban else ("镇" if t % 3 else "乡")),
                                 "Subdistrict" if urban else "Town", district)
                    district.children.append(town)
                    subjects.append(town)
                    for _ in range(villages):
                        town.children.append(Place(names.stem() + ("社区" if urban else "村"),
                                                   "Community" if urban else "Village", town))
    honours = [f"{lv}{th}{ty}" for lv in _HONOUR_LEVEL for th in _HONOUR_THEME for ty in _HONOUR_TYPE]
    programs = [f"{h}{t}" for h in _PROGRAM_HEAD for t in _PROGRAM_TAIL]
    companies = [f"{names.stem()}{rnd.choice(_INDUSTRY)}有限公司" for _ in range(len(subjects))]
    projects = [f"{names.stem()}{rnd.choice(_PROJECT_TYPE)}" for _ in range(2 * len(subjects))]
    return World(roots, subjects, honours, programs, companies, projects)


def _chain(place: Place) -> str:
    """The district, city and province above a town, written the way reports open."""
    district = place.parent
    return f"{district.parent.parent.name}{district.parent.name}{district.name}{place.name}"


def article(rnd: random.Random, world: World) -> str:
    """One report about a town or subdistrict: title, byline, then five to eight paragraphs."""
    town = rnd.choice(world.towns)
    villages = rnd.sample(town.children, k=min(len(town.children), rnd.randint(2, 4)))
    v1, v2 = villages[0].name, villages[1].name
    honour = rnd.choice(world.honours)
    program = rnd.choice(world.programs)
    project = rnd.choice(world.projects)
    company = rnd.choice(world.companies)
    year = rnd.randint(2019, 2024)
    amount = rnd.randint(12, 980) / 10
    title = rnd.choice((f"{town.name}：党建引领绘就乡村振兴新画卷",
                        f"{town.parent.name}{town.name}扎实推进基层治理现代化",
                        f"聚力项目建设 {town.name}跑出发展加速度"))
    paragraphs = [
        f"近日，{_chain(town)}召开{year}年度重点工作推进会，总结经验、部署任务。",
        f"{town.name}{v1}、{v2}等{len(villages)}个村荣获“{honour}”称号。",
        f"今年以来，{town.name}深入推行“{program}”，累计走访群众{rnd.randint(200, 9000)}户，"
        f"化解矛盾纠纷{rnd.randint(10, 400)}件。",
        f"{project}项目位于{town.name}{v1}，由{company}承建，总投资{amount}亿元，"
        f"预计{year + 1}年建成投用。",
        f"“我们把群众的事当作自己的事。”{v2}党支部书记{person(rnd)}说。",
    ]
    for village in villages[2:]:
        paragraphs.append(f"{town.name}{village.name}依托特色产业，建成农产品展销中心，"
                          f"带动{rnd.randint(50, 900)}户群众增收。")
    if rnd.random() < 0.5:
        other = rnd.choice(world.honours)
        paragraphs.append(f"{town.name}先后获评“{other}”“{rnd.choice(world.honours)}”等荣誉。")
    body = paragraphs[1:]
    rnd.shuffle(body)
    byline = f"本报记者{person(rnd)} 通讯员{person(rnd)}"
    return "\n\n".join([title, byline, paragraphs[0], *body]) + "\n"


REALSTYLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "realstyle"
# Unit kinds whose names a real-style template gets new invented ones for, with the
# suffixes they keep; the districts, cities and provinces above stay (they are real
# divisions the gazetteer knows, as in real reports).
_RENAMED = {"Town": ("镇", "乡"), "Subdistrict": ("街道",), "Village": ("村",),
            "Community": ("社区",)}


def realstyle_templates() -> list[tuple[str, list[str]]]:
    """Each real-style fixture's text and the names of its towns, villages and
    communities (from its gold file), longest first."""
    templates = []
    for text_file in sorted(REALSTYLE.glob("*.txt")):
        gold = text_file.with_suffix(".gold.json")
        names: set[str] = set()
        if gold.exists():
            for entity in json.loads(gold.read_text(encoding="utf-8")).get("entities", []):
                if entity.get("type") in _RENAMED:
                    names.update([entity["name"], *entity.get("aliases", [])])
        templates.append((text_file.read_text(encoding="utf-8"),
                          sorted(names, key=lambda name: (-len(name), name))))
    return templates


def realstyle_article(rnd: random.Random, names: _Names, template: tuple[str, list[str]]) -> str:
    """A real-style report with its towns, villages and communities renamed (suffixes kept),
    so that copies of one template describe different places and the graph grows."""
    text, renamed = template
    mapping = {}
    for name in renamed:
        suffix = next((x for xs in _RENAMED.values() for x in xs if name.endswith(x)), "")
        mapping[name] = names.stem() + suffix
    if not mapping:
        return text
    pattern = re.compile("|".join(map(re.escape, mapping)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def write_corpus(out: Path, articles: int, *, seed: int = 1,
                 realstyle: float = 0.0) -> tuple[int, int]:
    """Write ``articles`` files into ``out``; returns (files, characters). A share
    ``realstyle`` of them are real-style fixtures with places renamed, the rest invented."""
    rnd = random.Random(seed)
    world = make_world(rnd)
    templates = realstyle_templates() if realstyle else []
    names = _Names(random.Random(seed + 1))
    out.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(articles):
        if templates and rnd.random() < realstyle:
            text = realstyle_article(rnd, names, templates[i % len(templates)])
        else:
            text = article(rnd, world)
        (out / f"bench_{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return articles, chars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--realstyle", type=float, default=0.5,
                        help="share of real-style articles (fixtures with places renamed)")
    args = parser.parse_args(argv)
    files, chars = write_corpus(args.out, args.articles, seed=args.seed, realstyle=args.realstyle)
    print(f"wrote {files} articles, {chars} characters, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
