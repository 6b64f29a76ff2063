"""Regenerate the seller's-loop sample exports (synthetic): ``loop_*.csv``.

SAMPLE DATA: synthetic. The terms, titles and changes are written by the titleopt
developers; every number is drawn from ``random.Random(SEED)``, so the numbers
are invented and say nothing about real demand, prices or traffic. Running the
script again gives byte-identical files::

    python dictionaries/sample/make_loop_sample.py

Files (see README.md, "The seller's loop"):

* ``loop_keywords.csv``: a 生意参谋 选词助手 export for 卫衣 with 直通车参考价 (CPC).
* ``loop_abtest.csv``: a week of a title A/B test, one row per variant and day.
* ``loop_changes.csv``: the rows of a ``titleopt rewrite`` output the seller applied.
* ``loop_traffic_before.csv`` / ``loop_traffic_after.csv``: 商品效果 exports of the
  55 sample listings, two weeks before and two weeks after the change.
"""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

SEED = 20261204
HERE = Path(__file__).resolve().parent

# 卫衣 terms from head to tail; the two brand terms name competitors of competitors.csv (暖茸, 潮森社)
KEYWORDS = """
卫衣女 卫衣男 连帽卫衣女 卫衣女加绒 卫衣女宽松 卫衣女春秋薄款 卫衣女ins潮 卫衣女加绒加厚 卫衣男加绒 圆领卫衣女
卫衣女纯棉 暖茸卫衣女 连帽卫衣男 卫衣外套女 卫衣女秋冬 卫衣女韩版 美式卫衣男 灰色卫衣女 卫衣女宽松ins风
卫衣女学生 重磅卫衣 潮森社卫衣 半拉链卫衣女 卫衣女小众设计感 卫衣女春秋 圆领卫衣女纯棉 卫衣女韩版宽松
""".split()

