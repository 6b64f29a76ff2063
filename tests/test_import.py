"""`import titleopt` must stay light: no scikit-learn, scipy or jieba dictionary load."""

from __future__ import annotations

import subprocess
import sys


def test_import_is_light():
    code = (
        "import sys, titleopt\n"
        "heavy = [m for m in ('sklearn', 'scipy', 'jieba', 'rapidfuzz') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_resolve():
    import titleopt

    for name in ("TitleoptError", "InputError", "title_length", "Segmenter", "normalize"):
        assert getattr(titleopt, name) is not None
    assert issubclass(titleopt.InputError, titleopt.TitleoptError)
