"""The unit reader on real JD.com and Taobao titles (../shared/data; skipped when absent).

Floors a little under the figures of ``benchmarks/units_eval.py`` (see
docs/units.md), on the first 300 titles of the JD dev slice and of jie2019
dev: a change to the rules that breaks more labelled entities, or that buys
integrity by making units coarse, fails here.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ev(shared_data):
    spec = importlib.util.spec_from_file_location("units_eval", ROOT / "benchmarks" / "units_eval.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["units_eval"] = mod
    spec.loader.exec_module(mod)
    if not mod.JD_FILE.exists() or not mod.JIE_FILE.exists():
        pytest.skip("jd_titles or real_titles data missing")
    return mod


@pytest.fixture(scope="module")
def reader(ev):
    return ev.Reader()


def _share(res: dict, typ: str) -> float:
    good, n = res["integrity"][typ]
    return good / n


def test_jd_entities_stay_whole_in_units(ev, reader):
    res = ev.evaluate(itertools.islice(ev.jd_rows("dev"), 300), reader)
    floors = {"brand": 0.95, "product": 0.91, "spec": 0.92, "compat brand": 0.95, "compat model": 0.87}
    for typ, floor in floors.items():
        assert _share(res, typ) >= floor, (typ, res["integrity"][typ])
    # not by making everything one unit
    assert res["units_per_title"] >= 10
    assert res["chars_per_unit"] <= 5
    assert res["single_unit_share"] == 0


def test_taobao_brand_product_model_stay_whole(ev, reader):
    res = ev.evaluate(itertools.islice(ev.jie_rows(), 300), reader)
    for typ, floor in {"brand": 0.93, "product": 0.9, "model": 0.85}.items():
        assert _share(res, typ) >= floor, (typ, res["integrity"][typ])
    assert res["units_per_title"] >= 6
