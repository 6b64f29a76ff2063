"""Product detection rules (titleopt.product), on synthetic titles written for these tests."""

from __future__ import annotations

import pytest

from titleopt.lexicon import LEADING_PRODUCTS, load_lexicon
from titleopt.normalize import normalize
from titleopt.product import MAX_PROTECTED_PRODUCTS, ListingFacts, detect, fit_phrases
from titleopt.segment import ADJECTIVE_TAGS
from titleopt.terms import title_terms


@pytest.fixture(scope="module")
def facts_of(segmenter):
    lex = load_lexicon()

    def run(title: str, **kw) -> ListingFacts:
        terms = title_terms(normalize(title), segmenter)
        return detect(terms, lex, is_known_word=segmenter.is_word, **kw)

    return run


def test_a_lone_adjective_after_a_product_word_closes_no_product_noun(facts_of, segmenter):
    # 空调|大|1匹: 大 says how big the air conditioner is (大1匹); read as a lone head, 空调大 was the product and a
    # rewrite kept 空调大 without its 1匹. jieba's tag says what the character is (an adjective, a)
    adjective = segmenter.tagged_words(ADJECTIVE_TAGS).__contains__
    f = facts_of("奥克斯空调大1匹冷暖壁挂式", adjective=adjective)
    assert f.product_word == "空调" and "空调大" not in f.product_words, f
    # a lone noun there still closes one (蛋糕|粒 + 500g)
    assert "蛋糕粒" in facts_of("巧克力蛋糕粒 500g", adjective=adjective).product_words
    # and the optimizer reads a listing so (Context.adjective is passed to detection)
    from titleopt.optimizer import TitleOptimizer

    assert TitleOptimizer().listing("奥克斯空调大1匹冷暖壁挂式").facts.product_word == "空调"


# ------------------------------------------------------------------ brands
def test_given_brand_wins(facts_of):
    f = facts_of("耐克运动鞋男透气跑步鞋", brand="我的牌子")
    assert f.brand == "我的牌子"
    assert f.brands == ("我的牌子",)


def test_known_brand_from_dictionary(facts_of):
    assert facts_of("夏季新款耐克运动鞋男透气跑步鞋").brand == "耐克"


def test_a_name_written_first_is_the_sellers_brand_before_a_listed_brand_it_fits(facts_of):
    # a third-party case names the phone it fits; the seller's own brand comes first (品牌 + 商品名称)
    assert facts_of("闪觅 华为P30手机壳 防摔全包").brands == ("闪觅",)
    assert facts_of("咔咔鱼 联想ThinkPad X390贴纸").brand == "咔咔鱼"
    # no name first: the listed brand is the brand
    assert facts_of("夏季新款耐克运动鞋男").brand == "耐克"
    assert facts_of("耐克运动鞋 闪觅").brand == "耐克"


def test_known_brand_written_twice_keeps_both_scripts(facts_of):
    f = facts_of("sony/索尼 长焦数码相机 正品")
    assert set(f.brands) == {"sony", "索尼"}
    assert {"sony", "索尼"} <= set(f.protected)


def test_leading_latin_name_is_a_brand(facts_of):
    assert facts_of("zorvex 男士真皮腰带 商务").brand == "zorvex"


def test_leading_tag_and_service_words_are_skipped(facts_of):
    f = facts_of("【香港专柜】包邮正品 zorvex 男士真皮腰带")
    assert f.brand == "zorvex"


def test_a_count_first_is_no_brand(facts_of):
    # 2|支装, 10|个装: the word glued after a leading number says what it counts (was read as the brand, so a
    # rewrite kept it like one)
    assert facts_of("2支装小学生用正姿书法练字钢笔初学者").brand != "支装"
    assert facts_of("10个装修正带替芯小学生用").brand != "个装"


def test_a_style_word_is_no_product_noun_for_its_last_character(facts_of):
    # 潮|牌 is a trendy label, not a sign (牌 a head character): as a product word a short title kept it
    # (手机壳保护套全包防摔潮牌: 34 of 44 JD short titles with it; session 18)
    f = facts_of("迈煜 vivoX9手机壳潮牌 保护套全包防摔软壳磁吸指环扣支架潮男女")
    assert "潮牌" not in f.product_words and f.product_word != "潮牌", f


