"""The unit reader (titleopt.units) on synthetic titles written for these tests (the issue's examples)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from titleopt.lexicon import load_lexicon
from titleopt.normalize import normalize, normalize_term
from titleopt.product import detect
from titleopt.terms import title_terms
from titleopt.units import IMPORTANCE, KINDS, Unit, importance, read_units


@pytest.fixture(scope="module")
def read(segmenter):
    lex = load_lexicon()

    def run(title: str) -> tuple[Unit, ...]:
        terms = title_terms(normalize(title), segmenter)
        facts = detect(terms, lex, is_known_word=segmenter.is_word)
        return read_units(terms, facts, lex, segmenter=segmenter)

    return run


def _unit_with(units: tuple[Unit, ...], piece: str) -> Unit | None:
    n = normalize_term(piece)
    return next((u for u in units if n in u.text), None)


# Each: a title, and pieces that must each be whole inside one unit (and the unit's kind, when it matters).
EXAMPLES = [
    (
        "SAST/先科TH10喇叭套装6.5寸定阻同轴喇叭*2个 官方标配",
        [("SAST/先科", "brand"), ("TH10", "model"), ("2个", "spec")],
    ),
    (
        "咔咔鱼（kakay）华硕ROG魔霸3贴纸15.6英寸",
        [("咔咔鱼（kakay）", "brand"), ("魔霸3", "model"), ("15.6英寸", "spec")],
    ),
    ("宏碁VX5-591G笔记本电脑 i3-8100 8G内存", [("VX5-591G", "model"), ("i3-8100", "model")]),
    # a number with its unit after a model, across a space, is the item's size, no number of the series
    # (扬天s4350 21.5英寸 was one model unit: a fixed 17 bytes, and the rewrite dropped the CPU model for it)
    ("联想扬天S4350 21.5英寸一体机电脑 G5400T", [("扬天S4350", "model"), ("21.5英寸", "spec"), ("G5400T", "model")]),
    ("适用iphone xs max手机壳 土豪金", [("适用iphone xs max", "compat"), ("土豪金", "colour")]),
    ("小米u1/z1青春版/z1i钢化膜", [("u1/z1青春版/z1i", None)]),
    ("酷殼適用蘋果15手機殼", [("適用蘋果15", "compat")]),
    ("适用华为mate60 pro手机壳磨砂", [("适用华为mate60 pro", "compat")]),
    # in a list of names after the fit phrase an ambiguous alias is the brand (苹果, 小米): the list ran on to the
    # first one only, and 华为 after 适用苹果 was read as the listing's own brand
    ("数据线三合一快充适用苹果华为小米三星oppo一加手机充电线", [("适用苹果华为小米三星oppo一加", "compat")]),
    ("适用于华为苹果小米等手机通用蓝牙耳机", [("适用于华为苹果小米", "compat")]),
    ("明基投影仪3600流明 23.8英寸显示器", [("3600流明", "spec"), ("23.8英寸", "spec")]),
    (
        "不干胶标签纸30mm宽*15mm高 57*50*100卷 1500张",
        [("30mm宽*15mm高", "spec"), ("57*50*100卷", "spec"), ("1500张", "spec")],
    ),
    ("长虹8/9KG全自动洗衣机(适用3-7人)", [("8/9KG", "spec"), ("适用3-7人", "spec")]),
    ("实木相框枫樱木色 不点灯 无痕挂钩免打孔", [("枫樱木色", "colour"), ("不点灯", "negation"), ("免打孔", None)]),
    # a negator before a unit an earlier pass made joins it, which keeps its kind (不|粘电烤|盘: the product unit
    # 粘电烤盘 was made first, 不 went to 铁板烧, and a rewrite kept 粘电烤盘, "sticky grill plate")
    ("茉蒂兰 韩式家用电烧烤炉一体锅铁板烧不粘电烤盘烤肉机", [("不粘电烤盘", "product")]),
    # so does an anti- prefix (防|丢绳: 丢绳 a product unit, 防 went to 苹果 and a rewrite wrote 苹果防华为)
    ("捣旦国度手机挂绳vivo吊绳苹果防丢绳手腕华为 长挂绳", [("防丢绳", "product")]),
    # a model's plus variant is part of it (s8 was written for s8+), the last of a list of them too
    ("三星s10+/s9+/s8+跑步手机臂包", [("s10+/s9+/s8+", "model")]),
    # a gift character jieba paired with a count's unit opens the next item (120|张送|毛毡: the spec was
    # 120张送 and a rewrite ended on 送); 个装 closes the count
    ("毛边纸款3包共120张送毛毡", [("120张", "spec"), ("送毛毡", None)]),
    ("透明证件卡套10个装", [("10个装", "spec")]),
    # a Chinese numeral after a count counts the word after it (2|芯三|钢丝: the spec was 1芯2芯三); 一 reads
    # "per" there, a rate
    ("光缆线入户皮线光缆1芯2芯三钢丝延长1000m", [("1芯2芯", "spec"), ("三钢丝", None)]),
    ("头层牛皮8元一平方英尺", [("8元一平方英尺", "spec")]),
    # the unit again in Latin letters after "/", or a price per unit: one spec (10公斤|/kg was a spec and a
    # word, and a rewrite wrote 小天鹅KG滚筒…, the unit without its number; session 23)
    ("小天鹅10公斤/KG滚筒洗衣机 牛肉干 20元/kg", [("10公斤/kg", "spec"), ("20元/kg", "spec")]),
    ("海康威视100万网络高清监控摄像头", [("海康威视", "brand"), ("100万", "spec")]),
    ("华为nova5pro手机壳全包防指纹 【磨砂防指纹 】", [("nova5pro", None), ("磨砂防指纹", "note")]),
    # a bare number opening a phrase counts the product word glued after it (was: 3 | 风机, and a rewrite
    # kept 风机 alone; 1+2面巾 for 1浴巾+2面巾); against a name it is a series (魔霸3), long an article number
    ("果蔬烘干机 3风机15层", [("3风机", "spec"), ("15层", "spec")]),
    ("纯棉毛巾三件套,1浴巾+2面巾", [("1浴巾", None), ("2面巾", None)]),
    # a lone "removing" verb takes its object (除|烟味: was 除甲醛除 + 烟味, and a rewrite kept 除 alone)
    ("tcl空气净化器家用除甲醛除烟味棋牌室内空气净化器", [("除烟味", "function")]),
    # jieba cuts a size as 2.6|x2.6|cm; x5 alone is a model; a model list joined by +/ is one unit
    ("不干胶标签 麻辣2.6x2.6cm 300枚", [("2.6x2.6cm", "spec"), ("300枚", "spec")]),
    ("效果器X5专业混响 三星s8钢化膜 s8+/plus", [("x5", "model"), ("s8+/plus", "model")]),
    ("跑步手机臂包8/7plus臂袋 苹果手机 iPhoneX/6/7/8数据线", [("8/7plus", None), ("iphonex/6/7/8", None)]),
    # 型 and 款 after an article number designate the item: a model, kept like one
    ("汤面炉40型温控电热煮面炉 早教学习机5523款wifi版", [("40型", "model"), ("5523款", "model")]),
    ("张小泉手工剪刀 大号大力剪刀 型号 5111-T", [("型号 5111-t", "model")]),
    # a variant code in brackets right after a model is part of it (a rewrite that dropped the long model kept
    # …中央空调E1); a quantity or a year in brackets is not (pa-220a（200w）, a8plus(2018))
    ("美的家用中央空调 MDVH-V140W/N1-612P(E1)", [("MDVH-V140W/N1-612P(E1)", "model")]),
    ("海尔净水器家用厨房直饮HRO5015-5(WS)机套餐", [("HRO5015-5(WS)", "model")]),
    # 适用|于 opens a list: the names before it are the seller's own brand, no compatible model
    # (the size of the device it fits goes with the phrase and the model: 适用于15.6英寸神舟战神t6ti)
    (
        "咔咔鱼KAKAY适用于15.6英寸神舟战神T6Ti笔记本键盘膜",
        [("咔咔鱼kakay", "brand"), ("15.6英寸神舟战神t6ti", "compat")],
    ),
    # a detected Latin name of two words is one brand unit across its space
    ("Dear Mean 无线蓝牙音箱迷你插卡小音响", [("dear mean", "brand")]),
    # another brand against its model takes the rest of its model list
    ("运动臂套苹果8/7plus手腕包", [("苹果8/7plus", "compat")]),
    # the series words a space apart between the brand and its model number are part of the model
    ("佳能（Canon）iR ADV C5535 A3彩色激光数码复合机", [("ir adv c5535", "model")]),
    # a series name with its generation is one model, with the 适用 list it follows a compat unit
    ("尼凡 惠普（HP） 光影精灵5代 15.6英寸笔记本贴纸", [("光影精灵5代", "model"), ("15.6英寸", "spec")]),
    ("适用于惠普HP光影精灵5代笔记本外壳贴膜", [("适用于惠普hp光影精灵5代", "compat")]),
    # whom the item is for begins no colour name (男|白色 is a men's white one)
    ("新款男白色卫衣", [("男", "audience")]),
    # a product word the listing does not sell, before one colour character ending the phrase, names a colour
    ("漫威 西瓜红 鼠标垫 900x400mm", [("西瓜红", "colour")]),
    # and so does a product word jieba cut in two (抹|茶|绿): the whole compound with the character
    ("手机壳 磨砂软壳 防摔 抹茶绿-小飞象", [("抹茶绿", "colour")]),
    # a number after the colour character opens the next item: the phrase ends there too (钢琴|黑|1.3米: a
    # rewrite kept 钢琴 alone, session 23)
    ("一拖三数据线三合一快充充电器弯头车载数据线 钢琴黑1.3米 安卓", [("钢琴黑", "colour"), ("1.3米", "spec")]),
    # 联 counts the parts of a carbonless form; a unit word jieba cut in two (2|等|分) is still one
    ("针式打印纸发票清单2联4联 红金拓5联2等分", [("2联", "spec"), ("4联", "spec"), ("2等分", "spec")]),
    # a warranty's term is one spec with it, written before or after (3年质保, 质保3年)
    ("工控机 硬盘500G 3年质保 按摩器(质保3年)", [("3年质保", "spec")]),
    # a number with one letter after a brand's series is its model (7 amperes elsewhere: 电流2a, 内存8g)
    ("适用于华为畅玩7A高配版 红米5A手机壳 充电器电流2A 内存8G", [("7a高配版", "model"), ("5a", "model"),
                                                        ("电流2a", "spec"), ("内存8g", "spec")]),
    # another brand's model takes a model suffix across a space (雷神911 plus: not plus笔记本)
    ("星彩 雷神911 plus笔记本外壳贴纸", [("雷神911 plus", "compat"), ("笔记本", "product")]),
    # single letters joined by dots are one name, an initialism (jieba cuts f|l)
    ("Q.B 适用华为手环4腕带 硅胶", [("q.b", "word")]),
    # audience words written together name both (jieba cuts 男|女款, 男|女孩): kept apart, a rewrite kept
    # 女款 alone and said the item is for women (session 18)
    ("华为荣耀7X保护套玻璃文字男女款全包防摔", [("男女款", "audience")]),
    ("钢笔商务刻字男士女士签字笔 儿童男女孩特细", [("男士女士", "audience"), ("男女孩", "audience")]),
    ("声波电动牙刷成人儿童通用 文件袋男/女通用", [("成人儿童", "audience"), ("男/女", "audience")]),
    # lone characters in a row are one piece (会议|鹅|颈|麦克风 was 会议鹅 + 颈麦克风, and a short title kept
    # 颈麦克风): it joins the product word after it, or the name before it (luyao|璐|瑶), never a selling word
    ("得胜 MS-138台式座会议鹅颈麦克风 有线电容话筒", [("鹅颈麦克风", "product")]),
    ("手机吃鸡神器刺激战场", [("吃鸡神器", None)]),
    ("LUYAO璐瑶颈椎按摩器仪捶背", [("luyao璐瑶", "brand")]),
    # a name jieba cut into lone characters at the head ends at the first word it knows (搭|啵|兔|儿童画笔: was
    # 搭啵 + 兔儿童, and a rewrite kept 搭啵)
    ("搭啵兔儿童画笔套装美术学习用品", [("搭啵兔", "word")]),
    # a one-character adjective (jieba's tag a) modifies the word after it: 笔杆|重|手感 was 笔杆重 + 手感 and
    # rewrites kept a lone 重 or 软 (…S9Plus软M10…); not a buyer or a maker after it (内裤女胖|学生)
    ("金属笔杆重手感签字笔", [("重手感", None)]),
    ("三星S9Plus软硅胶手机壳", [("软硅胶", "material")]),
    ("蓝牙小音箱重低音炮", [("重低音炮", None)]),
    # the brand written in both scripts, glued: 苹果 against Apple is the brand, not a fruit product word
    ("Apple苹果19年新款MacBookPro 16英寸轻薄笔记本电脑", [("apple苹果", "brand")]),
    # a range with its unit is a quantity (3-6岁), and a number before it joins it (0-3-6岁 kept 0 alone)
    ("早教机触屏护眼0-3-6岁I6S 剪纸刀8~10人", [("0-3-6岁", "spec"), ("8~10人", "spec")]),
    # a Latin brand and the short unknown Chinese word glued after it: the brand's other-script name
    ("PHOTOHOUSE小企鹅户外登山滑雪雪套沙漠徒步防沙鞋套", [("photohouse小企鹅", "brand")]),
    # ... past where the maker is from, and a name jieba knows well but tags as one (三菱 nz); a Latin name no
    # list knows takes its Chinese name too (plus|普乐士: a rewrite kept PLUS and dropped 普乐士)
    ("uni日本三菱 7600 手撕卷纸蜡笔", [("uni日本三菱", "brand")]),
    ("日本PLUS普乐士订书机省力型可钉32张纸", [("plus普乐士", None)]),
    # two values of different sides of one conflicts.txt set, written together: the item has both
    ("电视盒子直播无线有线网络机顶盒", [("无线有线", None)]),
    # a PC maker brands.txt lists (机械革命: jieba cuts 机械|革命) is one name in what the phrase names
    ("适用于机械革命S1 Plus笔记本外壳保护贴膜", [("适用于机械革命s1 plus", "compat")]),
]


@pytest.mark.parametrize(("title", "pieces"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_issue_examples_are_whole_units(read, title, pieces):
    units = read(title)
    for piece, kind in pieces:
        u = _unit_with(units, piece)
        assert u is not None, (piece, [(x.text, x.kind) for x in units])
        if kind is not None:
            assert u.kind == kind, (piece, u)


def test_units_are_not_coarser_than_needed(read):
    units = read("明基投影仪3600流明 23.8英寸显示器")
    assert [u.text for u in units] == ["明基", "投影仪", "3600流明", "23.8英寸", "显示器"]


def test_the_name_at_the_head_is_one_unit_where_its_end_is_visible(read):
    # jieba cuts an unknown name into everyday words (文房|第六|宝, 旋风): the words glued after the brand or
    # the first unknown word stay with it up to a space or a fit phrase, so a rewrite never keeps half a name
    assert _unit_with(read("墨香文房第六宝 钢笔墨水 蓝色"), "墨香").text == "墨香文房第六宝"
    assert _unit_with(read("飞虎旋风适用惠普M1136硒鼓 黑色"), "飞虎").text == "飞虎旋风"
    assert _unit_with(read("星河伙伴 精装笔记本A5"), "星河").text == "星河伙伴"
    # glued into the rest of the title, unknown words after a brand jieba knows may describe the item
    units = read("长虹大功率家用电暖器 2000W")
    assert _unit_with(units, "长虹").text == "长虹"
    # a run of unknown words longer than a name is no name, even after a brand jieba coined
    assert _unit_with(read("映趣辅助识字软件学前认字卡片 一套"), "映趣").text == "映趣"
    # a word ending in a product head character is the product's, never the name's (金正|老人|看戏机)
    assert "看戏机" not in _unit_with(read("金正老人看戏机 唱戏机 19寸"), "金正").text


def test_a_character_jieba_cut_off_a_word_joins_the_token_it_makes_a_word_with(read):
    # 家|用电: 家用 is a word and 器家 none, so 家 goes with 用电, not onto the product before it
    units = read("碳纤维电暖器家用电暖气片")
    assert _unit_with(units, "电暖器").text == "碳纤维电暖器"
    assert _unit_with(units, "家").text.startswith("家用")


def test_a_suffix_jieba_cut_off_closes_the_word_before_it(read):
    # 按动|式|中性笔芯: 式 ends 797 words of the dictionary and begins 9, so it is the end of 按动式 even
    # though a product word follows (was: 式中性笔芯, and a rewrite kept 式 without 按动)
    units = read("晨光按动式中性笔芯0.5mm 黑色 12支")
    assert _unit_with(units, "按动").text == "按动式"
    assert _unit_with(units, "中性笔芯").text == "中性笔芯"
    assert _unit_with(read("纯铜工程级音响线家庭影院音频线 5米"), "工程").text == "工程级"
    # a character that begins a word with the next token still goes forward (书|夹子 after 收纳袋)
    assert _unit_with(read("透明文件收纳袋书夹子 A4"), "夹子").text == "书夹子"


def test_a_character_after_a_number_that_begins_a_coined_name_goes_with_the_name(read):
    # jieba cuts 801|蒂|芙尼蓝 (Tiffany blue): 芙尼蓝 is no word it knows, so 蒂 begins it and counts nothing
    units = read("干衣机宝宝801蒂芙尼蓝【机械式】")
    assert _unit_with(units, "蒂芙尼蓝") is not None
    assert _unit_with(units, "801").text == "801"
    # a measure word after a number still counts it (24|挂, 4|板)
    assert _unit_with(read("日历24挂 桌面"), "24").text == "24挂"


def test_edition_words_between_a_compat_phrase_and_its_name_stay_with_them(read):
    # 适用于|新款|华为: the name is still the one the item fits, kept or dropped with its 适用于
    u = _unit_with(read("适用于新款华为MateBook 13电脑屏幕保护贴膜"), "华为")
    assert u.kind == "compat" and u.text.startswith("适用于新款华为")
    u = _unit_with(read("适用2019款华为mate30手机壳"), "华为")
    assert u.kind == "compat" and u.text.startswith("适用2019款")


def test_a_compat_phrase_with_a_size_joins_the_names_after_it(read):
    # 适用于15.6英寸 | 联想ideapad: dropped apart, 联想 would stand in the title as if the bag were Lenovo's
    u = _unit_with(read("尼凡 适用于15.6英寸联想IdeaPad 340C-15笔记本电脑双肩包"), "联想")
    assert u.kind == "compat" and u.text.startswith("适用于15.6英寸")
    # with no name after it, the size stays a spec (适用于15.6英寸 | 笔记本电脑包; 适用3-7人)
    assert _unit_with(read("适用于15.6英寸笔记本电脑包"), "15.6英寸").kind == "spec"
    assert _unit_with(read("长虹洗衣机(适用3-7人) 海尔"), "3-7人").kind == "spec"


def test_compat_phrase_never_stands_alone(read):
    for title in ("酷壳适用苹果15手机壳", "手机支架适用华为p40", "手机壳兼容iphone15"):
        units = read(title)
        u = next(u for u in units if u.text.startswith(("适用", "兼容")))
        assert len(u.text) > 2, units


def test_a_replacement_phrase_is_a_fit_phrase(read):
    # 替代惠普88a: a third-party toner names the cartridge it replaces; 惠普 is not its maker, and a rewrite
    # dropping 替代 would sell it as HP's (dictionaries/compat_phrases.txt: 替代, 代替)
    for title in ("硒鼓 替代惠普HP88A 黑色 易加粉", "电池 代替南孚5号 碱性 10粒"):
        units = read(title)
        u = next(u for u in units if u.text.startswith(("替代", "代替")))
        assert u.kind == "compat" and len(u.text) > 2, units
        assert not any(u.kind == "brand" for u in units), units


def test_a_character_that_begins_the_next_word_does_not_end_the_name(read):
    # the title's first word is its brand slot and a lone character glued to it ends the name (欧格|曼), but not
    # one that makes a dictionary word with the next token (尼凡|三|星星曜: 三星; 梦特娇|实|木质: 实木); rewrites
    # kept 尼凡三 and 梦特娇实
    assert _unit_with(read("尼凡三星星曜930XBE笔记本内胆包"), "尼凡").text == "尼凡"
    assert not any(u.text.endswith("实") for u in read("梦特娇实木质学生书法练字钢笔礼盒"))


def test_a_code_in_brackets_after_a_colour_is_no_brand_twin(read):
    # the brand field's form 中文（Latin）, copied to the head of the title; at the tail, a colour or a size with
    # the seller's code (玫红（LM）, 猫咪中号(M)) was read as a brand and kept like one
    for title, piece in (
        ("跑步手机臂包运动手腕包 X9 Plus 玫红（LM）", "玫红"),
        ("儿童感统训练器材户外玩具 猫咪中号(M)", "中号"),
        ("运动手臂包 跑步手机臂包 黑色（Black）", "黑色"),  # (a colour in the other script: a translation)
    ):
        u = _unit_with(read(title), piece)
        assert u is not None and u.kind != "brand", u
    # at the head, after one tag, or a word long enough to be a name, it still is one
    for title, piece in (("【专享】小熊（Bear）料理机家用", "小熊(bear)"),
                         ("空调遥控器适用于松下(Panasonic)乐声（National）空调遥控器", "乐声(national)")):
        assert _unit_with(read(title), piece).kind == "brand", read(title)


def test_brand_twin_in_brackets_keeps_its_closing_bracket(read):
    units = read("艾美特（AIRMATE）干衣机")
    assert units[0].kind == "brand" and units[0].text == "艾美特(airmate)"


def test_a_number_bare_after_a_name_is_a_model_not_a_spec(read):
    units = read("华硕魔霸3贴纸")
    assert _unit_with(units, "魔霸3").kind == "model"


def test_a_number_opening_a_phrase_counts_the_product_after_it_but_not_a_model_number(read):
    assert _unit_with(read("烘干机 3风机15层"), "3风机").kind in ("spec", "product")
    units = read("火烧炉银色 4522数显")  # an article number (4 digits) counts nothing
    assert not any("4522" in u.text and "数显" in u.text for u in units)
    assert _unit_with(read("华硕魔霸3贴纸"), "魔霸3").kind == "model"  # against a name: its series
    # at the title's start a number is as often an article code; after another number it ends a list
    assert not any("587" in u.text and "摆件" in u.text for u in read("587摆件海报展板贴纸素材"))
    assert not any("407" in u.text and "汽车" in u.text for u in read("标致206,207,307,407汽车贴纸"))


def test_a_bare_number_of_three_digits_is_a_model_but_a_year_is_not(read):
    # a bare article number (钢笔666, 货号 58183) names the item; a year dates the listing
    assert _unit_with(read("英雄钢笔666黑色 练字"), "666").kind == "model"
    assert _unit_with(read("新款2025钢笔 黑色"), "2025").kind != "model"
    assert _unit_with(read("钢笔66 黑色"), "66").kind != "model"  # two digits: a count or a size as often


def test_a_small_bare_number_opening_a_phrase_measures_the_word_after_it(read):
    # 19|涂鸦 (pattern 19), 3.5|单插版 (the 3.5 mm plug): a rewrite kept 19 and dropped what it numbers (session 23)
    assert _unit_with(read("手机壳保护套 19涂鸦爱心+挂绳+指环"), "19涂鸦").kind == "spec"
    assert _unit_with(read("游戏耳机 G9000 耳麦 3.5单插版黑蓝色"), "3.5单插版").kind == "spec"
    # glued to a word before it, the number may end that (42寸|32 of a list of sizes, 英语|一二): no such unit
    assert _unit_with(read("电视罩防尘罩65寸55寸42寸32松鹤延年"), "32松鹤") is None
    assert _unit_with(read("考研答题卡英语一二政治数学答题卡纸"), "一二政治") is None
    # three digits are an article or model number, a colour or a buyer says what it says alone
    assert _unit_with(read("英雄钢笔 666中小学生用书写练字钢笔"), "666").kind == "model"
    assert _unit_with(read("中性笔 05黑色 12支"), "05黑色") is None
    assert _unit_with(read("彩铅套装 24儿童 36色"), "24儿童") is None


def test_a_character_the_title_uses_as_a_suffix_closes_the_word_before_it(read):
    # 单 begins more dictionary words than it ends and was read as a prefix (单|送货, and a rewrite kept 送货 of
    # 送货单); a form title writing 出仓单 and 领料单 uses it as the form's suffix (session 23)
    units = read("三联仓库进仓单出仓单领料单产品出入库单送货单定做")
    assert _unit_with(units, "送货单") is not None and _unit_with(units, "出入库单") is not None
    assert _unit_with(read("小米手环3腕带硅胶替换带 金属表带"), "替换带") is not None
    # written once in the title, a word ending in the character says nothing (超大 beside 加厚|大|号)
    units = read("垃圾桶加厚大号 超大容量")
    assert _unit_with(units, "加厚大") is None
    # without such words the prefix stays a prefix (单|主机: a lone host, no form)
    assert _unit_with(read("台式电脑 单主机 办公"), "单主机") is not None


def test_a_lone_yong_closes_the_word_before_it(read):
    # 学生|用|办公: 用 after a noun says whom the item is for (学生用); it had joined the product word after it,
    # and a rewrite wrote 订书机用办公用, 蜡笔用绘画笔: a 用 without its noun (session 24)
    units = read("得力订书机学生用办公用12号装订机标准订书器")
    assert _unit_with(units, "学生用") is not None and _unit_with(units, "用办公") is None
    assert _unit_with(read("尺寸学习用线圈笔记本 A5"), "学习用") is not None
    # even where 用 makes a word with the next character (用书 of 学生|用|书架)
    assert _unit_with(read("桌面书架学生用书架书立简易"), "学生用") is not None
    # 用 inside a word jieba knows stays there (用品)
    assert _unit_with(read("学生文具用品 笔袋"), "用品") is not None


def test_a_number_before_a_dimension_is_no_size_of_its_list(read):
    # 魔兽世界34 900*400mm*5mm: 34 numbers the design, 900*400mm*5mm is the size; read as one list of sizes,
    # a rewrite wrote 耐磨34 900*400mm*5mm, the 34 without its design (session 24)
    units = read("wow魔兽世界游戏鼠标垫超大电竞耐磨 魔兽世界34 900*400mm*5mm")
    assert _unit_with(units, "900*400mm*5mm").text == "900*400mm*5mm"
    assert _unit_with(units, "34").text.startswith("魔兽世界")
    # a list of sizes stays one unit (67 72 77 82mm)
    assert _unit_with(read("UV镜 67 72 77 82mm 滤镜"), "67").text == "67 72 77 82mm"
    assert read("惠普 ENVY X360 13 15")  # numbers in a list end the title (an early version raised IndexError)


def test_a_list_of_bare_sizes_holds_numbers_of_one_magnitude_and_no_year(read):
    # 灵越7000 7391 13.3英寸 is a series, a model and a screen size: read as one list of sizes, the model went
    # with the size, and rewrites wrote 戴尔DELL灵越轻薄笔记本 (session 25)
    units = read("戴尔DELL灵越7391 13.3英寸轻薄笔记本电脑无线鼠标")
    assert _unit_with(units, "13.3").text == "13.3英寸"
    # 潮7000 2018款: a series number and an edition year, no sizes of one list
    assert _unit_with(read("笔记本电脑贴膜潮7000 2018款15.6英寸外壳膜"), "7000").text == "7000"
    # sizes of one magnitude stay one list, whatever their digits (8 10 12mm)
    assert _unit_with(read("镜头盖 8 10 12mm 单反相机"), "8").text == "8 10 12mm"


def test_a_suffix_fit_phrase_after_the_device_takes_the_names_before_it(read):
    # 华为/小米/OPPO手机通用: the phone between the names and 通用 is theirs; read without it, a rewrite kept
    # 华为/小米/OPPO and dropped 手机通用, naming other companies' brands with no fit phrase (session 24)
    units = read("第一卫 自拍杆神器三脚架 苹果蓝牙补光直播支架 华为/小米/OPPO手机通用 樱花粉")
    u = _unit_with(units, "OPPO")
    assert u.kind == "compat" and u.text.endswith("手机通用") and "华为" in u.text
    # not the item sold, whose fit phrase opens the list after it (佳能闪光灯适用5D3)
    assert _unit_with(read("佳能闪光灯适用5D3 6D 80D单反相机闪光灯"), "闪光灯").kind == "product"
    # after an ambiguous alias or a system the device settles that they name a maker's device (苹果|手机|通用:
    # 苹果 was read as the fruit naming the phone; a short title wrote 安卓手机 without 通用)
    for title, names in (("捞米蓝牙耳机迷你入耳式运动蓝牙耳机苹果手机通用 粉色", "苹果手机通用"),
                         ("泰迪移动电源充电宝6000毫安安卓手机通用卡通", "安卓手机通用"),
                         ("小米苹果6iphone5安卓智能手机通用挂耳式耳机", "小米苹果6iphone5安卓智能手机通用")):
        u = _unit_with(read(title), names)
        assert u is not None and u.kind == "compat", title
    # a code before a device names no maker's device: 导热膏 stays whole
    assert _unit_with(read("导热硅脂白色导热膏led灯珠专用硅胶"), "导热膏") is not None


def test_the_degree_sign_is_the_unit_of_its_number(read):
    # 360°全包, 俯角15°: the degree sign is a gap between tokens, and rewrites kept 手机壳360, 俯角15 (session 24)
    for title, spec in (("手机壳360°全包防摔PC保护套", "360°"), ("仰角俯角15°可调版 挂架", "15°"),
                        ("温度40℃恒温 电热水壶", "40°c"), ("新科L09 180°壁挂音响", "180°"),
                        ("演示温度计 -40~50℃ 摄氏度", "40~50°c")):
        u = _unit_with(read(title), spec)
        assert u is not None and u.kind == "spec" and u.text.endswith(("°", "°c")), (title, u)


def test_a_name_before_tong_kuan_is_one_unit_with_it(read):
    # 康佳|同款: apart, a rewrite kept 康佳 and a no-name filter read as a Konka one (session 24)
    u = _unit_with(read("康佳同款厨房自来水前置过滤器家用净水机"), "康佳")
    assert u.text == "康佳同款" and u.kind != "brand"


def test_a_suffix_cut_off_the_word_before_names_no_series(read):
    # 新款|式|3: 式 closes 新款 (新款式 3, "new style 3"); read as the series of 式3, rewrites wrote 贴纸式3
    units = read("笔记本贴纸屏保 新款式3 A 面")
    assert _unit_with(units, "式3") is None
    # after a name it ends the series name (拯救|者|y7000), and a series after a mark stays one (悟1/悟2)
    assert _unit_with(read("适用于联想拯救者Y7000 2019电脑贴纸"), "拯救者y7000") is not None
    assert _unit_with(read("inspire 大疆悟遥控器维修 悟1/悟2/遥控器快速维修"), "悟2").text == "悟2"


def test_a_scene_word_before_a_model_is_no_series(read):
    # 家用|df-81 was read as a series and its model, one fixed unit: a rewrite wrote 电炸炉家用家用DF-81 (session 23)
    assert _unit_with(read("维思美电炸锅电炸炉家用商用油炸锅家用DF-81单缸13L"), "df-81").text == "df-81"
    assert _unit_with(read("华硕ROG魔霸3贴纸"), "魔霸3").kind == "model"  # a series name stays one


def test_a_series_name_before_a_model_is_short(read):
    # 天选|fa506 is one model; 吸附|重金属 before a product code is no series name
    units = read("净水器吸附重金属LU5A4-CKU-2A 白色")
    assert "吸附" not in _unit_with(units, "lu5a4-cku-2a").text
    assert _unit_with(read("华硕天选fa506笔记本"), "fa506").text == "天选fa506"


def test_a_name_jieba_cut_in_pieces_at_the_head_is_one_unit(read):
    # 酷|元素 before the product word: a coined name, kept or dropped whole
    assert read("酷元素鼠标垫 超大办公桌垫子")[0].text == "酷元素"
    assert read("金晨光曼活页纸B5活页芯")[0].text == "金晨光曼"
    # a run of listed words, or one that goes on past a name's length, is left to the other passes
    assert read("超大鼠标垫 加厚 办公桌垫")[0].kind == "product"
    assert read("小清新笔记本子 手帐本")[0].kind == "product"


def test_a_size_after_a_compat_list_is_a_spec_not_a_model_of_the_list(read):
    units = read("收银机连接线适配商米15.6英寸单屏")
    assert _unit_with(units, "15.6英寸").kind == "spec"
    units = read("内胆包适用苹果MacBook Air/Pro笔记本电脑13.3/15.4英寸防震套")
    assert _unit_with(units, "13.3/15.4英寸").kind == "spec"
    assert _unit_with(read("适用苹果6/7/8plus手机壳"), "6/7/8plus").kind == "compat"  # integers stay models


def test_a_unit_across_a_space_and_a_dimension_word_before_its_number(read):
    assert _unit_with(read("橡套线4芯2.5 平方"), "2.5 平方").kind == "spec"
    assert _unit_with(read("保温杯 500 ml 白色"), "500 ml").kind == "spec"
    assert _unit_with(read("卷筒打印纸 幅宽0.75米"), "幅宽0.75米").kind == "spec"
    # a dimension word after a number names the next number, not this one
    assert _unit_with(read("地球仪 42 直径30cm"), "直径30cm") is not None


def test_a_gift_or_exclusion_phrase_is_one_note(read):
    # cut, it would leave a dangling 送 or state the gift as what is sold (送|8G|U盘 -> 8G)
    units = read("看戏机老人唱戏机 15吋护眼版+送8GU盘+礼包")
    u = _unit_with(units, "送8GU盘+礼包")
    assert u is not None and u.kind == "note"
    u = _unit_with(read("编程小车套件 灭火功能不含microbit主板"), "不含microbit主板")
    assert u is not None and u.kind == "note"


def test_a_colour_name_is_not_read_from_a_listed_word_before_it(read):
    # 新款|白色 is a new white one (no colour named 新款白), 酷|黑色 and 黑|红色 are colour names
    units = read("韩版新款白色卫衣")
    assert _unit_with(units, "新款白色") is None
    # before one colour character ending the phrase a style word names the colour (经典|黑, 气质|银: session 24;
    # a rewrite kept 黑 of 经典黑 alone)
    for title, colour in (("充电器快充酷黑色", "酷黑色"), ("耳机头戴式 黑红色", "黑红色"),
                          ("电脑包手提包 经典黑 15.6英寸", "经典黑"), ("手机支架平板/手机通用-气质银", "气质银"),
                          ("ktv音响套装尊贵款木纹色音响", "木纹色")):
        u = _unit_with(read(title), colour)
        assert u is not None and u.kind == "colour", title
    # a lone 色 closes a colour whatever follows (木纹|色|音响 had read 色音响), unless it begins a word with the next
    # character (盟友|色|粉笔: 色粉 is pastel, no colour 盟友色)
    assert all(u.text != "色音响" for u in read("ktv音响套装尊贵款木纹色音响"))
    assert _unit_with(read("韩国盟友色粉笔72色木盒彩色粉笔"), "盟友色").kind != "colour"


def test_an_article_number_joined_to_a_latin_code_is_one_model(read):
    u = _unit_with(read("早餐机不锈钢多士炉22702-CN 灰色"), "22702-cn")
    assert u is not None and u.kind == "model"


def test_a_rate_is_one_spec_with_its_time_unit(read):
    # 440MB/s, 30km/h: the "/s" is the second of a rate, never a model of its own (session 12: a
    # rewrite kept "/s" alone after dropping 440M)
    units = read("喵飞 存储卡440M/s读取 风扇30km/h 水泵5L/min")
    for piece in ("440m/s", "30km/h", "5l/min"):
        u = _unit_with(units, piece)
        assert u is not None and u.kind == "spec", piece
    assert not any(u.kind == "model" for u in units)


def test_a_slash_twin_cut_to_one_character_takes_its_pieces(read):
    # jieba cut the Chinese name of MKS/美克斯 to 美|克斯: the brand is the whole name, up to the product word
    units = read("MKS/美克斯塑脸仪紧致V脸美容仪")
    u = _unit_with(units, "mks/美克斯")
    assert u is not None and u.kind == "brand" and "塑脸仪" not in u.text


def test_a_device_keeps_its_number_before_the_item_sold(read):
    # 平板|5|保护套: the 5 names the tablet the case fits, not a count; a bag's size stays apart from it
    units = read("喵飞荣耀平板5保护套 皮套 10.1英寸")
    u = _unit_with(units, "平板5")
    assert u is not None and u.kind in ("model", "compat", "product")
    assert _unit_with(read("喵飞耳机7.1声道 头戴式"), "耳机7.1") is None  # a channel count


def test_a_count_or_a_year_with_kuan_stays_a_spec(read):
    units = read("2025款 3款可选 卫衣")
    assert _unit_with(units, "2025款").kind == "spec"
    assert _unit_with(units, "3款").kind == "spec"


def test_a_listed_attribute_starting_with_a_negator_keeps_its_kind(read):
    # 不锈钢 is a material and 无线 a parameter, not negations (不|点灯 still is one)
    units = read("电热水壶 不锈钢 蓝牙音箱 无线 台灯 不点灯")
    assert _unit_with(units, "不锈钢").kind == "material"
    assert _unit_with(units, "无线").kind != "negation"
    assert _unit_with(units, "不点灯").kind == "negation"


def test_a_product_unit_takes_the_word_before_the_whole_unit(read):
    # 小|吊扇 is one unit already; the modifier glued before it joins that unit, not just 小
    u = _unit_with(read("微风吊扇支架中联小吊扇床上固定架子"), "中联小吊扇")
    assert u is not None and u.kind == "product"


def test_a_coined_word_joins_its_neighbours_but_does_not_chain(read):
    # jieba coins a word from characters it cannot place; it joins the words on either side, and a
    # second coined word further on starts a unit of its own instead of growing the first one
    units = read("变声器直播声卡套装萝莉女变男音吃鸡软件微信语音")
    assert max(len(u.text) for u in units) <= 8


def test_notes_longer_than_the_limit_are_read_inside(read):
    units = read("手机壳(适用华为 小米 苹果 三星 vivo oppo 荣耀 魅族 一加 中兴 联想)")
    assert not any(u.kind == "note" for u in units)


def test_importance_order_of_the_issue():
    rank = importance
    assert [rank(k) for k in ("brand", "product", "model", "compat")] == [0, 1, 2, 3]
    assert max(rank(k) for k in ("brand", "product", "model", "compat")) < min(rank("spec"), rank("colour"))
    assert max(rank("spec"), rank("colour")) < min(rank("function"), rank("material"))
    assert max(rank("function"), rank("material")) < min(rank(k) for k in ("scene", "audience", "filler"))
    assert rank("filler") == len(IMPORTANCE) - 1
    assert set(IMPORTANCE) == KINDS
    with pytest.raises(KeyError):
        importance("nonsense")


def test_empty_title_has_no_units(segmenter):
    lex = load_lexicon()
    terms = title_terms(normalize("   "), segmenter)
    assert read_units(terms, detect(terms, lex), lex, segmenter=segmenter) == ()


# ------------------------------------------------------------------ properties
_PIECES = [
    "3600", "流明", "适用", "华为", "mate60", " ", "pro", "/", "-", "*", "(", ")", "【", "】", "手机壳", "2",
    "个", "土豪", "金", "不", "点灯", "x", "kg", "iphone", "魔霸", "3", "23.8", "英寸", "先科", "sast", "色",
    "木", "青春", "版", "防", "摔", "的", "、", "张", "新款", "包邮", "送", "u1", "z1i", "宽", "mm", "万", "直径",
]  # fmt: skip
_TITLES = st.lists(
    st.sampled_from(_PIECES) | st.text("的一是不人有在个上大中国手机壳套装", min_size=1, max_size=3), max_size=25
).map("".join)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_TITLES)
def test_units_partition_the_tokens(read, segmenter, title):
    if not normalize(title).text.strip():
        return
    lex = load_lexicon()
    terms = title_terms(normalize(title), segmenter)
    facts = detect(terms, lex, is_known_word=segmenter.is_word)
    units = read_units(terms, facts, lex, segmenter=segmenter)
    # contiguous, in order, every token exactly once
    pos = 0
    for u in units:
        assert u.start == pos and u.stop > u.start
        assert u.kind in KINDS
        pos = u.stop
    assert pos == len(terms.tokens)
    # deterministic
    assert read_units(terms, facts, lex, segmenter=segmenter) == units
    # the text holds every token of the unit, in order
    for u in units:
        assert "".join(terms.tokens[u.start : u.stop]) in u.text.replace(" ", "") or all(
            t in u.text for t in terms.tokens[u.start : u.stop]
        )
    # a number is never in a different unit from the unit word glued to it
    owner = {i: k for k, u in enumerate(units) for i in range(u.start, u.stop)}
    words = {"流明", "英寸", "个", "张", "kg", "mm", "万"}
    for i in range(len(terms.tokens) - 1):
        if _NUMBER.match(terms.tokens[i]) and terms.glued[i] and terms.tokens[i + 1] in words:
            assert owner[i] == owner[i + 1], (terms.tokens, units)


def test_a_well_known_word_after_a_latin_brand_is_not_its_name(read):
    # XGE|车载: jieba knows 车载 (in-car) well, so it says something about the item, not the brand's name
    units = read("XGE车载加湿器香薰精油喷雾空气净化器")
    brand = _unit_with(units, "xge")
    assert brand is not None and brand.kind == "brand" and "车载" not in brand.text, brand


def test_sizes_written_back_to_back_are_one_spec(read):
    # a list of sizes is kept or dropped whole (1.5m1.8m2.0m, 4g64g, 48v250w: a rewrite kept 250w without its
    # 48v); a bare number after a size (1.8升|1.8 茶壶) and a copy of the first size are no part of it
    for title, piece in (("喵飞四件套1.5m1.8m2.0m床", "1.5m1.8m2.0m"), ("喵飞手机内存4g64g", "4g64g"),
                         ("喵飞开关电源48v250w", "48v250w"), ("喵飞帽子3-6-12个月", "3-6-12个月")):
        u = _unit_with(read(title), piece)
        assert u is not None and u.kind == "spec", title
    assert _unit_with(read("喵飞电热1.8升1.8茶壶"), "1.8升") is not None
    assert _unit_with(read("喵飞止痛膏 10片/盒10片/盒"), "10片/盒") is not None


def test_two_unknown_words_glued_are_one_compound(read):
    # jieba cuts a phrase it lacks into words it has (自动|断电): a rewrite kept 自动 and dropped 断电
    for title, piece in (("喵飞电水壶自动断电 1.5升", "自动断电"), ("四方伙伴加厚笔记本", "四方伙伴")):
        u = _unit_with(read(title), piece)
        assert u is not None and u.kind == "word", title
    # a space between them, or a phrase longer than four characters, stays two units
    assert _unit_with(read("喵飞电水壶自动 断电 1.5升"), "自动断电") is None
    assert _unit_with(read("喵飞净水器反渗透净水 家用"), "反渗透净水") is None


def test_an_everyday_word_after_a_latin_name_is_no_twin_name(read):
    # jieba tags 贝壳 (shell) a person's name but knows it well: the product line, not the maker's Chinese name
    assert _unit_with(read("韩国 vdl贝壳提亮液正品妆前乳"), "vdl贝壳") is None
    assert _unit_with(read("XGE车载手机支架"), "xge车载") is None


def test_a_name_before_the_first_space_is_one_unit(read):
    # sellers write the brand first and a space after it; jieba cut these into words of other kinds (真皮 a
    # material, 果粉 a product), and a rewrite kept 果粉 alone
    for title, piece in (("真皮世家 快充数据线便携短线", "真皮世家"), ("果粉师傅 苹果手机摄像头更换维修", "果粉师傅")):
        u = _unit_with(read(title), piece)
        assert u is not None and u.kind == "word", title
    # a product phrase, or words that describe (a verb last), are no name
    assert _unit_with(read("男士卫衣 加绒"), "男士卫衣").kind == "product"
    assert _unit_with(read("加厚保暖 卫衣男"), "加厚保暖") is None


def test_a_lone_adjective_does_not_join_a_brand_after_it(read):
    # 冷 describes a thing; before a maker's name it ends the words before it (a short title read 冷海尔)
    units = read("冷藏柜冰柜冷海尔")
    assert _unit_with(units, "海尔").text == "海尔"


def test_a_count_or_a_size_before_a_model_names_no_series(read):
    # jieba's HMM coins 六核 (six cores) and 本大号 (英语本|大号 read across): glued to a model, each was taken for
    # its series name (六核i7-8700, 本大号b5) and a rewrite kept the piece with the model (16k/A4本大号b5…)
    assert _unit_with(read("戴尔台式机 六核i7-8700整套"), "i7-8700").text == "i7-8700"
    assert _unit_with(read("16k加厚考研英语本大号b5记事本"), "b5").text == "b5"
    assert _unit_with(read("华硕ROG魔霸3贴纸"), "魔霸3").kind == "model"  # a name stays the series


def test_a_lone_adjective_ends_the_first_word_and_stands_alone_before_a_model(read):
    # the title's first word is its brand slot: an adjective glued to it ends the name (成文|厚 费用…), as any
    # character does; before a model it describes neither side and is a unit of its own (硅胶|软|gem-703l: joined
    # to the model, a rewrite kept 软 with it; joined to the word before, it stayed behind when that word went)
    assert _unit_with(read("成文厚费用报销单凭证"), "成文").text == "成文厚"
    units = read("华为荣耀X2手机壳防摔硅胶软gem-703l全包")
    assert _unit_with(units, "gem-703l").text == "gem-703l"
    assert _unit_with(units, "软").text == "软"


def test_a_quantity_or_a_year_in_brackets_after_a_model_is_no_part_of_it(read):
    units = read("功放PA-220A（200W） 手机A8plus(2018)")
    assert _unit_with(units, "200W").kind == "spec" and "200" not in _unit_with(units, "pa-220a").text
    assert "2018" not in _unit_with(units, "a8plus").text


@pytest.fixture(scope="module")
def read_searched(segmenter):
    """Units read with a keyword table's phrase values (a small table written here: phrase -> demand)."""
    lex = load_lexicon()

    def run(title: str, searched: dict[str, float]) -> tuple[Unit, ...]:
        terms = title_terms(normalize(title), segmenter)
        facts = detect(terms, lex, is_known_word=segmenter.is_word)
        return read_units(terms, facts, lex, segmenter=segmenter, phrase_value=lambda p: searched.get(p, 0.0))

    return run


