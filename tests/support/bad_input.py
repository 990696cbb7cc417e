"""A workspace of good and damaged inputs for the bad-input tables, and the one check every
user mistake must pass: exit code 2, exactly one line on stderr, no traceback, the file named.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.alignment.io import write_alignment
from analysis.alignment.model import TextGrid, words_to_tier
from analysis.audio import Audio, save_audio
from analysis.cli import main
from analysis.corpus.schema import Example
from analysis.words import Word
from tests.support.audio import speechlike

WORDS = (Word("ils", 0.1, 0.4), Word("mangent", 0.45, 0.9))


def run_cli(capsys, argv) -> tuple[int, str, str]:
    """``main(argv)`` in this process: (exit code, stdout, stderr); argparse's exits too."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, err: str, *fragments: str) -> str:
    """Exit code 2, one stderr line, no traceback, every fragment (the file) in the line."""
    assert "Traceback" not in err, err
    assert code == 2, (code, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    for fragment in fragments:
        assert str(fragment) in lines[0], (fragment, lines[0])
    return lines[0]


@dataclass
class Workspace:
    """Good inputs in ``root``; each bad-input case damages its own copy."""

    root: Path
    ctc: Path  # a tiny wav2vec2 CTC checkpoint (tests' tiny_ctc_dir)
    made: dict = field(default_factory=dict)

    # -- good inputs ---------------------------------------------------------------------
    @property
    def audio(self) -> Path:
        return self._once("audio", lambda: _wav(self.root / "utt.wav", speechlike(1.0, seed=1)))

    @property
    def grid(self) -> Path:
        return self._once("grid", lambda: _grid(self.root / "utt.TextGrid", WORDS))

    @property
    def out(self) -> Path:
        return self.root / "scores.npz"

    def score_args(self, **override) -> list[str]:
        """``score`` arguments that would run, with some replaced."""
        options = {"--model": self.ctc, "--audio": self.audio, "--alignment": self.grid,
                   "--out": self.out, **override}
        argv = ["score"]
        for key, value in options.items():
            if value is not None:
                argv += [key, str(value)]
        return argv

    def corpus(self, name: str = "corpus") -> Path:
        """A corpus folder of two annotated examples."""
        from analysis.corpus.store import Corpus

        folder = self.root / name
        built = Corpus.create(folder)
        for seed in range(2):
            built.add(Audio(speechlike(1.0, seed=seed), 16000),
                      Example(transcription="ils mangent", cue_word="ils",
                              target_word="mangent", words=WORDS))
        return folder

    def corpus_with_row(self, edit) -> Path:
        """A corpus whose first metadata row is replaced by ``edit(row, folder)`` (a dict, or
        the line's bytes)."""
        folder = self.corpus(f"corpus-{len(self.made)}")
        self.made[folder.name] = folder
        metadata = folder / "metadata.jsonl"
        lines = metadata.read_text(encoding="utf-8").splitlines()
        changed = edit(json.loads(lines[0]), folder)
        first = changed if isinstance(changed, bytes) else json.dumps(changed).encode()
        metadata.write_bytes(first + b"\n" + "\n".join(lines[1:]).encode() + b"\n")
        return folder

    def results(self, name: str = "results", table=None) -> Path:
        """A batch output folder with one run of rows (``table`` replaces results.parquet)."""
        import pandas as pd

        from analysis.batch.store import ROW_COLUMNS

        run = self.root / name / "run-a"
        run.mkdir(parents=True)
        (run / "run.json").write_text(json.dumps({"model": "m", "weights": "trained"}))
        rows = [{"run": "run-a", "model": "m", "weights": "trained", "seed": None,
                 "example_id": f"e{k}", "component": "encoder", "method": "value_zeroing",
                 "target_role": "target", "target_word": "mangent", "cue_word": "ils",
                 "layer": layer, "n_layers": 2, "depth": layer / 2, "value": 0.1 * k}
                for k in range(3) for layer in (1, 2)]
        if table is None:
            pd.DataFrame(rows, columns=ROW_COLUMNS).to_parquet(run / "results.parquet")
        else:
            (run / "results.parquet").write_bytes(table)
        return self.root / name

    def model_copy(self, name: str, weights: bytes | None = None, keep_only=None) -> Path:
        """A copy of the CTC checkpoint with its model.safetensors replaced by ``weights``,
        or renamed to ``keep_only`` (e.g. pytorch_model.bin)."""
        folder = self.root / name
        shutil.copytree(self.ctc, folder)
        weights_file = folder / "model.safetensors"
        if keep_only is not None:
            weights_file.rename(folder / keep_only)
        else:
            weights_file.write_bytes(weights)
        return folder

    def file(self, name: str, data: bytes | str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def wav(self, name: str, samples: np.ndarray, subtype: str = "FLOAT") -> Path:
        return _wav(self.root / name, samples, subtype)

    def alignment(self, name: str, words) -> Path:
        """A dataset JSON alignment holding exactly ``words`` (overlaps and all)."""
        words = [Word(*w) for w in words]
        return self.file(name, json.dumps({"transcription": " ".join(w.label for w in words),
                                           "alignment": {"intervals": [
                                               {"word": w.label, "start": w.start, "end": w.end}
                                               for w in words]}}))

    def _once(self, key, make):
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]


def _wav(path: Path, samples: np.ndarray, subtype: str = "PCM_16") -> Path:
    import soundfile

    soundfile.write(path, samples, 16000, subtype=subtype)
    return path


def _grid(path: Path, words) -> Path:
    write_alignment(path, TextGrid(0.0, 1.0, (words_to_tier(list(words), 0.0, 1.0),)))
    return path


def truncated_wav(path: Path) -> Path:
    """A WAV whose header promises one second but whose data stops after 28 frames."""
    save_audio(path, np.zeros(16000, np.float32), 16000)
    data = path.read_bytes()
    path.write_bytes(data[:44 + 56])
    return path


def pickle_bomb(marker: Path) -> bytes:
    """A pickle that creates ``marker`` when it is unpickled (proof that it never is)."""
    import pickle

    class Bomb:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    return pickle.dumps(Bomb())
