"""Generate a large, valid format-1 issue file of clearly synthetic text.

The text is recombined from a short list of sentences written for this
purpose (about an invented town); nothing is copied from a real paper. The
same seed gives the same file, so figures from different runs are comparable.

Use it as a function (:func:`generate_issue`, :func:`write_issue`) or from the
command line::

    python benchmarks/generate_issue.py OUT.yaml --articles 1000
    python benchmarks/generate_issue.py OUT.yaml --articles 21 --body-chars 50000

By default 1,000 articles make a file of about 5 MB: sections of 20 articles,
bodies of 600 to 2,800 characters with subheads, photos, notes, bylines and
closing credits.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

# Thirty sentences written for the benchmark, about an invented town. They are
# recombined at random, so the articles read as obvious filler.
SENTENCES = (
    "示例市今年新建的社区图书馆已经向居民开放，每天接待读者三百余人次。",
    "在城东的试验田里，农技人员正忙着记录新品种玉米的出苗情况。",
    "据测算，这条新修的环湖步道全长12.6公里，沿途设置了八处休息点。",
    "样本县把“小事不出村”作为目标，每个村都配备了一名调解员。",
    "记者走访发现，不少老旧小区的楼道灯已经换成了声控节能灯。",
    "活动现场，志愿者为前来咨询的老人讲解如何在手机上预约挂号。",
    "这所乡村小学的操场去年铺上了塑胶跑道，孩子们的体育课更丰富了。",
    "负责人介绍，项目建成后每年可减少约四千吨二氧化碳排放。",
    "夜市重新开张的第一天，街边的小吃摊前排起了长队。",
    "为方便群众办事，政务大厅推出了“一窗受理、集成服务”的新模式。",
    "春耕时节，合作社统一采购的化肥和种子已经分发到各家各户。",
    "今年夏天河道清淤工程完成后，岸边又能看到白鹭觅食的身影。",
    "在非遗传承人的指导下，学员们用彩纸剪出了一幅幅生动的窗花。",
    "一位在外打拼多年的青年回到家乡，办起了一家电商服务站。",
    "截至上月底，全县累计发放创业担保贷款2.3亿元，惠及一千余户。",
    "社区医生每周两次上门，为行动不便的居民测量血压和血糖。",
    "文化馆的排练厅里，合唱团正在为年底的汇报演出做最后准备。",
    "据气象部门预报，未来三天本地将迎来一次明显的降温过程。",
    "工作人员提醒，市民可以通过官方App查询公交车的实时位置。",
    "新落成的体育公园里，篮球场、羽毛球场和儿童游乐区一应俱全。",
    "他说：“只要大家拧成一股绳，再难的事情也能办成。”",
    "《示例日报》读者来信中反映的停车难问题，已列入今年的民生实事。",
    "这家老字号面馆已经传到第三代，招牌牛肉面的做法始终没有改变。",
    "在养老服务中心，老人们可以下棋、读报，中午还能吃上热乎的饭菜。",
    "林场职工每年春秋两季巡山护林，累计行程超过一万公里。",
    "该镇引进的5G智慧大棚，可以根据温度和湿度自动调节通风。",
    "图书漂流活动开展以来，已有两千多册图书在居民之间传阅。",
    "交警部门在学校周边增设了减速带和警示标志，保障学生出行安全。",
    "傍晚时分，广场上跳舞的人群和散步的家庭让这里格外热闹。",
    "记者了解到，相关部门将继续跟踪评估，适时调整有关措施。",
)

TOPICS = (
    "社区图书馆",
    "环湖步道",
    "乡村小学",
    "政务大厅",
    "合作社",
    "体育公园",
    "养老服务中心",
    "智慧大棚",
    "老旧小区",
    "夜市",
    "林场",
    "文化馆",
)
ACTIONS = (
    "迎来新变化",
    "服务再升级",
    "办好民生实事",
    "让群众更方便",
    "跑出加速度",
    "绘就新图景",
    "答好民生卷",
    "添彩美好生活",
)
KICKERS = ("示例市融媒体中心", "样本县", "城东街道", "示例市文旅局", "合成新闻社区")
COLUMNS = ("基层一线", "民生关注", "走基层", "身边的变化")
SECTION_TITLES = ("要闻", "综合", "民生", "经济", "文化", "社会", "体育", "副刊")
SURNAMES = "林周吴郑王冯陈何吕施张孔曹严华金"
GIVEN = ("一帆", "小禾", "晓晴", "子墨", "明远", "雨桐", "安然", "思源", "若溪", "文博")
ROLES = ("记者", "本报记者", "通讯员", "特约通讯员")
NOTE_LABELS = ("编者按", "核心阅读", None)

# Scalars that are safe to write unquoted: no indicator at the start, no ": " or
# " #", no flow characters, nothing YAML would read as another type.
_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_CHARS = re.compile(r"[,\[\]{}]")


def _scalar(text: str, *, flow: bool = False) -> str:
    """The YAML form of a text: plain when unambiguous, else double-quoted (JSON)."""
    plain_ok = (
        text
        and text[0] not in _PLAIN_UNSAFE_START
        and not text[0].isdigit()
        and ": " not in text
        and " #" not in text
        and "\n" not in text
        and not text.endswith((":", " "))
        and not (flow and _FLOW_CHARS.search(text))
        and any(ord(ch) > 0x2E7F for ch in text)  # holds CJK: never a bool or number
    )
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


class _Writer:
    """Builds the synthetic text and the YAML lines of one issue."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.out: list[str] = []

    def line(self, indent: int, text: str) -> None:
        self.out.append(" " * indent + text)

    def paragraph(self, chars: int) -> str:
        """Whole sentences until at least ``chars`` characters."""
        parts: list[str] = []
        total = 0
        while total < chars:
            sentence = self.rng.choice(SENTENCES)
            parts.append(sentence)
            total += len(sentence)
        return "".join(parts)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def credit(self, role: str | None) -> str:
        names = ", ".join(_scalar(self.name(), flow=True) for _ in range(self.rng.randint(1, 2)))
        if role is None:
            return f"{{names: [{names}]}}"
        return f"{{role: {_scalar(role, flow=True)}, names: [{names}]}}"

    def body(self, chars: int, indent: int) -> None:
        """Body blocks totalling about ``chars`` characters of text."""
        rng = self.rng
        self.line(indent, "body:")
        item = indent + 2
        written = 0
        if chars >= 1_000 and rng.random() < 0.35:
            label = rng.choice(NOTE_LABELS)
            note = self.paragraph(rng.randint(60, 120))
            entry = f"- {{note: {_scalar(note, flow=True)}"
            entry += f", label: {_scalar(label, flow=True)}}}" if label else "}"
            self.line(item, entry)
            written += len(note) + len(label or "")
        if rng.random() < 0.4:
            caption = self.paragraph(rng.randint(20, 50))
            self.line(item, "- photo:")
            self.line(item + 4, f"caption: {_scalar(caption)}")
            self.line(item + 4, f"credit: {_scalar(self.name() + '摄')}")
            self.line(item + 4, f"file: photos/p{rng.randint(1, 9999):04d}.jpg")
            written += len(caption) + 3
        paragraphs = 0
        while written < chars:
            if paragraphs and paragraphs % 6 == 0 and chars - written > 600:
                subhead = rng.choice(TOPICS) + rng.choice(ACTIONS)
                self.line(item, f"- subhead: {_scalar(subhead)}")
                written += len(subhead)
            text = self.paragraph(min(rng.randint(80, 400), max(1, chars - written)))
            if written + len(text) > chars:
                # Trim the last paragraph so the body holds ``chars`` characters.
                text = text[: max(1, chars - written - 1)] + "。"
            self.line(item, f"- {_scalar(text)}")
            written += len(text)
            paragraphs += 1

    def article(self, number: int, section: int, chars: int) -> None:
        rng = self.rng
        self.line(6, f"- id: s{section + 1:02d}-a{number:04d}")
        self.line(8, f"headline: {_scalar(rng.choice(TOPICS) + ' ' + rng.choice(ACTIONS))}")
        if rng.random() < 0.5:
            self.line(8, f"kicker: {_scalar(rng.choice(KICKERS))}")
        if rng.random() < 0.2:
            self.line(8, f"column: {_scalar(rng.choice(COLUMNS))}")
        if rng.random() < 0.15:
            self.line(8, f"subheadline: {_scalar(self.paragraph(15).rstrip('。'))}")
        if rng.random() < 0.7:
            self.line(8, f"dateline: {_scalar(rng.choice(('本报讯', '本报示例市电')))}")
        if rng.random() < 0.8:
            self.line(8, "byline:")
            for _ in range(rng.randint(1, 2)):
                self.line(10, f"- {self.credit(rng.choice(ROLES))}")
        self.body(chars, 8)
        if rng.random() < 0.4:
            self.line(8, "credits:")
            self.line(10, f"- {self.credit(rng.choice((None, '摄')))}")


