from __future__ import annotations

import itertools
import pickle

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from titleopt.segment import Segmenter


def test_traditional_and_simplified_give_the_same_tokens(segmenter):
    assert segmenter.cut("連帽衛衣") == segmenter.cut("连帽卫衣")
    assert segmenter.cut("2025新款純棉短袖Ｔ恤男") == segmenter.cut("2025新款纯棉短袖t恤男")


def test_latin_and_numbers_stay_whole(segmenter):
    toks = segmenter.cut("iPhone15Pro手机壳 160cm 500ml XL码 spf50+防晒霜")
    for whole in ("iphone15pro", "160cm", "500ml", "xl", "spf50"):
        assert whole in toks
    assert segmenter.cut("2025款")[:2] == ["2025", "款"]


def test_spans_point_into_the_original(segmenter):
    title = "【包邮】Ｔ恤 連帽衛衣"
    for tok in segmenter.tokens(title):
        assert 0 <= tok.start < tok.end <= len(title)
    spans = {title[t.start : t.end] for t in segmenter.tokens(title)}
    assert "連帽衛衣" in spans and "Ｔ恤" in spans
    assert "【" not in "".join(spans)


def test_extra_words_are_per_instance_and_leave_jieba_alone(segmenter):
    text = "欧达可品牌X连帽卫衣"
    before_global = jieba.lcut(text)
    custom = Segmenter(["欧达可", "品牌X"])
    assert custom.cut(text) == ["欧达可", "品牌x", "连帽卫衣"]
    assert "欧达可" not in segmenter.cut(text)  # the plain instance is unchanged
    assert jieba.lcut(text) == before_global  # the host's jieba is unchanged
    assert "欧达可" not in jieba.dt.FREQ or jieba.dt.FREQ.get("品牌X") is None


def test_with_words_returns_a_new_instance(segmenter):
    more = segmenter.with_words(["品牌X"])
    assert "品牌x" in more.words and "品牌x" not in segmenter.words


def test_pickles_for_worker_processes():
    s = Segmenter(["欧达可"], hmm=False)
    s2 = pickle.loads(pickle.dumps(s))
    assert s2.words == s.words and s2.hmm is False
    assert s2.cut("欧达可卫衣") == s.cut("欧达可卫衣")


@pytest.mark.parametrize("text", ["", "   ", "【】★★", "\u200b"])
def test_nothing_to_cut(segmenter, text):
    assert segmenter.cut(text) == []
    assert segmenter.tokens(text) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="连帽卫衣女男纯棉短袖T恤 ，。!Ａ1２xl", max_size=40))
def test_tokens_are_substrings_of_the_normalized_text(text):
    from titleopt.normalize import normalize

    s = Segmenter()
    norm = normalize(text).text
    for tok in s.tokens(text):
        assert tok.text in norm
        assert 0 <= tok.start < tok.end <= len(text)


def test_the_year_keeps_its_nian_apart_from_the_next_word(segmenter):
    # jieba glues 年 to what follows (2019|年大班): a stale year removed with its 年 leaves 大班 whole
    assert segmenter.cut("2019年大班桌面台历")[:3] == ["2019", "年", "大班"]
    assert segmenter.cut("2025年款卫衣")[:2] == ["2025", "年款"]  # a year's own words stay whole
    assert "年大班" in segmenter.cut("1234年大班")  # no year: jieba's cut as it is


def test_a_stale_year_goes_with_its_nian_and_nothing_else(segmenter):
    import datetime as dt

    from titleopt.optimizer import TitleOptimizer

    opt = TitleOptimizer(platform="taobao", today=dt.date(2026, 12, 5))
    assert opt.rewrite("2019年大班桌面台历垫 每日一格日历").best.startswith("大班")


def test_n_in_one_is_one_word(segmenter):
    # 四合一 (four-in-one) is written like 三合一; jieba alone cut 四合|一带|传真, and a rewrite kept 一带传真
    assert "四合一" in segmenter.cut("打印机四合一带传真")
    assert "多合一" in segmenter.cut("充电线多合一")


def test_a_rare_mixed_word_never_begins_inside_a_latin_run():
    # jieba's dictionary holds T台, B超, IP电话 (frequency 3); its route took a model code's last letter into
    # them (optiplex3050m|t台|式|电脑, us|b超|薄), so a rewrite wrote "Optiplex3050M式电脑"
    seg = Segmenter()
    assert seg.cut("Optiplex3050MT台式电脑") == ["optiplex3050mt", "台式", "电脑"]
    assert seg.cut("USB超薄风扇")[:2] == ["usb", "超薄"]
    assert seg.cut("SIP电话机")[0] == "sip"
    # titleopt's own words may begin there (a size before U盘), and the word itself still stands alone
    assert seg.cut("金士顿32GU盘") == ["金士顿", "32g", "u盘"]
    assert seg.cut("T台走秀")[0] == "t台"
    # a caller's own word is honoured like titleopt's
    assert "b超" in Segmenter(words=["B超"]).cut("USB超声")