def test_latin_and_unknown_chinese_twin(facts_of):
    f = facts_of("qorbelt/豁柯 灯光解码器 舞台灯控")
    assert f.brands[0] == "qorbelt"
    assert "豁柯" in f.brands
    # a Latin word glued on into the product word names the product, not the brand's twin
    f = facts_of("娃哈哈ad钙奶 220ml*24瓶")
    assert "ad" not in f.brands


def test_a_name_with_its_other_script_in_brackets_leads_as_the_brand(facts_of):
    # the brand field's own form (中文（Latin）, Latin(中文)) at the start of a title
    f = facts_of("喵飞（miaofei）手机支架桌面懒人支架")
    assert f.brand == "喵飞" and "miaofei" in f.brands
    f = facts_of("Miaofei(喵飞) 手机支架桌面懒人支架")
    assert f.brand == "miaofei" and "喵飞" in f.brands


def test_a_short_unknown_lead_chunk_set_apart_by_a_space_is_the_brand(facts_of):
    assert facts_of("喵飞 手机支架桌面懒人支架 黑色").brand == "喵飞"
    # a chunk made of known words is a phrase, not a name
    assert facts_of("家用 手机支架桌面懒人支架").brand is None
    # a colour character jieba cut off the end of the chunk is the name's (喜门|红: the brand was 喜门, and a
    # rewrite wrote 喜门皮套…, session 23); after a word that is no name it is a colour
    assert facts_of("喜门红 皮套保护套适用于华硕平板电脑 红色").brand == "喜门红"
    assert facts_of("经典红 皮套保护套").brand is None


def test_a_lead_chunk_before_a_model_number_is_the_brand_even_when_jieba_knows_it(facts_of):
    # 品牌 + 型号: 天色 ("the sky's colour") and 晨光 ("morning light") are everyday words to jieba, but
    # written apart before a model number they name the maker (a rewrite dropped 天色, session 25)
    assert facts_of("天色 TS-1205金属办公按动中性笔 钢琴黑").brand == "天色"
    assert facts_of("晨光 ASS91413 装美工刀片壁纸刀片").brand == "晨光"
    # not before a size, a plain number or a Latin word with no digit, nor a product word or a scene
    assert facts_of("天色 中性笔 钢琴黑").brand is None
    assert facts_of("天色 A 中性笔").brand is None
    assert facts_of("草稿本 a4大号笔记本").brand is None
    assert facts_of("家用 K8手机支架").brand is None


def test_a_proper_noun_first_is_the_brand_only_with_the_tagger(facts_of, segmenter):
    def proper_noun(w: str) -> bool:
        return w in segmenter.tagged_words(frozenset({"nz", "nr", "nrt", "nt"}))

    assert proper_noun("长虹")
    assert facts_of("长虹洗衣机全自动家用8公斤", proper_noun=proper_noun).brand == "长虹"
    assert facts_of("长虹洗衣机全自动家用8公斤").brand is None  # without it, detection is as before


def test_a_product_word_given_away_is_not_the_product(facts_of):
    assert facts_of("华为手机壳 送支架").product_word == "手机壳"
    assert facts_of("赠送钢化膜 手机壳").product_word == "手机壳"
    assert facts_of("送支架").product_word == "支架"  # a title naming only the gift still names a product


def test_what_a_gift_or_exclusion_phrase_names_is_not_the_product(facts_of):
    # the phrase runs from its marker to the end of the phrase, across + and 、 (a list of gifts)
    assert facts_of("电容笔细头触控笔【赠两个笔头+防误触手套】").product_word != "手套"
    assert facts_of("笔记本贴纸外壳膜 ABCD面+送清洁套装").product_word != "套装"
    assert facts_of("台式机电脑主机 单主机（无显示器）").product_word != "显示器"
    assert facts_of("投影仪上门安装服务（不包含投影仪）").product_word == "投影仪"  # also named outside it
    assert facts_of("编程小车套件 不含主板").product_word != "主板"
    # jieba glues the gift word to the count before it (50|张送|剪刀)
    assert facts_of("彩色硬卡纸 手工卡纸 10色50张送剪刀").product_word != "剪刀"
    # mid-phrase, 送 and 无 are parts of words and names: a necklace for a girlfriend, a bra without wire
    assert facts_of("生日礼物送女友项链").product_word == "项链"


