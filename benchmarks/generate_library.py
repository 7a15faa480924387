"""Generate a synthetic library: years of a daily paper, one issue file per day.

The text is clearly synthetic: about sixty sentence patterns written for this
purpose (an invented city and its invented districts), their slots filled from
word lists with a seeded ``random.Random``, plus a short English digest in
each issue so Latin words are there to search. Nothing is copied from a real
paper. The same seed gives the same library, and each issue has its own seed
(``seed + day``), so one more issue can be written later exactly as the full
run would have written it.

Default size: 10 years × 365 issues × 60 articles (about 219,000 stories)::

    python benchmarks/generate_library.py /tmp/paperread-library
    python benchmarks/generate_library.py /tmp/small --years 1 --days-per-year 30 --articles 12

Files go to ``OUT/<year>/synthetic-daily-<YYYY-MM-DD>.yaml``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import string
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PAPER = "合成日报（基准测试用，内容为随机生成）"
START = dt.date(2016, 1, 1)
SEED = 20260509

SENTENCES = (
    "{place}今年新建的{facility}已经向居民开放，每天接待群众{num}人次。",
    "在{place}的试验田里，{org}的技术人员正忙着记录{crop}的出苗情况。",
    "据测算，{place}新修的{facility}全长{dec}公里，沿途设置了{small}处休息点。",
    "{place}把“{slogan}”作为目标，每个社区都配备了一名{role}。",
    "记者走访{place}发现，不少老旧小区的{thing}已经换成了新的。",
    "活动现场，{org}的志愿者为前来咨询的老人讲解如何在手机上预约挂号。",
    "{place}的乡村小学去年铺上了塑胶跑道，孩子们的体育课更丰富了。",
    "{person}介绍，项目建成后每年可减少约{num}吨二氧化碳排放。",
    "{place}夜市重新开张的第一天，街边的{food}摊前排起了长队。",
    "为方便群众办事，{place}政务大厅推出了“{slogan}”的新模式。",
    "春耕时节，{org}统一采购的化肥和{crop}种子已经分发到各家各户。",
    "{place}河道清淤工程完成后，岸边又能看到{bird}觅食的身影。",
    "在非遗传承人{person}的指导下，学员们用彩纸剪出了一幅幅{adj}的窗花。",
    "一位在外打拼多年的青年回到{place}，办起了一家{business}。",
    "截至上月底，{place}累计发放创业担保贷款{dec}亿元，惠及{num}户。",
    "{org}的医生每周两次上门，为行动不便的居民测量血压和血糖。",
    "{place}文化馆的排练厅里，合唱团正在为年底的汇报演出做最后准备。",
    "据气象部门预报，未来三天{place}将迎来一次明显的{weather}过程。",
    "工作人员提醒，市民可以通过官方App查询{facility}的实时信息。",
    "新落成的{facility}里，篮球场、羽毛球场和儿童游乐区一应俱全。",
    "{person}说：“只要大家拧成一股绳，再难的事情也能办成。”",
    "读者来信中反映的{problem}问题，已列入{place}今年的民生实事。",
    "这家老字号{food}店已经传到第三代，招牌菜的做法始终没有改变。",
    "在{place}养老服务中心，老人们可以下棋、读报，中午还能吃上热乎的饭菜。",
    "{org}的职工每年春秋两季巡山护林，累计行程超过{num}公里。",
    "{place}引进的5G智慧大棚，可以根据温度和湿度自动调节通风。",
    "图书漂流活动开展以来，已有{num}册图书在{place}居民之间传阅。",
    "交警部门在{place}学校周边增设了减速带和警示标志，保障学生出行安全。",
    "傍晚时分，{place}广场上跳舞的人群和散步的家庭让这里格外热闹。",
    "记者了解到，{org}将继续跟踪评估，适时调整有关措施。",
    "{place}坚持抓党建、促发展，推动党建工作与{field}深度融合。",
    "{org}党支部开展“{slogan}”主题党日活动，{num}名党员参加。",
    "以党建引领基层治理，{place}探索出一条{adj}的新路子。",
    "{place}今年一季度GDP同比增长{dec}%，CPI保持温和上涨。",
    "{person}表示，{field}是{place}今后一个时期的工作重点。",
    "{place}举办{event}，吸引了来自各地的{num}名选手参加。",
    "据统计，{event}期间共接待游客{num}人次，实现旅游收入{dec}亿元。",
    "{org}组织专家深入{place}，为种植户讲解{crop}的病虫害防治知识。",
    "{place}的{business}负责人{person}说，订单已经排到了{month}月。",
    "今年以来，{place}新增城镇就业{num}人，完成全年目标的{small}成。",
    "{place}投入{dec}亿元实施{facility}改造工程，预计{month}月底完工。",
    "雨后的{place}空气清新，不少市民来到{facility}散步。",
    "{org}开展{field}专项检查，发现并整改问题{small}个。",
    "在{place}，{crop}迎来丰收，种植户{person}算了一笔增收账。",
    "{place}推行“{slogan}”，群众办事最多跑一次。",
    "{person}是{place}的一名{role}，在这个岗位上已经坚守了{small}年。",
    "通过VR远程教育平台，{place}的党员在家门口就能参加学习。",
    "{place}的AI识别摄像头能够自动发现占道经营和乱堆乱放。",
    "{org}与{place}签订合作协议，共同推进{field}。",
    "据介绍，{facility}采用了节能环保的设计，屋顶铺设了光伏板。",
    "{month}月{day}日，{place}举行{event}开幕式。",
    "本次{event}共设{small}个项目，比赛将持续{small}天。",
    "{place}的{food}节上，来自各地的游客品尝了地道的风味小吃。",
    "下一步，{place}将继续加大{field}力度，让群众有更多获得感。",
    "面对{weather}天气，{org}提前部署，确保道路畅通。",
    "{person}带领团队攻克了{crop}育种的技术难题。",
    "{place}首届{event}落下帷幕，{person}获得一等奖。",
    "在{place}的社区食堂，一份两荤一素的午餐只要{small}元。",
    "{org}为{place}的{num}户困难家庭送去了米、面、油等生活物资。",
    "“{slogan}”已经成为{place}干部群众的共识。",
)
ENGLISH = (
    "The city council of {place} approved a plan to open {small} new reading rooms this year.",
    "Volunteers in {place} planted {num} trees along the river on Saturday morning.",
    "A new bus line now links the railway station with the old town of {place}.",
    "Farmers in {place} say the {crop} harvest is the best in {small} years.",
    "The museum of {place} will stay open until nine in the evening during the festival.",
    "Officials said the water supply project would be finished before the end of {month}.",
    "Students from {place} won the regional science contest with a solar boat.",
    "The night market of {place} drew thousands of visitors over the weekend.",
    "A local library lends e-books through its App, and the service is free.",
    "The weather office expects rain in {place} for the next three days.",
    "Local companies reported that exports rose by {dec} percent in the first quarter.",
    "The health centre in {place} now offers evening hours for working parents.",
)
PLACE_CHARS = "东西南北清河山阳平安新兴永宁长乐和顺丰泰华康嘉禾明德春秋云台金水白石青松柳湾"
PLACE_KINDS = ("市", "县", "镇", "乡", "村", "街道", "社区", "开发区")
FACILITY = (
    "社区图书馆",
    "环湖步道",
    "体育公园",
    "文化广场",
    "便民服务中心",
    "口袋公园",
    "污水处理厂",
    "公交枢纽",
    "养老服务中心",
    "科技馆",
    "滨河绿道",
    "农贸市场",
)
ORGS = (
    "示例市农业农村局",
    "样本县卫健委",
    "城东街道办事处",
    "示例市文旅局",
    "合成新闻社区",
    "市林业和草原局",
    "县供销合作社",
    "市总工会",
    "团市委",
    "市妇联",
    "市科协",
)
CROPS = ("玉米", "大豆", "水稻", "小麦", "马铃薯", "葵花", "荞麦", "燕麦", "苜蓿", "辣椒")
FOODS = ("牛肉面", "烧卖", "羊肉汤", "油饼", "烤串", "豆腐脑", "馅饼", "奶茶", "酸菜饺子")
BIRDS = ("白鹭", "灰鹤", "野鸭", "天鹅", "喜鹊", "大雁")
WEATHER = ("降温", "降雨", "大风", "降雪", "高温", "雾霾")
SLOGANS = (
    "一窗受理、集成服务",
    "小事不出村",
    "红色家访",
    "党建+",
    "接诉即办",
    "网格化管理",
    "互联网+政务服务",
    "双报到双评议",
    "最多跑一次",
    "红蜻蜓计划",
)
ROLES = ("调解员", "网格员", "社区医生", "护林员", "乡村教师", "驻村干部", "快递员", "志愿者")
THINGS = ("楼道灯", "健身器材", "自来水管", "供暖管网", "信报箱", "电动车充电桩")
PROBLEMS = ("停车难", "充电难", "看病难", "入学难", "买菜远", "如厕难")
BUSINESSES = ("电商服务站", "民宿", "农家乐", "手工作坊", "物流中心", "直播基地")
FIELDS = (
    "乡村振兴",
    "生态保护",
    "营商环境优化",
    "基层治理",
    "安全生产",
    "文明城市创建",
    "数字政府建设",
    "党建工作",
    "民生保障",
    "科技创新",
)
EVENTS = (
    "马拉松比赛",
    "那达慕大会",
    "读书节",
    "美食节",
    "农民丰收节",
    "摄影展",
    "篮球联赛",
    "科普周",
    "非遗展演",
    "招聘会",
)
ADJS = ("生动", "别具一格", "可复制可推广", "行之有效", "富有特色")
SURNAMES = "林周吴郑王冯陈何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
GIVEN = (
    "一帆",
    "小禾",
    "晓晴",
    "子墨",
    "明远",
    "雨桐",
    "安然",
    "思源",
    "若溪",
    "文博",
    "海燕",
    "建国",
    "秀梅",
    "志强",
    "丽娜",
    "俊杰",
    "春华",
    "玉兰",
    "国庆",
    "丹丹",
)
SECTION_TITLES = ("要闻", "综合", "民生", "经济", "文化", "社会", "体育", "副刊")
HEAD_ACTIONS = (
    "迎来新变化",
    "服务再升级",
    "办好民生实事",
    "让群众更方便",
    "跑出加速度",
    "绘就新图景",
    "答好民生卷",
    "添彩美好生活",
    "走出新路子",
    "焕发新活力",
)
ENGLISH_PLACES = ("Riverside", "Eastgate", "North Hill", "Lakeview", "Old Town", "Sampleton")
MONTHS_EN = ("January", "March", "May", "July", "September", "November")
ENGLISH_CROPS = ("corn", "wheat", "rice", "potato")
_WORDS: dict[str, Sequence[str]] = {
    "facility": FACILITY,
    "org": ORGS,
    "crop": CROPS,
    "food": FOODS,
    "bird": BIRDS,
    "weather": WEATHER,
    "slogan": SLOGANS,
    "role": ROLES,
    "thing": THINGS,
    "problem": PROBLEMS,
    "business": BUSINESSES,
    "field": FIELDS,
    "event": EVENTS,
    "adj": ADJS,
}
_SLOTS = {
    template: tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)
    for template in SENTENCES + ENGLISH
}


class IssueWriter:
    """Writes the YAML text of one synthetic issue; all randomness from one seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        # Each issue's own set of places keeps the vocabulary growing over the years.
        self.places = [
            rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + rng.choice(PLACE_KINDS)
            for _ in range(8)
        ] + ["示例市", "样本县"]

    def person(self) -> str:
        """An invented name."""
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def _fill(self, template: str, english: bool = False) -> str:
        rng = self.rng
        slots = _SLOTS[template]
        if not slots:
            return template
        values: dict[str, str] = {}
        for name in slots:
            if name == "place":
                values[name] = rng.choice(ENGLISH_PLACES if english else self.places)
            elif name == "person":
                values[name] = self.person()
            elif name == "num":
                values[name] = str(rng.randint(20, 9_000))
            elif name == "dec":
                values[name] = f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"
            elif name == "small":
                values[name] = str(rng.randint(2, 12))
            elif name == "day":
                values[name] = str(rng.randint(1, 28))
            elif name == "month":
                values[name] = rng.choice(MONTHS_EN) if english else str(rng.randint(1, 12))
            elif name == "crop" and english:
                values[name] = rng.choice(ENGLISH_CROPS)
            else:
                values[name] = rng.choice(_WORDS[name])
        return template.format(**values)

    def paragraph(self, chars: int, english: bool = False) -> str:
        """Whole sentences until at least ``chars`` characters."""
        pool = ENGLISH if english else SENTENCES
        parts: list[str] = []
        total = 0
        while total < chars:
            sentence = self._fill(self.rng.choice(pool), english)
            parts.append(sentence)
            total += len(sentence)
        return (" " if english else "").join(parts)

    def article(self, out: list[str], ident: str, english: bool) -> None:
        """The YAML lines of one article."""
        rng = self.rng
        q = _quote
        if english:
            headline = self.paragraph(1, english=True).split(",")[0].rstrip(".")
        else:
            headline = rng.choice(self.places) + rng.choice(FIELDS) + rng.choice(HEAD_ACTIONS)
        out.append(f"      - id: {q(ident)}")
        out.append(f"        headline: {q(headline)}")
        if not english and rng.random() < 0.4:
            out.append(f"        kicker: {q(rng.choice(ORGS))}")
        if not english and rng.random() < 0.6:
            out.append(f"        dateline: {q(rng.choice(('本报讯', '本报示例市电')))}")
        if rng.random() < 0.8:
            role = "By" if english else rng.choice(("记者", "本报记者", "通讯员"))
            names = [rng.choice(ENGLISH_PLACES).split()[0] + " Lee"] if english else [self.person()]
            out.append(f"        byline: [{{role: {q(role)}, names: [{q(names[0])}]}}]")
        out.append("        body:")
        chars = rng.randint(300, 600) if english else rng.randint(300, 2_000)
        if not english and rng.random() < 0.3:
            caption = self.paragraph(20)
            out.append(f"          - photo: {{caption: {q(caption)}, credit: {q(self.person())}}}")
        written = 0
        while written < chars:
            if written and not english and rng.random() < 0.1:
                out.append(
                    f"          - subhead: {q(rng.choice(FIELDS) + rng.choice(HEAD_ACTIONS))}"
                )
            text = self.paragraph(rng.randint(80, 400), english)
            out.append(f"          - {q(text)}")
            written += len(text)

    def issue(self, day: dt.date, number: int, articles: int) -> str:
        """The whole issue file's text."""
        out = [
            "# A synthetic issue for paperread's benchmarks: invented text, randomly recombined.",
            "# Generated by benchmarks/generate_library.py; not a real newspaper.",
            "paperread: 1",
            f"paper: {_quote(PAPER)}",
            f"date: {day.isoformat()}",
            f"edition: {_quote(f'第{number}期')}",
            "language: zh-Hans",
            "sections:",
        ]
        english = min(3, max(0, articles // 10))  # an English digest closes larger issues
        chinese = articles - english
        per_section = max(1, -(-chinese // len(SECTION_TITLES)))
        for index in range(chinese):
            if index % per_section == 0:
                section = index // per_section
                out.append(f"  - title: {_quote(SECTION_TITLES[section % len(SECTION_TITLES)])}")
                out.append(f'    page: "{section + 1}"')
                out.append("    articles:")
            self.article(out, f"a{index + 1:03d}", english=False)
        if english:
            out.append('  - title: "English Digest"')
            out.append("    articles:")
            for index in range(english):
                self.article(out, f"en{index + 1:02d}", english=True)
        return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def issue_path(out: Path, day: dt.date) -> Path:
    """Where the issue of ``day`` goes."""
    return out / str(day.year) / f"synthetic-daily-{day.isoformat()}.yaml"


def write_issue(out: Path, number: int, articles: int = 60, seed: int = SEED) -> Path:
    """Write issue ``number`` (0 = the first day) of the library under ``out``."""
    day = START + dt.timedelta(days=number)
    path = issue_path(out, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = IssueWriter(seed + number).issue(day, number + 1, articles)
    path.write_text(text, encoding="utf-8")
    return path


def generate_library(
    out: Path,
    years: int = 10,
    days_per_year: int = 365,
    articles: int = 60,
    seed: int = SEED,
    first: int = 0,
) -> list[Path]:
    """Write ``years × days_per_year`` daily issues (from issue ``first`` on) under ``out``."""
    if years < 0 or days_per_year < 1 or articles < 1:
        raise ValueError("years must be >= 0, days_per_year and articles >= 1")
    return [
        write_issue(out, number, articles, seed)
        for number in range(first, first + years * days_per_year)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the library and say how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--days-per-year", type=int, default=365)
    parser.add_argument("--articles", type=int, default=60, help="articles per issue")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = generate_library(args.out, args.years, args.days_per_year, args.articles, args.seed)
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in paths)
    print(
        f"{args.out}: {len(paths)} issues × {args.articles} articles, "
        f"{size / 1e6:.1f} MB in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
