"""jieba's accurate-mode cut with HMM, re-written for speed: the same words, about twice as fast.

Segmentation is the floor of every titleopt operation (a title is cut once to
analyze it, twice to rewrite it), and jieba's own ``Tokenizer.cut`` spends
its time in general-purpose Python: a DAG of dicts, a ``max`` over generated
tuples per character, and an HMM Viterbi that copies whole paths per
character. This module runs the same algorithm (jieba 0.42) with plain lists
and the four HMM states unrolled:

* the DAG and the route (``get_DAG`` + ``calc``): for each start, the
  dictionary words found by extending the fragment while it is a known
  prefix, scored ``log(freq) - log(total)`` plus the best route after it,
  the highest score winning and, on a tie, the longest word (``max`` over
  ``(score, end)`` tuples in jieba);
* unknown runs of single characters go to the HMM (``finalseg``) with the
  same model tables, read from ``jieba.finalseg`` at each call (a host's
  ``jieba.del_word`` still reaches them, as it would reach jieba's cut);
  on a tie the same state wins as with jieba's tuple ``max``.

Floating-point sums are formed in jieba's order, so scores, and therefore
words, are identical; ``tests/test_segment_fast.py`` compares the two on
generated text and on every real title and query when ``../shared/data`` is
there. Only the accurate mode with HMM is here; other modes use jieba.
"""

from __future__ import annotations

from math import log

import jieba
import jieba.finalseg as _hmm

_RE_HAN = jieba.re_han_default
_RE_SKIP = jieba.re_skip_default


def cut(tokenizer, sentence: str, route=None) -> list[str]:
    """``list(tokenizer.cut(sentence, HMM=True))`` for an initialized ``jieba.Tokenizer``.

    ``route``, when given, is a :class:`RustRoute` built from the same
    tokenizer: the dictionary route of each block then comes from rjieba
    (compiled), and only the runs of single characters go through the HMM here.
    """
    get = tokenizer.FREQ.get
    logtotal = log(tokenizer.total)
    out: list[str] = []
    append = out.append
    for blk in _RE_HAN.split(sentence):
        if not blk:
            continue
        if not _RE_HAN.match(blk):
            for x in _RE_SKIP.split(blk):
                if _RE_SKIP.match(x):
                    append(x)
                else:
                    out.extend(x)
            continue
        if route is not None:
            _from_route(route.words(blk), get, out)
            continue
        ends = _route(blk, get, logtotal)
        n = len(blk)
        x = 0
        buf = ""
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                buf += blk[x]
            else:
                if buf:
                    _flush(buf, get, out)
                    buf = ""
                append(blk[x:y])
            x = y
        if buf:
            _flush(buf, get, out)
    return out


def _from_route(words: list[str], get, out: list[str]) -> None:
    """jieba's HMM-mode pieces from the route's words: a dictionary word as is, single characters to ``_flush``.

    rjieba without its HMM glues a run of single ASCII characters into one
    piece (jieba's ``__cut_DAG_NO_HMM`` does the same); such a piece is no
    dictionary word, so its characters rejoin the run of single characters
    that jieba's HMM mode hands to ``finalseg``.
    """
    buf = ""
    for w in words:
        if len(w) == 1 or not get(w):
            buf += w
        else:
            if buf:
                _flush(buf, get, out)
                buf = ""
            out.append(w)
    if buf:
        _flush(buf, get, out)


class RustRoute:
    """The dictionary route (jieba's ``get_DAG`` + ``calc``) from rjieba, on this tokenizer's exact word table.

    rjieba (jieba-rs) finds the same best route as jieba when it holds the
    same words, frequencies and total; its own HMM differs from jieba's, so
    it runs without HMM and :func:`_from_route` re-splits the runs of single
    characters with jieba's model, as jieba's HMM mode does. The total is
    matched with one padding word of private-use characters (jieba counts a
    repeated dictionary line twice in its total, once in its table), which no
    block of text can contain. ``tests/test_fast_cut.py`` checks the cut
    against the pure-Python one on every real title and query.
    """

    def __init__(self, tokenizer) -> None:
        import rjieba  # optional: the titleopt[fast] extra

        jb = rjieba.Jieba.empty()
        add = jb.add_word
        total = 0
        for word, f in tokenizer.FREQ.items():
            if f > 0:
                add(word, f, None)
                total += f
        if tokenizer.total < total:
            raise ValueError("tokenizer total below the sum of its frequencies")
        if tokenizer.total > total:
            add("\ue000\ue001", tokenizer.total - total, None)
        self._cut = jb.cut

    def words(self, blk: str) -> list[str]:
        """The route's words of one block of ``jieba.re_han_default`` characters."""
        return self._cut(blk, False)