def generate_issue(
    articles: int = 1000,
    *,
    seed: int = 20260509,
    section_size: int = 20,
    body_chars: int | Sequence[int] | None = None,
) -> str:
    """The YAML text of a valid format-1 issue with ``articles`` synthetic articles.

    ``body_chars`` fixes the body length of every article (an int), or of each
    article in turn (a sequence, cycled); by default lengths vary from 600 to
    2,800 characters. Sections hold ``section_size`` articles.
    """
    if articles < 1 or section_size < 1:
        raise ValueError("articles and section_size must be at least 1")
    writer = _Writer(seed)
    rng = writer.rng
    writer.out += [
        "# A synthetic issue for paperread's benchmarks: sentences recombined at random.",
        "# Generated by benchmarks/generate_issue.py; not a real newspaper.",
        "paperread: 1",
        "paper: 合成测试日报（基准测试用，内容为随机拼接）",
        "date: 2026-05-09",
        "edition: 第1期（合成）",
        "language: zh-Hans",
        "source: benchmarks/generate_issue.py",
        "sections:",
    ]
    for number in range(articles):
        section = number // section_size
        if number % section_size == 0:
            title = SECTION_TITLES[section % len(SECTION_TITLES)]
            writer.line(2, f"- title: {_scalar(f'第{section + 1}版 {title}')}")
            writer.line(4, f'page: "{section + 1}"')
            writer.line(4, "articles:")
        if body_chars is None:
            chars = rng.randint(600, 2_800)
        elif isinstance(body_chars, int):
            chars = body_chars
        else:
            chars = body_chars[number % len(body_chars)]
        writer.article(number + 1, section, chars)
    return "\n".join(writer.out) + "\n"


def write_issue(path: str | Path, articles: int = 1000, **options: object) -> Path:
    """Write :func:`generate_issue` output to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(generate_issue(articles, **options), encoding="utf-8")  # type: ignore[arg-type]
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write one generated issue file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", metavar="OUT.yaml", help="file to write")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=20260509, help="random seed")
    parser.add_argument("--section-size", type=int, default=20, help="articles per section")
    parser.add_argument(
        "--body-chars", type=int, default=None, help="body length of every article (characters)"
    )
    args = parser.parse_args(argv)
    path = write_issue(
        args.out,
        args.articles,
        seed=args.seed,
        section_size=args.section_size,
        body_chars=args.body_chars,
    )
    size = path.stat().st_size
    print(f"{path}: {args.articles} articles, {size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
