"""MixScope from Python: the few names a notebook or a script needs, in one place.

    from analysis import api as mx

    model = mx.load_model("openai/whisper-base")
    scores = mx.score(model, "utt.wav", "utt.TextGrid", methods=["attention", "value_zeroing"])
    scores.to_dataframe()                      # one line per cell, the CSV's columns
    mx.plot_heatmaps(scores, "encoder", layer=3, cue="ils", target="mangent")
    mx.plot_cue_contribution(scores, cue="ils", target="mangent").savefig("cue.pdf")

Importing this module is cheap: torch and transformers load with the first model, pandas
with the first table, matplotlib with the first figure. Every function takes the same
options as the matching ``python main.py`` command and raises ``MixScopeError`` (re-exported
here) with the same one-line message for bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.cancel import Cancelled, CancelToken
from analysis.errors import MixScopeError
from analysis.progress import Progress

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.alignment import AlignmentFile, TextGrid
    from analysis.audio import Audio
    from analysis.autoalign import AutoAlignment
    from analysis.corpus.sources import DatasetSource
    from analysis.corpus.store import Corpus
    from analysis.models.loading import LoadedModel
    from analysis.pipeline import AlignmentLike, AudioLike, ModelLike, PathLike
    from analysis.results import ScoreSet

__all__ = [
    "CancelToken", "Cancelled", "MixScopeError", "align", "batch", "curves", "load_audio", "load_model", "load_scores",
    "method_names", "open_corpus", "plot_cue_contribution", "plot_curves", "plot_heatmaps",
    "read_alignment", "read_results", "save_figure", "score", "write_alignment",
]


def _progress(progress: bool | Progress):
    """A context giving the callback to pass on: a tqdm bar for True, the caller's own."""
    from contextlib import nullcontext

    from analysis.progress import ProgressBar

    if callable(progress):
        return nullcontext(progress)
    if not progress:
        return nullcontext(None)
    return ProgressBar("step", draw=True, notebook=True, leave=True)


# -- inputs ----------------------------------------------------------------------------------
def load_model(source: PathLike, device: str = "auto", dtype: str = "float32",
               revision: str | None = None) -> LoadedModel:
    """Load a Whisper or wav2vec2-family CTC checkpoint from a hub id or a local folder;
    ``revision`` (or ``ID@REVISION``) pins a hub branch, tag or commit.

    ``device``: "auto" (CUDA, else Apple's MPS, else CPU), "cpu", "cuda", "cuda:1", "mps";
    ``dtype``: "float32", "float16", "bfloat16" or "float64"."""
    from analysis.pipeline import as_model

    return as_model(source, device, dtype, revision)


def load_audio(path: PathLike) -> Audio:
    """Read an audio file (anything libsndfile reads); ``.for_model()`` gives the 16 kHz mono
    samples the models take, ``.duration`` its length in seconds."""
    from analysis.audio import load_audio as load

    return load(path)


def read_alignment(path: PathLike) -> AlignmentFile:
    """Read a TextGrid (any Praat format), dataset JSON or Audacity label file: ``.grid`` is
    the TextGrid, ``.annotation`` the dataset's transcription and cue/target words (JSON)."""
    from analysis.alignment import read_alignment as read

    return read(path)


def write_alignment(path: PathLike, alignment: AutoAlignment | TextGrid,
                    review_below: float = 0.5, duration: float | None = None) -> Path:
    """Save an alignment; the extension picks the format (.TextGrid, .json, .txt). An
    ``align`` result becomes a word tier, plus a "review" point tier for the words whose
    confidence is below ``review_below``, over ``duration`` seconds (default: its audio)."""
    from analysis.alignment import TextGrid
    from analysis.alignment import write_alignment as write
    from analysis.pipeline import alignment_grid

    grid = alignment if isinstance(alignment, TextGrid) else alignment_grid(
        alignment, alignment.duration if duration is None else duration, review_below)
    write(path, grid)
    return Path(path)


def method_names() -> tuple[str, ...]:
    """The score methods ``score`` and ``batch`` accept (the registry in analysis.methods)."""
    from analysis.pipeline import method_choices

    return method_choices()


