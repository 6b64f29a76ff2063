"""The bulk build of titleopt's base dictionary gives jieba's own prefix dictionary, entry for entry."""

from __future__ import annotations

import jieba
import pytest

from titleopt import segment


def _tokenizer(tmp_path, text: str) -> jieba.Tokenizer:
    path = tmp_path / "dict.txt"
    path.write_bytes(text.encode("utf-8"))
    return jieba.Tokenizer(str(path))


def test_jieba_default_dictionary_is_rebuilt_exactly():
    tk = jieba.Tokenizer()
    ref = tk.gen_pfdict(tk.get_dict_file())

    def slow_path(_):
        raise AssertionError("jieba's dictionary should take the bulk path")

    tk.gen_pfdict = slow_path
    assert segment._jieba_pfdict(tk) == ref


@pytest.mark.parametrize(
    "text",
    [
        "连衣裙 100 n\n连衣 20\n连 5 zg\n裙子 7 n\n",  # a word that is also a prefix, before and after
        "卫衣 3 n\n卫衣 9 n\n连帽卫衣女 1\n",  # the last line of a repeated word wins; totals add both
        "T恤 50 n\nAT&T 3 nz\nC++ 2 nz",  # no final line break
        "词 5 n\r\n语 6 n\r\n",  # CRLF: the tag keeps the \r, as jieba reads it
        "\ufeff首词 4 n\n二词 3\n",  # a BOM stays part of the first word, as in jieba
        " 缩进 4 n\n词 1\n",  # indented: not taken line for line, so jieba's parser runs
        "词 5\t\n语 6\n",  # trailing tab after the frequency: jieba's parser
        "词 05\n语 +6\n",  # frequencies int() reads
    ],
)
def test_small_dictionaries_match_gen_pfdict(tmp_path, text):
    tk = _tokenizer(tmp_path, text)
    assert segment._jieba_pfdict(tk) == tk.gen_pfdict(tk.get_dict_file())


@pytest.mark.parametrize("text", ["词 5\n\n语 6\n", "词 五\n", "词\n", "词  5\n"])
def test_bad_dictionaries_raise_jiebas_error(tmp_path, text):
    tk = _tokenizer(tmp_path, text)
    with pytest.raises(ValueError) as ours:
        segment._jieba_pfdict(tk)
    with pytest.raises(ValueError) as theirs:
        tk.gen_pfdict(tk.get_dict_file())
    assert str(ours.value) == str(theirs.value)


def test_base_dictionary_adds_to_jiebas():
    freq, total = segment._load_base()
    tk = jieba.Tokenizer()
    ref, ref_total = tk.gen_pfdict(tk.get_dict_file())
    assert total > ref_total
    assert freq["t恤"] >= ref["T恤"] > 0  # lower-cased Latin entries
    assert freq["空气炸锅"] > 0  # titleopt's e-commerce words
    assert all(freq.get(w, 0) >= f for w, f in ref.items())
