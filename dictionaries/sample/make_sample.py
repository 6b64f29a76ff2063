"""Regenerate ``keywords.csv``, the synthetic 生意参谋 搜索分析 export shipped as sample data.

The search terms below were written by hand by the titleopt developers; every
number is drawn from a fixed-seed random generator, so the numbers are invented
and say nothing about real search demand.  Running the script again gives a
byte-identical file::

    python dictionaries/sample/make_sample.py

Within each category the terms are listed roughly from head to long tail; a
term's 搜索人气 falls with its position, and its 在线商品数 follows its 搜索人气.
A few cells are written as ``-`` (missing) and three terms are duplicates after
normalization (see README.md), as in real exports.
"""

from __future__ import annotations

import csv
import math
import random
from pathlib import Path

SEED = 20261125
HEADER = ["搜索词", "搜索人气", "点击率", "支付转化率", "在线商品数"]

# One block per category: "[category] scale of its head term's 搜索人气", then its terms from head to tail,
# separated by "、" (terms may contain spaces).
_TERMS_TEXT = """
[T恤] 78000
t恤男、t恤女、短袖t恤男、短袖t恤女、T恤 男、t恤女短袖宽松、纯棉t恤女、t恤男纯棉、长袖t恤女
白色t恤女、t恤女ins潮、圆领t恤男、t恤男宽松潮牌、重磅t恤男、长袖t恤男、t恤女韩版宽松、打底衫女长袖
美式复古t恤、冰丝t恤男速干、v领t恤女、半袖t恤男、情侣t恤、t恤女夏季新款、体恤女
[卫衣] 80000
卫衣女、卫衣男、连帽卫衣女、卫衣女加绒、卫衣女宽松、衛衣女、卫衣女春秋薄款、卫衣女加绒加厚
卫衣男加绒、卫衣女ins潮、圆领卫衣女、卫衣女纯棉、连帽卫衣男、卫衣外套女、卫衣女秋冬、卫衣女韩版
灰色卫衣女、美式卫衣男、卫衣女宽松ins风、半拉链卫衣女、卫衣女学生、重磅卫衣、卫衣女小众设计感
卫衣女春秋、卫衣套装女
[连衣裙] 72000
连衣裙女、连衣裙女夏、碎花连衣裙、连衣裙女夏季新款、法式连衣裙、雪纺连衣裙、连衣裙长裙
针织连衣裙女秋冬、白色连衣裙、方领连衣裙、泡泡袖连衣裙、连衣裙显瘦、连衣裙收腰、棉麻连衣裙女
长袖连衣裙女、毛衣裙女秋冬、小黑裙、吊带连衣裙、连衣裙韩版、连衣裙气质、衬衫连衣裙、仙女裙、碎花裙
[手机壳] 76000
手机壳、手机壳iphone15、苹果15手机壳、iphone15手机壳透明、手机壳 iPhone15、mate60pro手机壳
手机壳华为mate60pro、小米14手机壳、手机壳女款可爱、透明手机壳、手机壳防摔、手机壳硅胶、磁吸手机壳
液态硅胶手机壳、手机壳ins风、苹果15promax手机壳、磨砂手机壳、iphone15pro手机壳磁吸、手机保护套
手机壳全包、卡通手机壳、手机壳男款、素皮手机壳
[数据线] 52000
数据线、数据线typec、苹果数据线、type-c数据线快充、快充数据线、苹果充电线、iphone数据线
6a超级快充数据线、三合一数据线、一拖三充电线、编织数据线、数据线2米、双typec数据线、pd快充线
华为数据线、小米数据线、数据线加长3米、弯头数据线、磁吸数据线、充电线typec、数据线短款、100w数据线
[充电器] 56000
充电器、充电头、快充头、苹果充电器、氮化镓充电器、20w充电器、pd20w快充头、65w充电器、iphone15充电器
苹果快充头、充电器多口、华为充电器、笔记本充电器、小米充电器、120w充电器、氮化镓65w、充电头套装
无线充电器、车载充电器、充电插头、30w充电器、快充充电器typec
[保温杯] 60000
保温杯、保温杯女、保温杯大容量、保温杯男、保温杯女大容量、316不锈钢保温杯、儿童保温杯、保温杯316
儿童保温杯带吸管、保温杯男士大容量、便携水杯、吨吨桶、保温壶、茶水分离保温杯、车载保温杯
保温杯高颜值、学生保温杯、智能保温杯、保温杯500ml、保温杯1000ml、陶瓷内胆保温杯、焖烧杯
[收纳盒] 48000
收纳盒、收纳箱、桌面收纳盒、衣服收纳箱、整理箱、抽屉式收纳盒、化妆品收纳盒、收纳盒透明
收纳箱家用大号、抽屉式收纳柜、收纳神器、折叠收纳箱、置物架、收纳柜多层、冰箱收纳盒、储物箱
床底收纳箱、塑料收纳箱、收纳盒带盖、内衣收纳盒、衣柜收纳、亚克力收纳盒
[空气炸锅] 66000
空气炸锅、空气炸锅家用、空气炸锅大容量、可视空气炸锅、空气炸锅5l、空气炸锅家用新款、空气炸锅小型
空气炸锅6l、空气炸锅烤箱一体机、迷你空气炸锅、电炸锅、空气炸锅多功能、无涂层空气炸锅、双锅空气炸锅
空气炸锅全自动、免翻面空气炸锅、智能空气炸锅、空气炸锅专用纸、无油空气炸锅、大容量空气炸锅8l、薯条机
空气炸锅单人
[防晒霜] 70000
防晒霜、防晒霜女、防晒霜spf50、防晒霜面部、防晒乳、防晒喷雾、防晒霜学生党、防晒霜清爽不油腻
防晒霜军训、防晒霜防水防汗、物理防晒霜、防晒霜敏感肌、防晒霜男、儿童防晒霜、身体防晒乳
防晒隔离二合一、防晒霜户外、防晒棒、防晒霜全身、防紫外线防晒霜、防晒霜spf50+pa++++、防晒霜平价
[面膜] 64000
面膜、面膜补水保湿、补水面膜女、玻尿酸面膜、睡眠面膜、涂抹面膜、清洁面膜、面膜贴、泥膜、修护面膜
面膜学生党、冻干面膜、男士面膜、蚕丝面膜、烟酰胺面膜、提亮面膜、敏感肌面膜、面膜熬夜急救、免洗面膜
胶原蛋白面膜、面膜10片、泡泡面膜
[口红] 68000
口红、口红女、哑光口红、口红持久不掉色、唇釉、口红显白、唇泥、口红礼盒、口红礼盒套装送女友、丝绒唇釉
口红套装、唇膏、正红色口红、豆沙色口红、润唇膏女、口红平价学生党、口红不沾杯、镜面唇釉、黄皮显白口红
小众口红、奶茶色口红、复古红口红
[坚果] 58000
坚果、每日坚果、坚果大礼包、混合坚果、坚果礼盒、孕妇零食、每日坚果30包、夏威夷果、碧根果、山核桃仁
核桃、儿童每日坚果、巴旦木、临安山核桃、年货零食大礼包、纸皮核桃、腰果、开心果、坚果零食、混合果仁
干果、坚果整箱
[螺蛳粉] 62000
螺蛳粉、柳州螺蛳粉、螺狮粉、螺蛳粉正宗、螺蛳粉整箱、广西螺蛳粉、螺蛳粉加辣、方便速食、螺蛳粉不辣
螺蛳粉加臭、酸笋、螺蛳粉5袋、柳州特产、螺蛳粉冲泡、干捞螺蛳粉、螺蛳粉宿舍、夜宵速食、螺蛳粉加料版
螺蛳粉大礼包、米粉、螺蛳粉自煮、嗦粉
[茶叶] 54000
茶叶、绿茶、龙井茶、普洱茶、红茶、铁观音、乌龙茶、明前龙井、西湖龙井、白茶、大红袍、茶叶礼盒
茉莉花茶、岩茶、高山乌龙茶、碧螺春、金骏眉、冻顶乌龙、新茶、茶叶送礼、正山小种、浓香型铁观音、龙井
[运动鞋] 74000
运动鞋、运动鞋女、运动鞋男、跑步鞋、老爹鞋女、小白鞋、跑步鞋女、休闲鞋女、运动鞋女透气、透气运动鞋
厚底运动鞋、网面运动鞋、加绒运动鞋女、增高运动鞋女、板鞋女、减震跑步鞋男、德训鞋、运动鞋女软底
运动鞋女ins潮、情侣运动鞋、碳板跑鞋、徒步鞋
[双肩包] 50000
双肩包、书包、双肩包女、双肩包男、背包、初中生书包、电脑包、双肩包大容量、大学生书包、高中生书包
书包女、电脑双肩包男、旅行背包、小学生书包、登山包、商务双肩包、护脊书包、帆布双肩包、尼龙双肩包
防水双肩包、背包女ins风、妈咪包
"""