def test_a_part_of_the_bundle_is_not_the_product(facts_of):
    # a bracket, a phrase after + and a phrase opened by 带/含 list what comes with the item (session 13:
    # 显示器 was the core of desktop computers sold with a monitor, 工作台 of a copier)
    assert facts_of("商用台式机电脑主机 单主机+21.5英寸显示器").product_word != "显示器"
    assert facts_of("戴尔台式机 商用迷你小主机 带27英寸窄边显示器").product_word == "台式机"
    assert facts_of("彩色激光数码复合机 商务办公（含双面输稿器+双层纸盒+工作台）").product_word == "复合机"
    # written in the running text too, the word is the product (its other copy is not aside)
    assert facts_of("液晶显示器 24英寸 显示器+支架").product_word == "显示器"
    # a title naming nothing but a part still names a product
    assert facts_of("【显示器】").product_word == "显示器"


def test_a_brand_after_a_compatibility_phrase_is_the_one_the_item_fits(facts_of):
    # jieba cuts 适用|于; a selling word or a dated edition may stand between the phrase and the name
    assert facts_of("适用于华为MateBook 13电脑屏幕保护贴膜").brand is None
    assert facts_of("适用于新款华为MateBook 13电脑屏幕保护贴膜").brand is None
    assert facts_of("适用2019款华为mate30手机壳").brand is None
    assert facts_of("华为手机壳 适用 新款").brand == "华为"  # a phrase after the name fits nothing
    # an ambiguous alias the phrase names (适用苹果) makes the brand's other names the device's too
    facts = facts_of("适用苹果硅胶运动表带apple watch5/4代 42mm 黑色")
    assert facts.brand is None and facts.product_word == "表带"
    # so does a name the phrase writes against its model number (iwatch|5, iphone|15pro: session 17)
    assert facts_of("适用于iwatch5表带硅胶真皮apple watch4代运动苹果手表表带").brand is None
    assert facts_of("适用iphone15pro手机壳 apple磁吸保护套").brand is None


def test_an_ambiguous_brand_used_as_a_brand_is_never_the_product(facts_of):
    # 苹果 against a Latin name or another brand is Apple, in every copy the title writes (one sense per title)
    assert facts_of("苹果ipad保护套 苹果平板皮套").product_word != "苹果"
    assert facts_of("自拍杆 苹果/华为通用").product_word == "自拍杆"
    assert facts_of("新鲜红富士苹果 5斤装").product_word == "苹果"  # fruit when nothing names a maker
    # before a colour word the alias names the colour (苹果灰色 of a laptop bag): neither maker nor product
    assert facts_of("商务电脑包手提包 苹果灰色 15.6英寸").product_word != "苹果"


def test_multi_word_latin_brand_is_protected_by_its_tokens(facts_of):
    f = facts_of("zorvex quilbo 女士保湿面霜 50ml")
    assert f.brand == "zorvex quilbo"
    assert {"zorvex", "quilbo"} <= set(f.protected)


def test_common_technical_words_are_not_brands(facts_of):
    assert facts_of("led 吸顶灯 客厅卧室灯具").brand is None


def test_leading_known_common_word_is_not_a_brand(facts_of):
    # 简约 is an everyday jieba word, not a coined name
    assert facts_of("简约纯棉短袖t恤男").brand is None


def test_a_banned_claim_in_a_rare_token_is_no_name(facts_of):
    # jieba cuts 第一|百搭 as 第一百 (rare): taken for a coined brand it would be protected,
    # and the rewrite would keep an absolute claim (Advertising Law art. 9)
    facts = facts_of("第一百搭卫衣")
    assert facts.brand is None and not any("第一" in t for t in facts.protected)


def test_leading_word_glued_to_a_lone_head_is_the_product_not_a_brand(facts_of):
    # jieba cuts the product noun (炫光|贴): the unknown word before the head is its modifier
    f = facts_of("新品 炫光贴 防水持久 男女款")
    assert f.brand is None
    assert f.product_word == "炫光贴"
    # …but 牌 written after a name marks the brand
    assert facts_of("金奥力牌番茄红素 男性健康").brand == "金奥力"


# ------------------------------------------------------------------ product words
def test_dictionary_product_word(facts_of):
    assert facts_of("2025新款夏季纯棉短袖连衣裙女宽松").product_word == "连衣裙"


def test_service_word_pieces_are_not_products(facts_of):
    f = facts_of("宁夏枸杞 特级 500克 包邮")
    assert "包" not in f.product_words
    assert f.product_word != "包"


def test_head_final_compound_not_in_dictionary(facts_of):
    # 净化器 ends with the product head 器: a product noun without any dictionary entry
    f = facts_of("工业车间焊烟净化器 移动式")
    assert f.product_word is not None and f.product_word.endswith("器")