# -- one utterance ---------------------------------------------------------------------------
def score(model: ModelLike, audio: AudioLike, alignment: AlignmentLike, *,
          methods: str | Sequence[str] | None = None,
          components: str | Sequence[str] | None = None, text: str | None = None,
          decoder_ids: str | Sequence[int] | None = None, language: str = "fr",
          task: str = "transcribe", spans: str = "reference", device: str = "auto",
          dtype: str = "float32", target: str | None = None, alternative: str | None = None,
          progress: bool | Progress = False,
          cancel: CancelToken | None = None) -> ScoreSet:
    """Context-mixing scores of one utterance, as ``python main.py score``.

    ``model``: a ``load_model`` result, or a hub id / folder loaded on ``device``/``dtype``.
    ``audio``: a file, an ``Audio`` or 16 kHz mono samples. ``alignment``: a file (word tier
    "words", else the first interval tier), an ``AlignmentFile``, ``TextGrid`` or list of
    ``Word``. ``methods`` (default: attention and value_zeroing; any of ``method_names()``)
    and ``components`` ("encoder", "decoder", "cross"; default: all the model has) as lists
    or comma-separated text. Whisper's decoder tokens are its own transcription unless
    ``text`` (teacher forcing) or ``decoder_ids`` is given. ``spans``: "reference" (as
    published) or "half-open". ``target``: a word of the tier whose row the faithfulness
    check compares with occlusion (``ScoreSet.faithfulness``; needs "occlusion" among the
    methods); ``alternative``: another spelling of it (e.g. "mange" for "mangent"), giving the
    contrastive score per blanked word (``ScoreSet.contrast``, Whisper). ``progress``: True draws a tqdm bar, or pass a callback
    ``(done, total, phrase)``. Returns a ``ScoreSet`` (``.save``, ``.to_dataframe``)."""
    from analysis.pipeline import score_utterance

    with _progress(progress) as report:
        return score_utterance(model, audio, alignment, methods=methods,
                               components=components, text=text, decoder_ids=decoder_ids,
                               language=language, task=task, spans=spans, device=device,
                               dtype=dtype, target=target, alternative=alternative,
                               progress=report, cancel=cancel)


def load_scores(path: PathLike) -> ScoreSet:
    """A ScoreSet saved by ``ScoreSet.save``, the app or ``score`` (.npz or .parquet):
    ``.score_keys()`` lists its typed keys, ``.matrix(component, method, rollout=False)``
    reads one [layers, rows, cols] array, ``.provenance`` says what it was computed from."""
    from analysis.results import ScoreSet

    return ScoreSet.load(path)


def align(model: ModelLike | None, audio: AudioLike, text: str, *, language: str = "fr",
          window: float = 15.0, backend: str | None = None, refine: bool = True,
          device: str = "auto",
          progress: bool | Progress = False) -> AutoAlignment:
    """Propose word times for ``text`` in ``audio``, as ``python main.py align``. Without a
    model (None): Praat's eSpeak aligner (words and phonemes; ``language`` an eSpeak
    language). With one: CTC forced alignment for a wav2vec2-family CTC model (``window``
    seconds of audio per pass), word timestamps from a Whisper model's cross-attention.
    ``backend`` (a key of ``analysis.autoalign.BACKENDS``: "praat", "ctc", "whisper")
    insists on one; ``refine`` moves boundaries onto the recording's pauses. Returns the
    timed words with a confidence each (``.words``, ``.unaligned``, ``.tier()``);
    ``write_alignment`` saves it."""
    from analysis.pipeline import align_utterance

    with _progress(progress) as report:
        return align_utterance(model, audio, text, backend=backend, language=language,
                               window=window, refine=refine, device=device, progress=report)


# -- corpora ---------------------------------------------------------------------------------
def open_corpus(spec: PathLike, split: str | None = None) -> Corpus | DatasetSource:
    """Open a homophone corpus read-only: a corpus folder (metadata.jsonl), a
    ``save_to_disk`` folder, an audiofolder, parquet file(s) or a hub id (``ID`` or
    ``ID:SPLIT``). ``len()``, ``.examples(start, stop)``, ``.example(i)`` and ``.audio(i)``
    read it."""
    from analysis.corpus.sources import open_dataset, split_spec

    spec, found = split_spec(spec)
    return open_dataset(spec, split=split or found)


