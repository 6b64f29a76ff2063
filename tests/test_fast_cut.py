"""The ``titleopt[fast]`` cut (rjieba's route plus jieba's HMM) gives titleopt's own words, piece for piece.

Skips without rjieba (the extra) or, for the real-data test, without ../shared/data.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from titleopt import jieba_cut, segment
from titleopt.normalize import normalize
from titleopt.segment import Segmenter, default_segmenter

pytest.importorskip("rjieba")

ALPHABET = list(
    "的一是在不了有和人中大上个我以要他时来用们生到作地于出就分对成会可主发年动同工能下过子说产种面而方后"
    "连衣裙女夏季新款纯棉短袖t恤男宽松卫衣连帽加厚保温杯手机壳防晒霜媄粿庒鎏"
    "abcxyzIPHONE0123456789+#&._%- ,，。!【】/\n\t"
)


@pytest.fixture(scope="module")
def pairs():
    """(tokenizer, its rjieba route) for titleopt's base tokenizer and one with extra words."""
    tks = [default_segmenter()._tokenizer(), Segmenter(["帽卫", "保温杯手机", "iphone15"])._tokenizer()]
    return [(tk, jieba_cut.RustRoute(tk)) for tk in tks]


@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
@example("参麦粿粒")
@example("iPhone15 Pro 手机壳 99.9% c++ a&b")
@example("abc的ipad2019新款")
@example("")
@settings(max_examples=300, deadline=None)
def test_same_pieces_as_the_python_cut(pairs, text):
    for tk, route in pairs:
        assert jieba_cut.cut(tk, text, route) == jieba_cut.cut(tk, text)


def test_same_pieces_on_every_real_title_and_query(shared_data, pairs):
    texts: list[str] = []
    for path in sorted(shared_data.glob("*/*.jsonl")):  # Taobao (ding2019, jie2019) and JD titles
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                title = json.loads(line).get("title") or ""
                texts += [title, normalize(title).text]
    queries = (shared_data / "taobao_queries" / "train.query.txt").read_text(encoding="utf-8").splitlines()
    texts += [normalize(q.split("\t")[-1]).text for q in queries if q.strip()]
    assert len(texts) > 100_000
    for tk, route in pairs:
        differ = [t for t in texts if jieba_cut.cut(tk, t, route) != jieba_cut.cut(tk, t)]
        assert differ == []


def test_segmenter_uses_the_route_only_when_allowed(monkeypatch):
    monkeypatch.setattr(segment, "FAST_AFTER", 0)
    try:
        segment.use_fast_cut(False)
        assert not segment.fast_cut_available()
        off = Segmenter(["保温杯手机"])
        assert off.cut("保温杯手机壳") and segment._route_of(off._tokenizer()) is None
        segment.use_fast_cut(True)
        on = Segmenter(["保温杯手机"])
        assert on.cut("保温杯手机壳") == off.cut("保温杯手机壳")
        assert segment._route_of(on._tokenizer()) is not None
    finally:
        segment.use_fast_cut(None)


def test_route_waits_for_enough_cuts(monkeypatch):
    """A short run (one CLI row) does not pay for building the rjieba word table."""
    monkeypatch.setattr(segment, "FAST_AFTER", 3)
    try:
        segment.use_fast_cut(True)
        seg = Segmenter(["保温杯手机"])
        tk = seg._tokenizer()
        routes = [segment._route_of(tk) for _ in range(4)]
        assert routes[:3] == [None, None, None] and routes[3] is not None
    finally:
        segment.use_fast_cut(None)