# (宝贝ID, 宝贝标题, new_title, added, removed): rows of `titleopt rewrite dictionaries/sample/listings.csv
# -k keywords.csv -c competitors.csv` that the seller applied (reasons as the rewrite wrote them)
CHANGES = [
    ('690100000002', '2019新款夏季纯棉短袖T恤男宽松圆领半袖打底衫潮流百搭韩版学生上衣', '禾衫新款夏季纯棉短袖美式复古T恤男宽松圆领半袖打底衫百搭上衣',
     "复古 (completes '美式复古t恤'); 禾衫 (the listing's brand, written first); 美式 (completes '美式复古t恤')",
     '2019 (stale year (older than 2025)); 潮流 (made room for higher-value keywords within the limit); 韩版 (made room for higher-value keywords within the limit); 学生 (made room for higher-value keywords within the limit)'),
    ('690100000005', '卫衣女卫衣宽松连帽卫衣春秋薄款外套', '棉语卫衣女宽松连帽卫衣春秋薄款外套灰色韩版ins风',
     "ins风 (completes '卫衣女宽松ins风'); 棉语 (the listing's brand, written first); 灰色 (completes '灰色卫衣女' (listing attribute)); 韩版 (completes '卫衣女韩版')",
     "卫衣 (repeat of '卫衣')"),
    ('690100000007', '棉语圆领卫衣女宽松春秋款纯色打底上衣', '棉语圆领卫衣女宽松春秋款纯色打底上衣纯棉韩版ins风',
     "ins风 (completes '卫衣女宽松ins风'); 纯棉 (completes '卫衣女纯棉' (listing attribute)); 韩版 (completes '卫衣女韩版')",
     ''),
    ('690100000008', '★清仓秒杀★男士卫衣加绒加厚连帽冬季外套宽松潮牌包邮', '禾衫男士美式卫衣加绒加厚连帽冬季外套宽松潮牌',
     "禾衫 (the listing's brand, written first); 美式 (completes '美式卫衣男')",
     '清仓 (promotional word the platform discourages in titles); 秒杀 (promotional word the platform discourages in titles); 包邮 (promotional word the platform discourages in titles)'),
    ('690100000009', '棉语2021款卫衣女全网最好看ins风宽松连帽', '棉语卫衣女春秋韩版全网好看ins风宽松连帽',
     "春秋 (completes '卫衣女春秋' (listing attribute)); 韩版 (completes '卫衣女韩版')",
     '2021 (stale year (older than 2025)); 款 (belongs to the stale year before it); 最 (absolute term or unproven claim (Advertising Law art. 9, 11, 28))'),
    ('690100000011', '韓版連衣裙女夏季長裙顯瘦氣質收腰碎花裙', '棉语韓版白色法式雪纺連衣裙女夏季新款長裙顯瘦氣質收腰碎花裙',
     "新款 (completes '连衣裙女夏季新款'); 棉语 (the listing's brand, written first); 法式 (completes '法式连衣裙'); 白色 (completes '白色连衣裙' (listing attribute)); 雪纺 (completes '雪纺连衣裙' (listing attribute))",
     ''),
    ('690100000016', '全网最低价手机壳适用华为Mate60Pro防摔硅胶软壳包邮', '酷壳全网手机壳ins风适用华为Mate60Pro防摔硅胶软壳',
     "ins风 (completes '手机壳ins风'); 酷壳 (the listing's brand, written first)",
     '最低价 (absolute term or unproven claim (Advertising Law art. 9, 11, 28)); 包邮 (promotional word the platform discourages in titles)'),
    ('690100000020', '三合一数据线一拖三充电线车载多功能充电', '电小满三合一苹果编织数据线一拖三充电线车载多功能充电',
     "电小满 (the listing's brand, written first); 编织 (completes '编织数据线' (listing attribute)); 苹果 (completes '苹果数据线' (listing attribute))",
     ''),
    ('690100000025', '【秒杀】保温杯男士大容量不锈钢水杯车载茶杯 包邮', '小厨匠保温杯男士大容量不锈钢水杯车载茶杯1000ml',
     "1000ml (completes '保温杯1000ml' (listing attribute)); 小厨匠 (the listing's brand, written first)",
     '秒杀 (promotional word the platform discourages in titles); 包邮 (promotional word the platform discourages in titles)'),
    ('690100000031', '顶级空气炸锅特价清仓家用智能无油烤箱一体机', '小厨匠空气炸锅家用智能无油烤箱一体机新款6l',
     "6l (completes '空气炸锅6l' (listing attribute)); 小厨匠 (the listing's brand, written first); 新款 (completes '空气炸锅家用新款')",
     '顶级 (absolute term or unproven claim (Advertising Law art. 9, 11, 28)); 特价 (promotional word the platform discourages in titles); 清仓 (promotional word the platform discourages in titles)'),
    ('690100000041', '颜小槿丝绒唇釉女学生款平价小众', '颜小槿丝绒唇釉复古口红女学生款平价小众',
     "口红 (completes '口红', '口红女', '小众口红' (listing attribute)); 复古 (completes '复古红口红')",
     ''),
    ('690100000044', '山核桃仁临安特产新货奶油味包邮', '山野小铺山核桃仁临安特产新货奶油味坚果',
     "坚果 (completes '坚果' (listing attribute)); 山野小铺 (the listing's brand, written first)",
     '包邮 (promotional word the platform discourages in titles)'),
]

AB_TITLES = {
    "A": "棉语圆领卫衣女宽松春秋款纯色打底上衣",
    "B": "棉语圆领卫衣女纯棉宽松韩版ins风春秋纯色打底上衣",
}


def _fmt_int(x: int, rng: random.Random, *, wan: float = 0.0) -> str:
    """A count as exports write it: ``18,399``, sometimes ``1.8万``."""
    if x >= 10000 and rng.random() < wan:
        return f"{x / 10000:.1f}万"
    return f"{x:,}"


def _poisson(rng: random.Random, mu: float) -> int:
    """A Poisson-like count (normal approximation; exact enough for invented sample numbers)."""
    return max(0, round(rng.gauss(mu, math.sqrt(mu))))