def batch(corpus: PathLike, models: PathLike | Sequence[PathLike], out: PathLike, *,
          weights: str = "trained", seed: int = 0,
          methods: str | Sequence[str] | None = None,
          components: str | Sequence[str] | None = None, decoder_tokens: str | None = None,
          keep_prefix: bool = False, spans: str = "reference", language: str = "fr",
          task: str = "transcribe", device: str = "auto", threads: int | None = None,
          limit: int | None = None, retry_failed: bool = False,
          progress: bool | Progress = False) -> pd.DataFrame:
    """Score every annotated example of ``corpus`` with each model, as ``python main.py
    batch``, into ``out/<run>/`` (resumable: finished examples are skipped). ``weights``:
    "trained", "random-init" or "both". Returns the cue-contribution rows of these runs as
    one table (one row per run x example x component x method x target role x layer);
    every problem is listed in each run's ``failures.csv``."""
    from analysis.batch.runner import check_batch_inputs, planned_runs, run_batch
    from analysis.batch.store import read_results as read
    from analysis.pipeline import parse_components, parse_methods

    chosen = {} if methods is None else {"methods": tuple(parse_methods(methods))}
    parts = parse_components(components)
    models = [str(m) for m in ([models] if isinstance(models, (str, Path)) else models)]
    runs = planned_runs(models, weights, out, decoder_tokens, seed=seed,
                        components=tuple(parts) if parts else None, spans=spans,
                        language=language, task=task, drop_prefix=not keep_prefix,
                        device=device, threads=threads, retry_failed=retry_failed,
                        limit=limit, **chosen)
    examples = check_batch_inputs(corpus, models, out)
    folders = []
    with _progress(progress) as report:
        for options in runs:
            folders.append(run_batch(str(corpus), out, options, report,
                                     examples=examples).run_folder)
    return read(folders)


def read_results(paths: PathLike | Sequence[PathLike]) -> pd.DataFrame:
    """The cue-contribution rows of every batch run under ``paths`` (a batch output folder,
    or run folders), as one table."""
    from analysis.batch.store import read_results as read

    return read([paths] if isinstance(paths, (str, Path)) else list(paths))


def curves(results: pd.DataFrame | PathLike | Sequence[PathLike],
           confidence: float = 0.95) -> pd.DataFrame:
    """Cue-contribution curves, as ``python main.py curves``: per run, component, method,
    target role and layer, the mean over examples and its ``confidence`` interval (Student
    t). ``results``: a table from ``batch``/``read_results``, or batch folders."""
    import pandas as pd

    from analysis.batch.curves import curves as summarise

    table = results if isinstance(results, pd.DataFrame) else read_results(results)
    return summarise(table, confidence)


# -- figures (matplotlib: pip install 'mixscope[notebook]') ----------------------------------
def plot_heatmaps(scores: ScoreSet, component: str, layer: int | None = None, *,
                  methods: str | Sequence[str] | None = None, cue: str | int | None = None,
                  target: str | int | None = None, raw: bool = False) -> Figure:
    """The app's heatmaps of one component ("encoder", "decoder", "cross"): the methods side
    by side on one colour scale, for ``layer`` (1-based, as in the paper and the app) or
    every layer as small multiples. ``cue``/``target`` (a word, or its index in the
    alignment) are marked on the axes; rows at float-noise level are greyed and hatched."""
    from analysis.figures.heatmaps import heatmap_figure

    return heatmap_figure(scores, component, layer, methods=methods, cue=cue, target=target,
                          raw=raw)


def plot_cue_contribution(scores: ScoreSet, cue: str | int, target: str | int, *,
                          drop_prefix: bool = True) -> Figure:
    """Per layer, how much of the cue word each method and component mixes into the target
    word (the app's Cue contribution dock; the same numbers as ``batch``)."""
    from analysis.figures.curves import cue_contribution_figure

    return cue_contribution_figure(scores, cue, target, drop_prefix=drop_prefix)


def plot_curves(table: pd.DataFrame, component: str | None = None,
                method: str | None = None, target_role: str = "target",
                x: str = "depth") -> Figure:
    """Corpus curves from ``curves(...)``: the mean per layer with its confidence band, one
    colour per model, random-init baselines dashed; ``x`` "depth" (layer / L) or "layer".
    ``component`` and ``method`` default to encoder and value_zeroing; ``target_role``
    "contrast" plots the contrastive-homophone quantities (x: the quantity)."""
    from analysis.batch.curves import curve_choice
    from analysis.figures.curves import curves_figure

    component, method = curve_choice(target_role, component, method)
    return curves_figure(table, component=component, method=method,
                         target_role=target_role, x=x)


def save_figure(figure: Figure, path: PathLike, dpi: int = 200) -> Path:
    """Write a figure as PNG, SVG or PDF (by extension), atomically."""
    from analysis.figures.output import save_figure as save

    return save(figure, path, dpi=dpi)