def parse_terms(text: str = _TERMS_TEXT) -> dict[str, tuple[int, list[str]]]:
    """Parse the term blocks above into ``{category: (head scale, [terms from head to tail])}``."""
    blocks: dict[str, tuple[int, list[str]]] = {}
    terms: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith("["):
            category, scale = line[1:].split("] ")
            terms = []
            blocks[category] = (int(scale), terms)
        else:
            terms.extend(line.split("、"))
    return blocks


def _count(n: int, rng: random.Random) -> str:
    """Format a count as the export does: ``1,234,567`` or, for some large ones, ``123.4万``."""
    if n >= 100_000 and rng.random() < 0.35:
        return f"{n / 10_000:.1f}万"
    return f"{n:,}"


def build_rows(seed: int = SEED) -> list[list[str]]:
    """Return the data rows (without header) of the sample keyword table."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    for scale, terms in parse_terms().values():
        block: list[tuple[int, list[str]]] = []
        for rank, term in enumerate(terms):
            popularity = scale * (0.83**rank) * math.exp(rng.gauss(0.0, 0.25))
            if popularity > 80_000:  # the sample's ceiling; keep the tops distinct
                popularity = rng.uniform(70_000, 80_000)
            popularity = int(max(200, popularity))
            tail = rank / max(1, len(terms) - 1)  # 0 for the head term, 1 for the last one
            ctr = rng.uniform(4.0, 14.0) + 10.0 * tail * rng.random()
            cvr = rng.uniform(0.6, 3.0) + 5.0 * tail * rng.random()
            items = int(popularity * math.exp(rng.uniform(math.log(8), math.log(70))) * (3.0 - 2.0 * tail))
            block.append((popularity, [term, f"{popularity:,}", f"{ctr:.2f}%", f"{cvr:.2f}%", _count(items, rng)]))
        block.sort(key=lambda pair: -pair[0])
        rows.extend(row for _, row in block)
    # a few missing cells, as exports show them
    for _ in range(7):
        row = rows[rng.randrange(len(rows))]
        row[rng.choice([2, 3, 4])] = "-"
    return rows


def main() -> None:
    """Write keywords.csv next to this script (UTF-8, no BOM)."""
    out = Path(__file__).with_name("keywords.csv")
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(build_rows())


if __name__ == "__main__":
    main()
