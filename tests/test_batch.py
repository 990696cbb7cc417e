"""Batch scoring of a synthetic corpus with the tiny models: the parquet rows, failures,
resume (also after a kill), the random-init baseline and the curves' numbers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.batch.curves import curves
from analysis.batch.runner import BatchOptions, run_batch
from analysis.batch.stats import t_quantile
from analysis.batch.store import RunStore, example_key, read_results
from analysis.cue import cue_contributions
from analysis.results import ScoreSet
from tests.support.audio import espeak_available
from tests.support.homophone_corpus import UTTERANCES, record, silent_wav, write_corpus

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    past_end = record(silent_wav(folder, "short.wav", 1.0), "ils mangent", "ils", "mangent",
                      [("ils", 0.1, 0.4), ("mangent", 0.5, 1.6)])
    unannotated = record("utt0_0.wav", "ils mangent des pommes", None, None,
                         [("ils", 0.1, 0.4)])
    unannotated["file_name"] = silent_wav(folder, "plain.wav", 1.0)
    return write_corpus(folder, extra_records=[past_end, unannotated])


def whisper_options(model, **extra):
    return BatchOptions(model=str(model), decoder_tokens="transcription", device="cpu",
                        threads=2, **extra)


@pytest.fixture(scope="module")
def whisper_run(corpus, tiny_whisper_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    summary = run_batch(str(corpus), out, whisper_options(tiny_whisper_dir))
    return out, summary


def test_parquet_has_one_row_per_example_component_method_layer(whisper_run, tiny_whisper_dir):
    out, summary = whisper_run
    results = pd.read_parquet(RunStore(summary.run_folder).results_path)
    good = [f"utt{i}_0.wav" for i in range(len(UTTERANCES))]
    assert sorted(results["example_id"].unique()) == good
    methods = {c: ["attention", "value_zeroing"] for c in ("encoder", "decoder", "cross")}
    for c in ("encoder", "decoder"):  # square components also have rollouts
        methods[c] += ["attention.rollout", "value_zeroing.rollout"]
    expected = {(e, c, m, layer) for e in good for c, names in methods.items()
                for m in names for layer in (1, 2)}
    got = set(zip(results.example_id, results.component, results.method, results.layer,
                  strict=True))
    assert got == expected and len(results) == len(expected)
    assert set(results["weights"]) == {"trained"}
    values = results["value"].dropna()  # NaN: the target's row is float noise, no data
    assert len(values) > len(results) / 2
    assert np.all((values >= 0) & (values <= 1 + 1e-9))
    assert summary.status_counts == {"ok": 3, "failed": 1, "skipped": 1}


def test_rows_equal_the_cue_contribution_of_the_saved_scores(whisper_run, tiny_whisper_dir):
    out, summary = whisper_run
    results = pd.read_parquet(RunStore(summary.run_folder).results_path)
    scores = ScoreSet.load(summary.run_folder / "scores" / f"{example_key('utt0_0.wav')}.npz")
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_whisper_dir)
    expected = cue_contributions(scores, "ils", "mangent", tokenizer=tokenizer)
    assert not expected.problems
    for (component, method), values in expected.values.items():
        rows = results[(results.example_id == "utt0_0.wav") & (results.component == component)
                       & (results.method == method)].sort_values("layer")
        np.testing.assert_allclose(rows["value"], values, rtol=0, atol=1e-12)


def test_failing_and_unannotated_examples_are_listed_with_their_reason(whisper_run):
    out, summary = whisper_run
    by_example = {f["example_id"]: f for f in summary.failures}
    assert by_example["short.wav"]["status"] == "failed"
    assert "mangent" in by_example["short.wav"]["reason"]
    assert by_example["plain.wav"]["status"] == "skipped"
    assert by_example["plain.wav"]["reason"] == "no cue word"
    listed = pd.read_csv(summary.run_folder / "failures.csv")
    assert set(listed["example_id"]) == {"short.wav", "plain.wav"}


def test_rerun_skips_finished_examples(whisper_run, corpus, tiny_whisper_dir):
    out, summary = whisper_run
    npz = sorted((summary.run_folder / "scores").glob("*.npz"))
    stamps = [p.stat().st_mtime_ns for p in npz]
    again = run_batch(str(corpus), out, whisper_options(tiny_whisper_dir))
    assert again.processed == 0 and again.skipped_done == again.total == 5
    assert [p.stat().st_mtime_ns for p in npz] == stamps
    assert again.rows == summary.rows


def test_a_run_folder_refuses_other_options(whisper_run, corpus, tiny_whisper_dir):
    from analysis.errors import MixScopeError

    out, _ = whisper_run
    with pytest.raises(MixScopeError, match="other options"):
        run_batch(str(corpus), out, whisper_options(tiny_whisper_dir, methods=("attention",)))


def test_curves_are_the_mean_of_the_per_example_values(whisper_run):
    out, _ = whisper_run
    results = read_results([out])
    table = curves(results)
    for _, point in table.iterrows():
        values = results[(results.component == point.component)
                         & (results.method == point.method) & (results.layer == point.layer)
                         & (results.target_role == point.target_role)]["value"].to_numpy()
        values = values[np.isfinite(values)]  # float-noise layers are no data, not zeros
        assert point.n == len(values)
        assert point.depth == point.layer / 2
        if len(values) < 2:
            continue
        assert point["mean"] == pytest.approx(values.mean(), abs=1e-12)
        half = t_quantile(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
        assert point.ci_high - point["mean"] == pytest.approx(half, abs=1e-12)
    assert (table.n == 3).sum() > len(table) / 2


def test_random_init_baseline_scores_the_same_corpus_with_other_weights(
        whisper_run, corpus, tiny_whisper_dir):
    out, trained = whisper_run
    options = BatchOptions(model=str(tiny_whisper_dir), weights="random-init", seed=3,
                           decoder_tokens="trained", device="cpu", threads=2, limit=1)
    summary = run_batch(str(corpus), out, options)
    key = example_key("utt0_0.wav")
    saved = [ScoreSet.load(run / "scores" / f"{key}.npz")
             for run in (summary.run_folder, trained.run_folder)]
    assert saved[0].decoder_output_ids == saved[1].decoder_output_ids
    assert (saved[0].provenance.weights, saved[0].provenance.seed) == ("random-init", 3)
    assert (saved[1].provenance.weights, saved[1].provenance.seed) == ("trained", None)
    assert summary.run_folder.name.endswith("@random-init-seed3")
    random_rows = RunStore(summary.run_folder).results()
    assert set(random_rows["weights"]) == {"random-init"} and set(random_rows["seed"]) == {3}
    trained_rows = RunStore(trained.run_folder).results()
    keys = ["example_id", "component", "method", "layer"]
    joined = random_rows.merge(trained_rows, on=keys, suffixes=("_random", "_trained"))
    assert len(joined) == 12 + 8  # and the rollouts of encoder and decoder
    assert not np.allclose(joined["value_random"], joined["value_trained"])
    table = curves(read_results([out]))
    assert set(table["weights"]) == {"trained", "random-init"}


def test_arrow_and_pandas_read_the_trained_and_random_init_runs_as_one_table(
        whisper_run, corpus, tiny_whisper_dir):
    import pyarrow.dataset as ds

    from analysis.batch.store import RESULTS_SCHEMA

    out, _ = whisper_run
    options = BatchOptions(model=str(tiny_whisper_dir), weights="random-init", seed=5,
                           decoder_tokens="transcription", device="cpu", threads=2, limit=1)
    run_batch(str(corpus), out, options)
    table = ds.dataset(out / "results", format="parquet").to_table()
    assert table.schema == RESULTS_SCHEMA
    seeds = dict(zip(table["weights"].to_pylist(), table["seed"].to_pylist(), strict=True))
    assert seeds == {"trained": None, "random-init": 5}
    frame = pd.read_parquet(out / "results")
    assert len(frame) == table.num_rows and set(frame["weights"]) == {"trained", "random-init"}
    assert {p.suffix for p in (out / "results").iterdir()} == {".parquet"}


def test_a_resumed_run_refuses_another_revision(whisper_run, corpus, tiny_whisper_dir,
                                                tmp_path):
    from analysis.errors import MixScopeError

    out, _ = whisper_run
    with pytest.raises(MixScopeError, match="revision"):
        run_batch(str(corpus), out, whisper_options(tiny_whisper_dir, revision="v2"))
    store = RunStore(tmp_path / "run")
    store.open({"model": "org/model"})
    store.check_commit("a" * 40)  # recorded on first load (a folder has none)
    store.check_commit("a" * 40)
    with pytest.raises(MixScopeError, match="--revision a{40}"):
        store.check_commit("b" * 40)


def test_ctc_model_gives_encoder_rows_only(corpus, tiny_ctc_dir, tmp_path):
    options = BatchOptions(model=str(tiny_ctc_dir), device="cpu", threads=2, limit=2)
    summary = run_batch(str(corpus), tmp_path, options)
    results = RunStore(summary.run_folder).results()
    assert set(results["component"]) == {"encoder"}
    assert len(results) == 2 * 4 * 2  # examples x (methods and rollouts) x layers


def test_killed_run_resumes_without_losing_or_repeating_examples(tiny_ctc_dir, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", copies=3)  # 9 examples
    out = tmp_path / "out"
    command = [sys.executable, "main.py", "batch", "--corpus", str(corpus), "--model",
               str(tiny_ctc_dir), "--out", str(out), "--device", "cpu", "--threads", "1",
               "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    done = out / f"{tiny_ctc_dir.name}" / "done"
    deadline = time.monotonic() + 600  # a guard against a hang: a loaded machine is slow
    while time.monotonic() < deadline and process.poll() is None:
        if done.exists() and len(list(done.glob("*.json"))) >= 2:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished = {p.stem for p in done.glob("*.json")}
    assert 2 <= len(finished) < 9, "the run was not killed mid-way"
    stamps = {p.stem: p.stat().st_mtime_ns for p in (done.parent / "scores").glob("*.npz")
              if p.stem in finished}

    resumed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(finished)} already done" in resumed.stdout
    results = pd.read_parquet(out / "results" / f"{tiny_ctc_dir.name}.parquet")
    assert results.groupby("example_id").size().to_dict() == {
        f"utt{i}_{c}.wav": 8 for i in range(3) for c in range(3)}  # with the rollouts
    for key, stamp in stamps.items():  # finished examples were not scored again
        assert (done.parent / "scores" / f"{key}.npz").stat().st_mtime_ns == stamp
    assert not list((done.parent / "parts").glob("*.parquet"))  # compacted


def test_batch_with_occlusion_adds_faithfulness_rows_that_curves_summarise(corpus, tiny_ctc_dir,
                                                                          tmp_path):
    options = BatchOptions(model=str(tiny_ctc_dir), device="cpu", threads=2, limit=2,
                           methods=("attention", "occlusion"))
    summary = run_batch(str(corpus), tmp_path, options)
    results = RunStore(summary.run_folder).results()
    faithful = results[results["target_role"] == "faithfulness"]
    assert set(faithful["method"]) == {"attention", "attention.rollout"}
    assert len(faithful) == 2 * 2 * 2  # examples x (attention, rollout) x layers
    key = example_key(faithful["example_id"].iloc[0])
    saved = ScoreSet.load(summary.run_folder / "scores" / f"{key}.npz")
    first = faithful[(faithful.example_id == faithful.example_id.iloc[0])
                     & (faithful.method == "attention")].sort_values("layer")
    assert np.allclose(first["value"], saved.faithfulness["encoder.attention"], equal_nan=True)
    table = curves(results)
    assert "faithfulness" in set(table["target_role"])


ALTERNATIVES = {"mangent": "mange", "mange": "mangent", "chantent": "chante"}


@pytest.fixture(scope="module")
def contrast_run(tiny_whisper_dir, tmp_path_factory):
    """A Whisper batch over a corpus with an 'alternative' column (another spelling of each
    target)."""
    import json

    folder = write_corpus(tmp_path_factory.mktemp("contrast-corpus"))
    metadata = folder / "metadata.jsonl"
    records = [json.loads(line) for line in metadata.read_text(encoding="utf-8").splitlines()]
    for entry in records:
        entry["alternative"] = ALTERNATIVES[entry["target_word"]]
    # a transcription that does not spell the target: no contrast, the rest is kept
    import shutil

    shutil.copy(folder / "utt0_0.wav", folder / "misspelt.wav")
    misspelt = dict(records[0], file_name="misspelt.wav", transcription="ils mange des pommes")
    metadata.write_text("".join(json.dumps(r) + "\n" for r in records + [misspelt]),
                        encoding="utf-8")
    out = tmp_path_factory.mktemp("contrast-batch")
    summary = run_batch(str(folder), out, whisper_options(tiny_whisper_dir,
                                                          methods=("attention",)))
    return out, summary


def test_batch_with_an_alternative_column_writes_the_contrast_per_example(contrast_run):
    from analysis.contrastive import QUANTITIES, ROLE, contrast_summary
    from analysis.token_labels import find_word

    out, summary = contrast_run
    assert summary.status_counts == {"ok": 3, "partial": 1}
    results = RunStore(summary.run_folder).results()
    rows = results[results["target_role"] == ROLE]
    assert set(rows["example_id"]) == {f"utt{i}_0.wav" for i in range(len(UTTERANCES))}
    for (_text, cue, target), example_id in zip(UTTERANCES, sorted(set(rows["example_id"])),
                                               strict=True):
        saved = ScoreSet.load(summary.run_folder / "scores" / f"{example_key(example_id)}.npz")
        assert saved.meta["alternative"] == ALTERNATIVES[target]
        expected = contrast_summary(saved.meta["contrast_original"], saved.contrast,
                                    saved.meta["target"], find_word(saved.words, cue))
        mine = rows[rows["example_id"] == example_id].sort_values("layer")
        assert list(mine["layer"]) == list(range(1, len(QUANTITIES) + 1))
        assert set(mine["n_layers"]) == {len(QUANTITIES)}
        assert set(mine["cue_word"]) == {cue} and set(mine["target_word"]) == {target}
        assert np.allclose(mine["value"], list(expected.values()))
        assert np.isfinite(mine["value"]).all()
    table = curves(results)
    points = table[table["target_role"] == ROLE].sort_values("layer")
    assert list(points["n"]) == [3] * len(QUANTITIES)
    means = rows.groupby("layer")["value"].mean().sort_index()
    assert np.allclose(points["mean"], means)


def test_an_example_whose_tokens_do_not_spell_the_target_keeps_its_rows_without_contrast(
        contrast_run):
    out, summary = contrast_run
    store = RunStore(summary.run_folder)
    record = store.record(example_key("misspelt.wav"))
    assert record["status"] == "partial"
    contrast_problems = [p for p in record["problems"] if p["stage"] == "contrast"]
    assert len(contrast_problems) == 1
    assert "do not spell the target" in contrast_problems[0]["reason"]
    rows = store.results()
    rows = rows[rows["example_id"] == "misspelt.wav"]
    assert "contrast" not in set(rows["target_role"])
    assert set(rows[rows["target_role"] == "target"]["component"]) >= {"encoder"}


def test_curves_command_plots_the_contrast_of_a_batch(contrast_run, tmp_path):
    """In a process of its own, as a user runs it (its offscreen plot window stays out of
    this process's Qt state)."""
    from analysis.contrastive import QUANTITIES

    out, _ = contrast_run
    command = [sys.executable, str(ROOT / "main.py"), "curves", str(out), "--target",
               "contrast", "--csv", str(tmp_path / "c.csv"), "--png",
               str(tmp_path / "contrast.png")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "contrast.png").read_bytes().startswith(b"\x89PNG")
    table = pd.read_csv(tmp_path / "c.csv")
    assert len(table[table["target_role"] == "contrast"]) == len(QUANTITIES)

