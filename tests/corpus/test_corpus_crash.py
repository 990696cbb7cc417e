"""A process killed while it rewrites the metadata leaves a corpus that still reads."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from analysis.audio import Audio
from analysis.corpus.schema import Example
from analysis.corpus.store import METADATA, Corpus
from analysis.errors import MixScopeError
from analysis.words import Word
from tests.corpus.conftest import load_audiofolder

ROOT = Path(__file__).resolve().parents[2]

# Adds one example to the corpus and dies (os._exit: no cleanup, like a power cut) either
# half-way through writing the new metadata's temporary file or just before renaming it.
CRASHING_ADD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import numpy as np
    from analysis.audio import Audio
    from analysis.corpus.schema import Example
    from analysis.corpus.store import Corpus
    from analysis.words import Word

    folder, mode = sys.argv[1], sys.argv[2]
    if mode == "before-rename":
        real_replace = os.replace
        def replace(src, dst):
            if str(dst).endswith("metadata.jsonl"):
                os._exit(3)
            return real_replace(src, dst)
        os.replace = replace
    else:
        real_write = Path.write_bytes
        def write_bytes(self, data):
            if self.name.startswith(".metadata.jsonl"):
                with open(self, "wb") as handle:
                    handle.write(data[: len(data) // 2])
                os._exit(3)
            return real_write(self, data)
        Path.write_bytes = write_bytes
    corpus = Corpus.open(folder)
    tone = (0.2 * np.sin(np.arange(8000) / 10)).astype(np.float32)
    corpus.add(Audio(tone, 16000), Example("new words", "new", "words",
                                           words=(Word("new", 0.1, 0.2),)))
    print("not reached")
""")


@pytest.mark.parametrize("mode", ["mid-write", "before-rename"])
def test_a_crash_while_adding_leaves_the_previous_corpus_readable(corpus, tmp_path, mode):
    before = (corpus.folder / METADATA).read_bytes()
    result = subprocess.run([sys.executable, "-c", CRASHING_ADD, str(corpus.folder), mode],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert (corpus.folder / METADATA).read_bytes() == before
    assert list(corpus.folder.glob(".*.tmp")), "the crash should leave its temporary file"

    reopened = Corpus.open(corpus.folder)
    assert reopened.examples(0, 10) == corpus.examples(0, 10)
    assert not list(corpus.folder.glob(".*.tmp"))
    assert [p.name for p in reopened.orphans()] == ["00004.wav"]
    assert len(load_audiofolder(corpus.folder, tmp_path / "cache")) == 3

    tone = np.zeros(1600, np.float32)
    index = reopened.add(Audio(tone, 16000), Example("again", words=(Word("again", 0, 0.1),)))
    assert reopened.entry(index).file_name == "00005.wav"
    assert len(load_audiofolder(corpus.folder, tmp_path / "cache2")) == 4


def test_a_failed_metadata_write_keeps_the_corpus_as_it_was(corpus, monkeypatch):
    import analysis.corpus.store as store

    def full_disk(path, text, encoding="utf-8"):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "atomic_write_text", full_disk)
    with pytest.raises(MixScopeError, match="No space left"):
        corpus.remove(0)
    assert len(corpus) == 3 and corpus.audio_path(0).exists()
