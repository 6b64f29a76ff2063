"""The on-disk cache of loaded keyword tables: the same table as a fresh load, never a stale one."""

from __future__ import annotations

import os

import pytest

from titleopt import segment, table_cache
from titleopt.errors import InputError
from titleopt.keywords import KeywordTable
from titleopt.segment import Segmenter

EXPORT = (
    "搜索词,搜索人气,点击率,支付转化率\n"
    "连帽卫衣,\"18,399\",12.34%,3.1%\n"
    "T恤 男,1.2万,8%,2%\n"
    "t恤男,9000,8%,2%\n"  # a duplicate after normalization: merged, reported
    "卫衣女,abc,5%,1%\n"  # a bad volume: skipped, reported
    "iPhone15 Pro手机壳,3000,-,-\n"
)


def fields(t: KeywordTable) -> tuple:
    return (t.keywords, t.issues, t.merged, t.file, t.rows_read, t.columns, t.surfaces)


@pytest.fixture
def cached(monkeypatch, tmp_path):
    """A cache folder of this test's own; the process setting is restored afterwards."""
    monkeypatch.setattr(segment, "_cache_setting", segment._UNSET)
    monkeypatch.delenv(segment.CACHE_ENV, raising=False)
    folder = tmp_path / "cache"
    segment.set_cache_dir(folder)
    return folder


def tables(folder) -> list[str]:
    return sorted(p.name for p in folder.glob("keywords-*.marshal")) if folder.exists() else []


def test_cached_table_equals_a_fresh_load(cached, tmp_path):
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    first = KeywordTable.from_file(src)
    assert len(tables(cached)) == 1
    hit = KeywordTable.from_file(src)
    segment.set_cache_dir(None)
    fresh = KeywordTable.from_file(src)
    assert fields(hit) == fields(fresh) == fields(first)
    # the fixture's rows really exercise issues, merges and surfaces
    assert [i.row for i in fresh.issues] == [5] and [i.row for i in fresh.merged] == [4]
    assert fresh.surface("iphone15") == "iPhone15"


def test_edited_file_is_a_miss_and_replaces_the_entry(cached, tmp_path):
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    KeywordTable.from_file(src)
    before = tables(cached)
    src.write_text(EXPORT.replace("1.2万", "3万"), encoding="utf-8")
    edited = KeywordTable.from_file(src)
    assert next(k.volume for k in edited.keywords if k.key == "t恤男") == 30000
    after = tables(cached)
    assert len(after) == 1 and after != before  # one entry per file: the old version is gone


def test_strict_is_part_of_the_key(cached, tmp_path):
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    KeywordTable.from_file(src)
    with pytest.raises(InputError) as err:
        KeywordTable.from_file(src, strict=True)
    assert err.value.row == 5


def test_issues_name_the_path_given(cached, tmp_path, monkeypatch):
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    KeywordTable.from_file(src)
    monkeypatch.chdir(tmp_path)
    hit = KeywordTable.from_file("export.csv")
    assert hit.file == "export.csv" and {i.file for i in hit.issues + hit.merged} == {"export.csv"}


def test_no_cache_folder_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(segment, "_cache_setting", segment._UNSET)
    monkeypatch.delenv(segment.CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    KeywordTable.from_file(src)
    assert sorted(os.listdir(tmp_path)) == ["export.csv"]


def test_own_segmenter_is_never_cached(cached, tmp_path):
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    KeywordTable.from_file(src, segmenter=Segmenter(["帽卫"]))
    assert tables(cached) == []


def test_damaged_entry_is_rebuilt(cached, tmp_path):
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    reference = fields(KeywordTable.from_file(src))
    (entry,) = cached.glob("keywords-*.marshal")
    entry.write_bytes(b"not marshal")
    assert fields(KeywordTable.from_file(src)) == reference
    assert entry.read_bytes() != b"not marshal"


def test_at_most_max_tables_are_kept(cached, tmp_path, monkeypatch):
    monkeypatch.setattr(table_cache, "MAX_TABLES", 2)
    for n in range(4):
        src = tmp_path / f"export{n}.csv"
        src.write_text(EXPORT, encoding="utf-8")
        KeywordTable.from_file(src)
        os.utime(next(p for p in cached.glob("keywords-*.marshal") if p.name.startswith(table_cache._entry(str(src)))),
                 (1000 + n, 1000 + n))
    kept = tables(cached)
    assert len(kept) == 2
    assert all(any(k.startswith(table_cache._entry(str(tmp_path / f"export{n}.csv"))) for k in kept) for n in (2, 3))


def test_file_edited_while_loading_is_not_cached(cached, tmp_path, monkeypatch):
    src = tmp_path / "export.csv"
    src.write_text(EXPORT, encoding="utf-8")
    read = KeywordTable._read.__func__

    def edit_while_reading(cls, path, **kw):
        table = read(cls, path, **kw)
        src.write_text(EXPORT.replace("1.2万", "3万"), encoding="utf-8")  # the seller saves again
        os.utime(src, ns=(1, 1))  # a different modification time, whatever the clock's resolution
        return table

    original = KeywordTable.__dict__["_read"]
    monkeypatch.setattr(KeywordTable, "_read", classmethod(edit_while_reading))
    KeywordTable.from_file(src)
    assert tables(cached) == []  # the table read may not match the bytes the key was made of
    monkeypatch.setattr(KeywordTable, "_read", original)
    edited = KeywordTable.from_file(src)
    assert next(k.volume for k in edited.keywords if k.key == "t恤男") == 30000