def _route(blk: str, get, logtotal: float) -> list[int]:
    """For each start, the end (inclusive) of the word on the best route (jieba's ``calc``)."""
    n = len(blk)
    score = [0.0] * (n + 1)
    ends = [0] * n
    for k in range(n - 1, -1, -1):
        best = None
        end = k
        i = k
        frag = blk[k]
        while True:
            f = get(frag)
            if f is None:
                break
            if f:
                s = (log(f) - logtotal) + score[i + 1]
                if best is None or s >= best:  # ties: the later (longer) word, as max((s, i)) does
                    best = s
                    end = i
            i += 1
            if i >= n:
                break
            frag = blk[k : i + 1]
        # no word starts here: the lone character, with frequency 1 (log 1 = 0)
        score[k] = (0.0 - logtotal) + score[k + 1] if best is None else best
        ends[k] = end
    return ends


def _flush(buf: str, get, out: list[str]) -> None:
    """A run of single characters: one character as is, a known word split, an unknown one to the HMM."""
    if len(buf) == 1:
        out.append(buf)
    elif not get(buf):
        out.extend(_hmm_cut(buf))
    else:
        out.extend(buf)


def _hmm_cut(sentence: str) -> list[str]:
    """``list(jieba.finalseg.cut(sentence))``."""
    out: list[str] = []
    force_split = _hmm.Force_Split_Words
    for blk in _hmm.re_han.split(sentence):
        if _hmm.re_han.match(blk):
            for word in _viterbi_words(blk):
                if word in force_split:
                    out.extend(word)
                else:
                    out.append(word)
        else:
            out.extend(x for x in _hmm.re_skip.split(blk) if x)
    return out


def _viterbi_words(obs: str) -> list[str]:
    """Words of ``obs`` by jieba's BMES Viterbi (``finalseg.viterbi`` + ``__cut``)."""
    min_float = _hmm.MIN_FLOAT
    start, trans, emit = _hmm.start_P, _hmm.trans_P, _hmm.emit_P
    eb, em, ee, es = emit["B"], emit["M"], emit["E"], emit["S"]
    t_eb, t_sb = trans["E"]["B"], trans["S"]["B"]
    t_mm, t_bm = trans["M"]["M"], trans["B"]["M"]
    t_ss, t_es = trans["S"]["S"], trans["E"]["S"]
    t_be, t_me = trans["B"]["E"], trans["M"]["E"]
    c = obs[0]
    vb = start["B"] + eb.get(c, min_float)
    vm = start["M"] + em.get(c, min_float)
    ve = start["E"] + ee.get(c, min_float)
    vs = start["S"] + es.get(c, min_float)
    # back[t] = (prev of B, prev of M, prev of E, prev of S) as state letters
    back: list[tuple[str, str, str, str]] = []
    for c in obs[1:]:
        # each state's best predecessor: max over (score, state) tuples in jieba's PrevStatus
        # order, so a tie goes to the greater letter (S > M > E > B). The emission is added
        # before comparing, as jieba does: next to -3.14e100 (a character the model never saw)
        # it absorbs the difference between the candidates, and the tie rule decides.
        e_b, e_m, e_e, e_s = eb.get(c, min_float), em.get(c, min_float), ee.get(c, min_float), es.get(c, min_float)
        p_e, p_s = ve + t_eb + e_b, vs + t_sb + e_b
        nb, pb = (p_s, "S") if p_s >= p_e else (p_e, "E")
        p_m, p_b = vm + t_mm + e_m, vb + t_bm + e_m
        nm, pm = (p_m, "M") if p_m >= p_b else (p_b, "B")
        p_b2, p_m2 = vb + t_be + e_e, vm + t_me + e_e
        ne, pe = (p_m2, "M") if p_m2 >= p_b2 else (p_b2, "B")
        p_s2, p_e2 = vs + t_ss + e_s, ve + t_es + e_s
        ns, ps = (p_s2, "S") if p_s2 >= p_e2 else (p_e2, "E")
        vb, vm, ve, vs = nb, nm, ne, ns
        back.append((pb, pm, pe, ps))
    state = "S" if vs >= ve else "E"
    states = [state]
    slot = {"B": 0, "M": 1, "E": 2, "S": 3}
    for prev in reversed(back):
        state = prev[slot[state]]
        states.append(state)
    states.reverse()
    words: list[str] = []
    begin = nexti = 0
    for i, st in enumerate(states):
        if st == "B":
            begin = i
        elif st == "E":
            words.append(obs[begin : i + 1])
            nexti = i + 1
        elif st == "S":
            words.append(obs[i])
            nexti = i + 1
    if nexti < len(obs):
        words.append(obs[nexti:])
    return words
