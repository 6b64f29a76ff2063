"""The on-disk cache of the base dictionary: opt-in for the library, on for the CLI, same table either way."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from titleopt import segment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def fresh(monkeypatch):
    """No base table loaded and no cache setting in this process (both restored afterwards)."""
    monkeypatch.setattr(segment, "_base", None)
    monkeypatch.setattr(segment, "_cache_setting", segment._UNSET)
    monkeypatch.delenv(segment.CACHE_ENV, raising=False)
    return monkeypatch


def _reference():
    return segment._build_base()


def test_library_writes_nothing_unless_asked(fresh, tmp_path):
    fresh.setenv("HOME", str(tmp_path))
    fresh.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert segment.cache_dir() is None
    segment._load_base()
    assert list(tmp_path.iterdir()) == []


def test_cached_table_is_the_built_table(fresh, tmp_path):
    reference = _reference()
    segment.set_cache_dir(tmp_path)
    built = segment._load_base()
    files = list(tmp_path.iterdir())
    assert [f.name for f in files] == [f"base-{segment.base_key()}.marshal"]

    fresh.setattr(segment, "_base", None)
    fresh.setattr(segment, "_build_base", lambda: pytest.fail("the cached table should be read"))
    cached = segment._load_base()
    assert cached == built == reference


def test_damaged_or_foreign_cache_is_rebuilt(fresh, tmp_path):
    segment.set_cache_dir(tmp_path)
    key = segment.base_key()
    path = tmp_path / f"base-{key}.marshal"
    stale = tmp_path / "base-0000.marshal"
    stale.write_bytes(b"old")
    path.write_bytes(b"\x00not marshal")
    assert segment._load_base() == _reference()
    assert segment._read_cache(tmp_path, key) is not None  # replaced by a good file
    assert not stale.exists()  # one table is kept
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_key_follows_the_inputs(fresh):
    key = segment.base_key()
    fresh.setattr(segment, "LIST_WORD_FREQ", segment.LIST_WORD_FREQ + 1)
    assert segment.base_key() != key
    # the units file decides where a size's tokens end (measure_runs): a cached keyword table's tokens
    # must follow it too
    key = segment.base_key()
    fresh.setattr(segment, "_TOKEN_FILES", ("measure_units.txt", "brands.txt"))
    assert segment.base_key() != key


def test_unwritable_folder_is_not_an_error(fresh, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    segment.set_cache_dir(blocker / "cache")  # a folder inside a file cannot be made
    assert segment._load_base() == _reference()


def test_environment_opts_in_and_cli_default(fresh, tmp_path):
    fresh.setenv(segment.CACHE_ENV, str(tmp_path / "env"))
    assert segment.cache_dir() == tmp_path / "env"
    fresh.setenv(segment.CACHE_ENV, "")
    segment.use_default_cache()
    assert segment.cache_dir() is None  # '' turns the CLI's cache off
    fresh.delenv(segment.CACHE_ENV)
    fresh.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    segment.use_default_cache()
    if sys.platform.startswith("linux"):
        assert segment.cache_dir() == tmp_path / "xdg" / "titleopt"
    assert os.environ[segment.CACHE_ENV] == str(segment.cache_dir())  # inherited by spawned workers
    fresh.setattr(segment, "_cache_setting", segment._UNSET)
    assert segment.cache_dir() == segment.default_cache_dir()  # what a spawned worker sees


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG cache folder")
def test_cli_uses_the_user_cache_and_gives_the_same_output(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != segment.CACHE_ENV}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    cmd = [
        sys.executable, "-m", "titleopt.cli", "rewrite", "--title", "2025新款夏季纯棉短袖T恤男宽松",
        "-k", os.path.join(ROOT, "dictionaries", "sample", "keywords.csv"), "--format", "json",
    ]  # fmt: skip
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert len(list((tmp_path / "xdg" / "titleopt").glob("base-*.marshal"))) == 1
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert first.stdout == second.stdout and '"best"' in first.stdout


def test_key_covers_every_word_list_the_table_reads(monkeypatch):
    read = []
    real = segment.data_path

    def spy(name):
        read.append(name)
        return real(name)

    monkeypatch.setattr(segment, "data_path", spy)
    segment._dictionary_words()
    assert sorted(read) == sorted(segment._DICTIONARY_FILES)


def test_word_lists_come_from_the_package_not_the_working_folder(monkeypatch, tmp_path):
    (tmp_path / "brands.txt").write_text("奇怪品牌名\n", encoding="utf-8")
    (tmp_path / "ecommerce_words.txt").write_text("奇怪的词 9\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    words = {w for w, _ in segment._dictionary_words()}
    assert "奇怪品牌名" not in words and "奇怪的词" not in words
    assert "空气炸锅" in words


def test_word_sets_share_the_cache_folder_and_key(fresh, tmp_path):
    from titleopt import product

    reference = product._read_non_nouns()
    assert segment.cached_word_set("nonnouns", product._read_non_nouns) == reference  # no folder: built
    assert list(tmp_path.iterdir()) == []
    segment.set_cache_dir(tmp_path)
    assert segment.cached_word_set("nonnouns", product._read_non_nouns) == reference
    assert len(list(tmp_path.glob("nonnouns-*.marshal"))) == 1

    def stand_in() -> frozenset[str]:  # the same builder as far as the key knows (its module's source)
        pytest.fail("the cached set should be read")

    stand_in.__module__ = product._read_non_nouns.__module__
    cached = segment.cached_word_set("nonnouns", stand_in)
    assert cached == reference and "可调" in cached  # a verb stays a non-noun