def keywords(rng: random.Random) -> list[list[str]]:
    rows = [["搜索词", "搜索人气", "点击率", "支付转化率", "在线商品数", "直通车参考价"]]
    n = len(KEYWORDS)
    for i, kw in enumerate(KEYWORDS):
        pop = round(80000 * math.exp(-4.2 * i / n) * rng.uniform(0.85, 1.15))
        ctr = rng.uniform(0.05, 0.16)
        cvr = rng.uniform(0.008, 0.05) * (1 + i / n)
        items = round(pop * rng.uniform(20, 160) * (1.6 - i / n))
        cpc = 0.5 + 3.0 * pop / 80000 * rng.uniform(0.7, 1.3)
        cvr_cell = "-" if kw == "卫衣男加绒" else f"{cvr:.2%}"
        cpc_cell = "-" if kw == "卫衣女春秋" else f"{cpc:.2f}"
        rows.append([kw, _fmt_int(pop, rng), f"{ctr:.2%}", cvr_cell, _fmt_int(items, rng, wan=0.5), cpc_cell])
    return rows


def abtest(rng: random.Random) -> list[list[str]]:
    rows = [["日期", "版本", "标题", "曝光量", "点击量", "成交笔数"]]
    rates = {"A": 0.036, "B": 0.044}
    for day in range(1, 8):
        for v in ("A", "B"):
            impr = round(rng.uniform(1700, 2300))
            clicks = _poisson(rng, impr * rates[v])
            orders = _poisson(rng, clicks * 0.03)
            rows.append([f"2026-11-{day:02d}", v, AB_TITLES[v], _fmt_int(impr, rng), str(clicks), str(orders)])
    return rows


def traffic(rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    head = ["宝贝ID", "商品标题", "访客数", "浏览量", "搜索引导访客数", "搜索曝光量", "点击率", "支付转化率"]
    listings = list(csv.DictReader((HERE / "listings.csv").open(encoding="utf-8")))
    new_title = {c[0]: c[2] for c in CHANGES}
    lift_ids = [c[0] for c in CHANGES][:9]  # 9 of the 12 applied changes gain; 3 do not
    before, after = [head], [head]
    for row in listings:
        iid, title = row["宝贝ID"], row["宝贝标题"]
        base = math.exp(rng.gauss(5.6, 0.6))  # search visitors over two weeks
        ctr = rng.uniform(0.03, 0.06)
        for period, out in (("before", before), ("after", after)):
            mu = base * (1.06 if period == "after" else 1.0)  # a shop-wide trend of +6%
            c = ctr
            if period == "after" and iid in lift_ids:
                mu *= 1.35
                c *= 1.2
            search = _poisson(rng, mu)
            if period == "after" and iid == "690100000055":
                continue  # delisted (下架) after the first period
            visitors = round(search / rng.uniform(0.55, 0.7))
            views = round(visitors * rng.uniform(1.4, 1.9))
            impr = round(search / c)
            cvr = "-" if iid in ("690100000013", "690100000038") else f"{rng.uniform(0.01, 0.05):.2%}"
            t = new_title.get(iid, title) if period == "after" else title
            out.append([iid, t, _fmt_int(visitors, rng), _fmt_int(views, rng, wan=0.3), str(search),
                        _fmt_int(impr, rng, wan=0.5), f"{search / impr:.2%}", cvr])
    return before, after


def write(name: str, rows: list[list[str]]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def main() -> None:
    rng = random.Random(SEED)
    write("loop_keywords.csv", keywords(rng))
    write("loop_abtest.csv", abtest(rng))
    write("loop_changes.csv", [["宝贝ID", "宝贝标题", "new_title", "added", "removed"], *map(list, CHANGES)])
    before, after = traffic(rng)
    write("loop_traffic_before.csv", before)
    write("loop_traffic_after.csv", after)


if __name__ == "__main__":
    main()