def test_edge_counts_come_from_the_shared_dictionary_not_a_segmenter_s_own_words():
    # the units' suffix test must read every title the same way, whatever words a caller added
    begins, ends = Segmenter().edge_counts()
    assert ends["式"] > 5 * begins["式"]  # 方式, 正式, 卧式…: a suffix
    assert begins["小"] > 5 * ends["小"]  # 小号, 小型…: a prefix
    assert Segmenter(words=["按动式", "式样款"]).edge_counts() == (begins, ends)


def test_sizes_written_back_to_back_are_cut_at_their_units(segmenter):
    # jieba's HMM cuts a Latin run as [a-z0-9]+(.digits)?: 1.5m1.8m2.0m came out 1.5|m1.8|m2.0|m, and a
    # rewrite kept m1.8m2.0m without its 1.5 (session 19)
    assert segmenter.cut("四件套1.5m1.8m2.0m床") == ["四件套", "1.5", "m", "1.8", "m", "2.0", "m", "床"]
    assert segmenter.cut("电线2.5mm4mm6mm")[1:] == ["2.5", "mm", "4mm", "6mm"]
    assert segmenter.cut("led灯5w10w")[-2:] == ["5w", "10w"]
    # letters that are no unit stay with their number: a part number, a size's x, a clothing size
    assert "ke13a" in segmenter.cut("二极管1.5ke13a")
    assert "x16.4" in segmenter.cut("写字板25.3x16.4cm")
    assert "900x400mm" in segmenter.cut("鼠标垫900x400mm")
    assert "2xl3xl" in segmenter.cut("卫衣2xl3xl")
    # a number a size ends in counts the unit after it (500ml2瓶 was one model 500ml2瓶); before no unit, whole
    assert segmenter.cut("矿泉水500ml2瓶")[1:] == ["500ml", "2瓶"]
    assert "8g128" in segmenter.cut("内存8g128")


def test_a_plus_variant_is_part_of_its_model_number(segmenter):
    # the "+" of s8+ was a separator: a rewrite wrote s8 for the seller's s8+, another phone (session 22)
    assert segmenter.cut("三星s10+ 手机壳")[:2] == ["三星", "s10+"]
    assert segmenter.cut("适用群晖ds218+")[-1] == "ds218+"
    assert "h.265+" in segmenter.cut("摄像头h.265+ 高清")
    # the last of a list of variants, and the same model again where the title glues a word to its "+"
    assert segmenter.cut("三星s10+/s9+/s8+跑步臂包")[1:5] == ["s10+", "s9+", "s8+", "跑步"]
    assert segmenter.cut("htc desire19+手机壳d19+保护套 d19+")[3] == "d19+"
    # a "+" glued to the next word may add that word; quantities, numbers and grades keep it a separator
    assert "mp3" in segmenter.cut("播放器mp3+数据线")
    assert "16g" in segmenter.cut("话筒+16g+支架")
    assert segmenter.cut("笔芯0.38+ 0.5")[-2:] == ["0.38", "0.5"]
    assert "pa" in segmenter.cut("防晒霜spf50 pa++")


def test_a_unit_jieba_paired_with_what_opens_the_next_item_goes_with_its_number(segmenter):
    # jieba's HMM coins 张送, 芯三 (120|张送|毛毡, 2|芯三|钢丝): a rewrite ended on 送, or kept 三 in a spec
    assert segmenter.cut("宣纸100张送毛毡")[1:] == ["100张", "送", "毛毡"]
    assert segmenter.cut("光缆2芯三钢丝")[1:] == ["2芯", "三", "钢丝"]
    # 装 closes the count: 10|个装 stays as jieba cut it
    assert segmenter.cut("卡套10个装")[1:] == ["10", "个装"]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="s8x+/ 、手机壳0.5g", max_size=30))
def test_plus_variants_keep_tokens_inside_the_text(text):
    # a token that takes its "+" still spells the text it starts at, and tokens never overlap
    from titleopt.normalize import normalize

    norm = normalize(text)
    pos = Segmenter().positions(norm)
    for tok, s in pos:
        assert norm.text[s : s + len(tok)] == tok
    for (tok, s), (_, s2) in itertools.pairwise(pos):
        assert s + len(tok) <= s2


def test_karaoke_words_stay_whole(segmenter):
    # jieba's dictionary lacks 卡拉OK and K歌 (ecommerce_words.txt): it cut 卡拉|ok and k|歌, and rewrites kept
    # the pieces (…音响OK电视, 卡拉音箱, …通用K亮黑色)
    assert segmenter.cut("电视卡拉OK音箱") == ["电视", "卡拉ok", "音箱"]
    assert "k歌" in segmenter.cut("全民K歌手机麦克风")


def test_device_colour_names_stay_whole(segmenter):
    # attributes.tsv: 玫瑰金 (rose gold) was cut 玫瑰|金, and a short title wrote 金笔筒 (a gold pen holder)
    assert segmenter.cut("铁艺玫瑰金笔筒") == ["铁艺", "玫瑰金", "笔筒"]
    assert "深空灰" in segmenter.cut("笔记本贴膜深空灰五件套")