def test_modifier_before_product_word_is_not_the_core(facts_of):
    # 茶叶 modifies 包装袋 (a bag for tea): the core is the bag
    assert facts_of("牛皮纸茶叶包装袋 自封").product_word == "包装袋"


def test_a_particle_before_the_core_is_no_modifier(facts_of):
    # 最好|的|连衣裙: 的 names nothing; protected, it would outlive the claim removed before it
    assert "的" not in facts_of("最好的连衣裙 夏季").protected


def test_repeated_word_is_a_product_candidate(facts_of):
    f = facts_of("野生长白山灵芝 无柄灵芝 赤芝切片")
    assert "灵芝" in f.product_words


def test_several_product_words_are_protected(facts_of):
    f = facts_of("家用除湿机 抽湿机 卧室静音干燥器")
    names = {f.product_word, *f.protected_products}
    assert len(names) >= 2
    assert len(f.protected_products) <= MAX_PROTECTED_PRODUCTS - 1
    assert "除湿机" in names


def test_category_counts_as_product_word(facts_of):
    f = facts_of("夏季透气 男款 徒步靴子", category="徒步靴子")
    assert f.product_word is not None and f.product_word in "徒步靴子"


# ------------------------------------------------------------------ models and protection
def test_models_and_following_suffix(facts_of):
    f = facts_of("适用iphone15 pro手机壳 透明防摔 g1610")
    assert "iphone15" in f.models and "pro" in f.models and "g1610" in f.models


def test_protected_has_no_duplicates_and_keeps_order(facts_of):
    f = facts_of("sony/索尼 数码相机 dsc-hx300 照相机")
    assert len(f.protected) == len(set(f.protected))
    assert f.protected[0] == f.brand


def test_empty_and_junk_titles_do_not_fail(facts_of):
    for t in ("", "   ", "!!!", "123 456", "【】", "a"):
        facts_of(t)


# ------------------------------------------------------------------ nouns and phrase-end heads
def test_without_product_words_the_core_is_the_last_noun(facts_of):
    # no dictionary or head-final word: verbs and adjectives (可调 通用 详谈) are never the core,
    # the nouns are candidates, the last one first (Chinese noun phrases are head-final)
    f = facts_of("加长可调通用 天然化石 沙漏 详谈")
    assert f.product_word == "沙漏"
    assert f.product_parts[:2] == ("沙漏", "化石")
    assert not {"可调", "通用", "详谈"} & set(f.product_parts)


def test_noun_fallback_skips_brand_service_and_attribute_words(facts_of):
    f = facts_of("zorvex 包邮 正品 化石 红色 现货")
    assert f.product_word == "化石"
    assert not {"zorvex", "包邮", "正品", "红色", "现货"} & set(f.product_parts)


def test_ambiguous_head_character_at_the_end_of_a_phrase(facts_of):
    # 片 is a tablet here (the phrase ends at the space), as in 感冒清热|片
    f = facts_of("禾衫 百花蜂蜜片 120g")
    assert f.product_word == "蜂蜜片"
    assert f.core_parts == ("蜂蜜", "片")


def test_ambiguous_head_character_inside_a_phrase_is_not_a_head(facts_of):
    # the same character glued to more words (一片|天空): no compound is made of it
    f = facts_of("禾衫 蜂蜜片天然 沙漏")
    assert "蜂蜜片" not in f.product_words and f.product_word != "蜂蜜片"


def test_unambiguous_new_head_characters(facts_of):
    # 泵 阀 剂 芯 …: a token ending in one is a product noun (head-final)
    assert facts_of("家用静音增压泵 自动").product_word == "增压泵"
    assert facts_of("家用 洗涤剂 强力").product_word == "洗涤剂"
    assert facts_of("净水器 滤芯 通用").product_words[-1] == "滤芯"


def test_product_noun_glued_to_a_count_or_a_latin_word(facts_of):
    # jieba keeps 10dvd and t恤衫 whole: the dictionary noun inside (dvd) or its head (衫) names the product
    assert facts_of("正版电视剧 精装珍藏版 10dvd").product_word == "10dvd"
    assert facts_of("女童纯棉白色短袖t恤衫 特价").product_word == "t恤衫"
    # a count or size with no product noun is none (500ml, 2017款)
    assert facts_of("纯棉 500ml 2017款 男").product_word is None


