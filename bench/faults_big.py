"""Big-input fault bench (issue 5, case 6): a large file and a million-character line.

Generates, in a work folder, ``big.txt`` (``--size-mb`` megabytes of UTF-8: short reports
with headlines and bylines, in governance style with invented names; ``--one-article`` makes
it one endless report instead) and ``longline.txt`` (one line of ``--line-chars`` CJK
characters without any punctuation), runs ``python -m kg build`` on each into its own
store, and prints one JSON object per input: exit code, seconds, peak resident memory of
the build process (``wait4`` rusage, MiB), articles written and failures.

    python bench/faults_big.py                 # 50 MB and 1,000,000 characters
    python bench/faults_big.py --size-mb 5     # what tests/test_faults.py runs
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Invented name parts: none is a place of the seed article.
_FIRST = "青白红黄蓝紫金银松柏桃李杏梅兰竹菊云雾霞虹星月日风雨雪霜泉溪湖海江河山岭峰岗坡"
_SECOND = "石马牛羊鹤燕雁鹰龙凤虎豹林森苑园庄屯堡寨塘湾洲渚浦滩桥亭阁楼台塔门城"
_TEMPLATES = (
    "{county}县{town}镇{village}村新建{park}文化广场，总投资{n}万元。",
    "{town}镇荣获“省级文明镇”称号，{village}村被评为“美丽乡村示范村”。",
    "{street}街道推行“网格长制”，全年走访群众{n}余次，化解矛盾纠纷{m}起。",
    "{county}县{park}产业园项目总投资{n}亿元，年度计划投资{m}亿元，目前已开工建设。",
    "{street}街道{village}社区深化“五星”支部创建，开展志愿服务{m}场。",
)
_NO_PUNCTUATION = "的一是在了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"


def _name(rng: random.Random) -> str:
    return rng.choice(_FIRST) + rng.choice(_SECOND)


_HEADLINES = ("{town}镇扎实推进乡村振兴", "{street}街道：小网格撬动大治理", "{county}县重点项目建设提速",
              "{town}镇{village}村走上致富路")
_REPORTERS = "李青王白张红赵明刘芳陈亮杨帆周静"


def _paragraph(rng: random.Random) -> str:
    return "".join(
        rng.choice(_TEMPLATES).format(county=_name(rng), town=_name(rng), village=_name(rng),
                                      street=_name(rng), park=_name(rng), n=rng.randint(2, 900),
                                      m=rng.randint(2, 90))
        for _ in range(rng.randint(2, 6)))


def write_big(path: Path, size: int, *, one_article: bool = False, seed: int = 7) -> None:
    """About ``size`` bytes: a newspaper archive of short reports, each a headline, a byline
    and a few paragraphs; or, with ``one_article``, one endless report with no headline."""
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            if one_article:
                block = _paragraph(rng) + "\n"
            else:
                names = dict(county=_name(rng), town=_name(rng), village=_name(rng),
                             street=_name(rng))
                reporter = "".join(rng.sample(_REPORTERS, 2))
                block = (f"{rng.choice(_HEADLINES).format(**names)}\n本报记者 {reporter}\n"
                         + "\n".join(_paragraph(rng) for _ in range(rng.randint(3, 8))) + "\n\n")
            out.write(block)
            written += len(block.encode("utf-8"))


def write_long_line(path: Path, chars: int, seed: int = 11) -> None:
    """One line of ``chars`` CJK characters and nothing else: no punctuation, no newline."""
    rng = random.Random(seed)
    path.write_text("".join(rng.choices(_NO_PUNCTUATION, k=chars)), encoding="utf-8")


def run_build(path: Path, store: Path, jobs: int = 1) -> dict:
    """``kg build`` in a child process; its peak RSS from wait4 (with ``jobs`` > 1, the
    largest of the writer and its workers, which wait4 reports for the whole tree)."""
    log = store.with_suffix(".log")
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(path), "--store", str(store),
             "--jobs", str(jobs)],
            stdout=out, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parent.parent)
        # wait4, not Popen.wait: only wait4 gives this child's own peak memory.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    return {"input": path.name, "bytes": path.stat().st_size, "exit": child.returncode,
            "seconds": round(seconds, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "output": log.read_text(encoding="utf-8").strip()[-2000:]}


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("--size-mb", type=float, default=50.0)
    cli.add_argument("--line-chars", type=int, default=1_000_000)
    cli.add_argument("--one-article", action="store_true",
                     help="the big file as one report without headlines (cut at 200,000 chars)")
    cli.add_argument("--jobs", type=int, default=1, help="kg build --jobs")
    cli.add_argument("--workdir", type=Path, help="keep inputs and stores here")
    args = cli.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-faults-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        big, line = work / "big.txt", work / "longline.txt"
        write_big(big, int(args.size_mb * 1024 * 1024), one_article=args.one_article)
        write_long_line(line, args.line_chars)
        results = [run_build(big, work / "store-big", args.jobs),
                   run_build(line, work / "store-line", args.jobs)]
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    return 0 if all(r["exit"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