def test_a_unit_boundary_does_not_split_a_searched_phrase(read, read_searched):
    title = "吃鸡神器自动压枪和平精英辅助器"
    # read without a table, 和平 ends one unit and 精英 is another: a rewrite dropping either left a fragment
    # (…自动压枪和平辅助器, …吃鸡神器精英手游, session 25)
    assert _unit_with(read(title), "和平精英") is None
    units = read_searched(title, {"和平精英": 6.0})
    assert _unit_with(units, "和平精英") is not None
    assert _unit_with(units, "自动压枪").text == "自动压枪"  # the boundary moved to the phrase's edge, no further
    # tokens in order, every one in one unit: still a partition of the title
    assert "".join(u.text for u in units) == "吃鸡神器自动压枪和平精英辅助器"


def test_a_searched_phrase_does_not_take_a_product_units_head_or_leave_a_lone_character(read, read_searched):
    # words the lists read, searched together (迷你|便携), are a phrase, not a word jieba cut: the reading stays
    title = "遥控飞机 迷你便携航拍无人机 黄色"
    assert [u.text for u in read_searched(title, {"迷你便携": 3.0})] == [u.text for u in read(title)]
    # a product unit's last word is its head: a query 加湿器家用 does not take 加湿器 from 空气加湿器
    title = "空气加湿器家用静音卧室"
    assert [u.text for u in read_searched(title, {"加湿器家用": 5.0})] == [u.text for u in read(title)]
    # the unit the words would leave keeps two characters or more (金刚菩提|根: 根 alone is a fragment)
    title = "藏式连体三通金刚菩提根顶珠配饰"
    assert [u.text for u in read_searched(title, {"金刚菩提": 5.0})] == [u.text for u in read(title)]
    # a product unit's head stays even for a lone character a query reads with the next word (风干|机 家用)
    title = "干衣机衣服烘干机/风干机家用容量10公斤"
    assert [u.text for u in read_searched(title, {"机家用": 2.0})] == [u.text for u in read(title)]
    # the new boundary splits no word jieba knows (快递打|包装 would split 打包)
    title = "透明胶带封箱大卷快递打包装胶带纸"
    assert [u.text for u in read_searched(title, {"快递打": 2.0})] == [u.text for u in read(title)]


def test_a_character_given_to_a_side_by_default_joins_the_units_on_both_sides(read):
    # jieba cuts a word it lacks into words it has and a character it cannot place (少女|心|日记本, 美术|生|专用);
    # the character went to one side by default, and a rewrite that dropped the other side kept a piece of the
    # word (…粉色心手账本, …全套专用). The edge it leaves is soft: the two units across it are one.
    assert _unit_with(read("可爱少女心日记本 加厚"), "少女心日记本") is not None
    assert _unit_with(read("学生毕业季礼物笔筒"), "毕业季礼物") is not None
    units = read("品牌 美术生专用 画板")
    assert _unit_with(units, "美术生专用") is not None
    assert "".join(u.text for u in units).replace(" ", "") == "品牌美术生专用画板"


def test_a_soft_edge_joins_no_unit_longer_than_a_phrase(read):
    # the joined unit has at most MAX_SOFT_CHARS characters: 少女心笔记本子 (7) stays as read
    assert _unit_with(read("可爱少女心笔记本子"), "少女心笔记本子") is None