def test_a_rare_word_that_ends_in_a_product_head_is_no_brand(facts_of):
    # jieba knows 枕巾 and 三角钢琴 but rarely sees them: rare words read as coined names,
    # except nouns that end in a product head or a product word (head-final)
    f = facts_of("枕巾纯棉一对白色高档提花 宾馆酒店")
    assert f.brand != "枕巾" and f.product_word == "枕巾"
    f = facts_of("日本原装进口二手三角钢琴 家用")
    assert f.brand != "三角钢琴" and f.product_word == "三角钢琴"
    # nor is a word jieba made of a service word and a one-character product noun (正版|书)
    assert facts_of("正版书现货计算机操作系统及实验教程").brand != "正版书"
    # but a name ending in one (喜茶) still is one
    assert facts_of("喜茶 水果茶 冷泡").brand == "喜茶"
    # a Latin word glued to a lone head is the product's first half, not a brand (tf|卡)
    assert facts_of("tf卡 128g 高速 内存卡").brand != "tf"


def test_a_service_is_the_product_only_when_nothing_is_sold(facts_of):
    # a service listing: the service is a (weak) product word, so a short title keeps it
    f = facts_of("明朝 书生 古风 出租")
    assert f.product_word == "出租"
    # leading the title it is a status, not a service sold (预定 = pre-order), and it is never a brand
    assert "预定" not in facts_of("预定 2025新款 法式 碎花 连衣裙").product_parts
    assert facts_of("上门服务 保洁 家政").brand is None
    # beside a thing sold it stays below it: 空调 包安装 sells an air conditioner
    f = facts_of("格力 变频空调 1.5匹 安装 维修")
    assert f.product_word == "变频空调"
    assert "安装" in f.product_parts and f.product_parts.index("安装") > f.product_parts.index("变频空调")


def test_a_product_word_before_a_closing_colour_character_names_a_colour(facts_of):
    # 苹果|灰 (Apple grey) on a laptop sleeve: the fruit, searched often, outranked the sleeve, and a short
    # title wrote 适用于苹果灰. Demoted like a word before 味 or 店; alone it is still the product (保温杯|银)
    f = facts_of("电脑内胆包 笔记本保护包 防震 苹果灰（15.6英寸）")
    assert f.product_word in ("内胆包", "保护包"), f
    assert facts_of("保温杯银 500ml").product_word == "保温杯"
    # a product noun ending in a head character before the colour is the item in that colour (数据线|白, 桥架|白)
    assert facts_of("苹果数据线白 1米 快充").product_word == "数据线"
    assert facts_of("电缆桥架 线槽 塑胶pvc桥架白").product_word == "桥架"


def test_a_word_that_leads_product_words_does_not_make_the_word_before_it_a_modifier(facts_of):
    # 打印机|手机照片: 手机 opens the next phrase (photos from a phone), as it opens 手机壳; counted as the head of
    # 打印机, it made the printer a modifier and the phone the product (a short title wrote 手机wifi复印扫描家用)
    assert facts_of("佳能彩色喷墨连供打印机手机照片无线复印扫描家用").product_word == "打印机"
    # a word that leads none still does (茶叶|包装袋: tea is what the bag is for)
    assert facts_of("茶叶包装袋 礼盒").product_word == "包装袋"


def test_more_product_head_characters(facts_of):
    # 粮 (猫粮, 狗粮), 框 (相框), 苗 (树苗), 泥 (彩泥) end product nouns like 器 and 机 do
    assert facts_of("海洋鱼配方 成幼猫咪粮 1.5kg").product_word == "猫咪粮"
    assert facts_of("营业执照框 a3 挂墙").product_word == "营业执照框"
    assert facts_of("防撞 警示柱 隔离柱 50cm").product_word == "隔离柱"
    # a lone head glued after a Latin word closes a product word too (tf|卡 as 定影|器)
    assert facts_of("三星 tf卡 128g 高速").product_word == "tf卡"


def test_noun_after_a_product_word_at_the_end_of_a_phrase_is_a_product_candidate(facts_of):
    # 蜂蜜|酵素: the product word modifies the noun written after it (head-final), even
    # though no dictionary lists 酵素; a weak candidate, so the core stays the dictionary word
    f = facts_of("新款 天然蜂蜜酵素 60粒 正品")
    assert f.product_word == "蜂蜜"
    assert "酵素" in f.product_parts
    # the phrase goes on (酵素|调理): no head there
    assert "酵素" not in facts_of("天然蜂蜜酵素调理 60粒").product_parts
    # several nouns after the product word: the last one, where the phrase ends, is the head
    f = facts_of("精选 蜂蜜营养酵素 60粒")
    assert "酵素" in f.product_parts and "营养" not in f.product_parts


