"""titleopt's faster re-write of jieba's cut gives jieba's words, piece for piece."""

from __future__ import annotations

import json

import jieba
import jieba.finalseg as hmm
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from titleopt import jieba_cut
from titleopt.normalize import normalize
from titleopt.segment import Segmenter, default_segmenter

#: Common characters, characters the HMM never saw (媄 粿 庒: scores of -3.14e100 that tie),
#: Latin, digits, the symbols jieba keeps inside a block, punctuation and white space.
ALPHABET = list(
    "的一是在不了有和人中大上个我以要他时来用们生到作地于出就分对成会可主发年动同工能下过子说产种面而方后"
    "连衣裙女夏季新款纯棉短袖t恤男宽松卫衣连帽加厚保温杯手机壳防晒霜媄粿庒鎏"
    "abcxyzIPHONE0123456789+#&._%- ,，。!【】/\n\t"
)


@pytest.fixture(scope="module")
def tokenizers():
    """titleopt's base tokenizer, one with extra words, and jieba's own dictionary (as loaded by jieba)."""
    own = jieba.Tokenizer()
    own.initialize()
    return [default_segmenter()._tokenizer(), Segmenter(["帽卫", "保温杯手机"])._tokenizer(), own]


@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
@example("参麦粿粒")  # every HMM score ties at -3.14e100: jieba's tie rule decides
@example("初茵媄小金丸")
@example("iPhone15 Pro 手机壳 99.9% c++ a&b")
@example("")
@settings(max_examples=300, deadline=None)
def test_same_pieces_as_jieba(tokenizers, text):
    for tk in tokenizers:
        assert jieba_cut.cut(tk, text) == list(tk.cut(text, HMM=True))


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5), min_size=1, max_size=15))
@settings(max_examples=300, deadline=None)
def test_same_hmm_words_as_jieba(text):
    assert jieba_cut._hmm_cut(text) == list(hmm.cut(text))


def test_same_pieces_on_real_titles_and_queries(shared_data):
    tk = default_segmenter()._tokenizer()
    texts = []
    for path in sorted((shared_data / "real_titles").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                title = row.get("title") or row.get("text") or ""
                texts += [title, normalize(title).text]
    queries = (shared_data / "taobao_queries" / "train.query.txt").read_text(encoding="utf-8").splitlines()
    texts += [normalize(q.split("\t")[-1]).text for q in queries[:20_000] if q.strip()]
    assert len(texts) > 20_000
    differ = [t for t in texts if jieba_cut.cut(tk, t) != list(tk.cut(t))]
    assert differ == []