def test_lone_character_after_a_product_word_at_the_end_of_a_phrase_closes_it(facts_of):
    # 蛋糕|粒 + number: 粒 is no common head character, but glued after a product word
    # where the phrase ends it names the product (head-final); inside a phrase it does not
    assert facts_of("新鲜 蛋糕粒 500g").core_parts == ("蛋糕", "粒")
    assert "饼干碎" not in facts_of("饼干碎曲奇").product_words


def test_lone_product_character_that_begins_the_next_word_is_not_a_compound(facts_of):
    # 收纳袋|书|夹子: jieba cut 书夹 (a word of its dictionary) across tokens; 书 makes no word
    # with the end of 收纳袋 (袋书), so it begins the next word instead of closing 收纳袋书
    f = facts_of("试卷整理收纳袋书夹子学生用")
    assert ("收纳袋", "书") not in f.compounds
    assert "收纳袋书" not in f.product_words
    # a common head character still closes the word before it (纤维|笔|手账: 笔手 is a rare word)
    assert ("纤维", "笔") in facts_of("水性纤维笔手账笔").compounds


def test_a_fit_phrase_names_what_follows_the_size_of_the_device(segmenter):
    # 适用于|17.3|英寸|msi: the size of the laptop stands between the phrase and the name it opens
    lex = load_lexicon()
    for title, name in (("适用于17.3英寸msi微星GS75屏幕膜", "msi"), ("适用于2019款华为P30手机壳", "华为"),
                        ("适用华为P30手机壳", "华为"), ("适用于15.6英寸 笔记本电脑包", "15.6")):
        terms = title_terms(normalize(title), segmenter)
        (p,) = fit_phrases(terms, lex)
        assert terms.tokens[p.name] == name, (title, terms.tokens)
    # and a brand there is the device's, never the listing's
    assert detect(title_terms(normalize("适用于17.3英寸msi微星GS75屏幕膜 msi微星GT83"), segmenter), lex,
                  is_known_word=segmenter.is_word).brand is None


def test_the_device_a_fit_list_runs_into_is_not_the_product(facts_of):
    # the list 适用于 opens runs into 笔记本电脑, a word ending in 电脑 (which leads 电脑包, 电脑支架): the
    # laptop the sticker fits, not what is sold
    title = "咔咔鱼 适用于15.6英寸神舟战神Z7-CT7VH笔记本电脑外壳保护膜机身贴纸屏保贴膜键盘防尘套"
    assert facts_of(title).product_word not in ("笔记本电脑", "电脑")
    # an accessory word there is the item itself
    assert facts_of("适用15.6英寸戴尔燃7000 Pro笔记本键盘膜 钢化膜").product_word in ("键盘膜", "钢化膜")
    assert facts_of("适用于华为P30手机壳 硅胶").product_word == "手机壳"


def test_product_word_written_against_flavour_mark_is_a_flavour_not_the_core(facts_of):
    # 草莓|味, 芒果|口味: the word before 味 says how it tastes; the thing sold is the other
    # product word, even when the flavour comes later (ties would go to the later word)
    assert facts_of("酥脆饼干 香甜草莓味").product_word == "饼干"
    assert facts_of("酸奶 芒果口味 100g").product_word == "酸奶"
    assert "草莓" in facts_of("酥脆饼干 香甜草莓味").product_words  # still a candidate (kept as filler)
    assert facts_of("新鲜草莓 5斤").product_word == "草莓"  # no flavour mark: the fruit is sold


# ------------------------------------------------------------------ the noun fallback
def test_noun_fallback_prefers_a_word_jieba_knows(facts_of):
    # no product word: the last noun jieba knows (作品), not the piece of a service phrase
    # it coined from unknown characters (拍前)
    assert facts_of("手写 书法 作品 拍前").product_word == "作品"


def test_a_lead_word_ending_in_a_product_head_is_no_brand(facts_of, segmenter):
    # jieba tags many product nouns as names; one that ends in a head character (纸) names the product
    from titleopt.segment import PROPER_NOUN_TAGS

    def proper_noun(w: str) -> bool:
        return w in segmenter.tagged_words(PROPER_NOUN_TAGS)

    assert proper_noun("卡纸")  # (what made it a brand before)
    assert facts_of("a4卡纸 彩色硬卡纸 加厚卡纸 手工卡纸", proper_noun=proper_noun).brand != "卡纸"


def test_a_word_that_leads_other_product_words_names_what_the_item_is_for(facts_of):
    # product_words.txt lists 手机壳, 手机膜, 手机支架 …: 手机 before an accessory says what it fits
    assert facts_of("笔记本外壳贴膜 15.6英寸 电脑机身贴纸").product_word == "贴膜"
    assert facts_of("电脑键盘膜 硅胶防尘 笔记本通用").product_word == "键盘膜"
    # it is still the product when nothing else names one
    assert facts_of("华为手机 5G全网通 256G 曜石黑").product_word == "手机"


def test_an_attribute_word_is_no_product_compound(facts_of):
    # jieba cuts 大|号; 号 may close a noun (型号 aside) and buyers search 大号, but attributes.tsv
    # lists it as a size: neither the lone-head rule nor a searched join makes it the product
    assert facts_of("螺旋本日记本大号 A5").product_word == "日记本"
    searched = facts_of("大号强力封口透明胶带批发", phrase_value=lambda j: 5.0 if j == "大号" else 0.0)
    assert searched.product_word != "大号" and "大号" not in searched.product_words


def test_an_ambiguous_alias_is_the_maker_beside_a_phone_system_a_model_number_or_after_a_compat_phrase(facts_of):
    # 苹果 is a fruit and Apple (brands.txt's ?); beside 安卓 (Android), before a bare number, after 适用
    # it names the phone the accessory fits, not the thing sold
    assert facts_of("无线蓝牙耳机 苹果安卓通用").product_word == "蓝牙耳机"
    assert facts_of("硅胶手机壳 适用苹果").product_word == "手机壳"
    assert facts_of("全屏钢化膜 苹果11").product_word == "钢化膜"
    # a number with its unit counts fruit
    assert facts_of("烟台红富士苹果 5斤装").product_word == "苹果"


def test_a_product_word_before_a_place_mark_names_the_shop_not_the_item(facts_of):
    # 奶茶|店: the milk-tea shop the machine is for (PLACE_MARKS), as 苹果|味 is a flavour
    assert facts_of("商用奶茶店封口机 全自动").product_word == "封口机"
    assert facts_of("奶茶店菜单灯箱 发光").product_word == "灯箱"
    assert facts_of("香飘飘奶茶 原味 冲饮").product_word == "奶茶"


def test_leading_product_words_are_read_off_the_dictionary():
    lex = load_lexicon()
    assert lex.leads_products("手机") and lex.leads_products("电脑")
    assert not lex.leads_products("手机壳") and not lex.leads_products("贴膜")
    words = lex.product_words
    for w in words:
        longer = [v for v in words if len(v) > len(w) and v.startswith(w)]
        assert lex.leads_products(w) == (len(w) >= 2 and len(longer) >= LEADING_PRODUCTS), w


def test_a_generic_head_is_the_product_only_when_nothing_else_names_one(facts_of):
    # 套装 and 礼盒 say how an item comes (dictionaries/generic_heads.txt), not what it is; a repeat
    # of one (…套装…套装) used to outrank the thing sold
    assert facts_of("大华监控设备摄像头套装 高清夜视 8路套装").product_word == "摄像头"
    assert facts_of("玻璃笔蘸水笔礼盒装 星空 小礼盒").product_word == "蘸水笔"
    assert facts_of("护肤品套装").product_word in ("护肤品", "护肤品套装", "套装")  # (nothing else to name it)
    assert facts_of("儿童文具套装").product_word == "套装"


def test_a_brand_before_tong_kuan_is_what_the_item_copies_not_its_maker(facts_of):
    # 康佳同款 净水机: a no-name filter "in the same style as Konka"; read as the brand, a rewrite wrote
    # 康佳前置过滤器… (session 24)
    assert facts_of("康佳同款厨房自来水前置过滤器家用净水机 洁虎银色").brand is None
    assert facts_of("抖音同款可弹奏音乐计算器 语音计算机AR7778").brand is None
    assert facts_of("华为同款 手机支架 桌面").brand is None
    assert facts_of("华为 手机支架 桌面").brand == "华为"  # without 同款 it is the brand
