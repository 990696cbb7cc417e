"""``score``: Attention and Value Zeroing scores of one utterance, headless, to .npz (+ CSV)."""

from analysis.commands.base import Command
from analysis.models.language import DEFAULT_LANGUAGE, LANGUAGE_HELP

METHOD_NAMES = ("attention", "value_zeroing")
COMPONENT_NAMES = ("encoder", "decoder", "cross")


def add_arguments(parser):
    parser.add_argument("--model", required=True, metavar="ID_OR_DIR",
                        help="hub id (e.g. openai/whisper-base) or checkpoint folder")
    parser.add_argument("--audio", required=True, metavar="FILE", help="audio file")
    parser.add_argument("--alignment", required=True, metavar="FILE",
                        help="TextGrid (tier 'words', else the first interval tier), dataset "
                             "JSON or Audacity labels")
    parser.add_argument("--out", required=True, metavar="OUT.npz", help="where to write scores")
    parser.add_argument("--csv", metavar="OUT.csv", help="also write a long-format CSV")
    parser.add_argument("--methods", default=",".join(METHOD_NAMES),
                        help="comma-separated: attention,value_zeroing (default: both)")
    parser.add_argument("--components", default=None,
                        help="comma-separated: encoder,decoder,cross (default: all the model has)")
    tokens = parser.add_mutually_exclusive_group()
    tokens.add_argument("--text", help="teacher-force this transcription instead of the "
                                       "model's own (Whisper)")
    tokens.add_argument("--decoder-ids", metavar="IDS",
                        help="explicit decoder token ids, comma- or space-separated (Whisper)")
    parser.add_argument("--language", default=DEFAULT_LANGUAGE, help=LANGUAGE_HELP)
    parser.add_argument("--task", default="transcribe", choices=("transcribe", "translate"))
    parser.add_argument("--spans", default="reference", choices=("reference", "half-open"),
                        help="word spans in encoder frames (default: reference, as published)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda", "mps"))
    parser.add_argument("--dtype", default="float32",
                        choices=("float32", "float16", "bfloat16", "float64"))


def _names(text, allowed, what):
    from analysis.errors import MixScopeError

    names = [n.strip().replace("-", "_") if what == "method" else n.strip()
             for n in text.replace(" ", ",").split(",") if n.strip()]
    for name in names:
        if name not in allowed:
            raise MixScopeError(f"unknown {what} '{name}'; choose from {', '.join(allowed)}")
    return names


def _ids(text):
    from analysis.errors import MixScopeError

    try:
        return [int(t) for t in text.replace(",", " ").split()]
    except ValueError:
        raise MixScopeError(f"--decoder-ids must be integers, got '{text}'") from None


def run(args) -> int:
    import sys
    import time
    from pathlib import Path

    from analysis.alignment.io import read_alignment
    from analysis.alignment.model import tier_to_words
    from analysis.atomic import check_can_write
    from analysis.audio import load_audio
    from analysis.models.language import language_code
    from analysis.models.spans import check_no_overlaps

    methods = _names(args.methods, METHOD_NAMES, "method")
    components = _names(args.components, COMPONENT_NAMES, "component") if args.components else None
    decoder_ids = _ids(args.decoder_ids) if args.decoder_ids else None
    language_code(args.language)
    for path in (args.out, args.csv):  # before any long work
        if path:
            check_can_write(path)
    began = time.perf_counter()
    audio = load_audio(args.audio)
    alignment = read_alignment(args.alignment)
    words = tier_to_words(alignment.grid.word_tier())
    check_no_overlaps(words, args.alignment)
    waveform = audio.for_model()

    _quiet_transformers()
    from analysis.models.loading import load_model
    from analysis.scoring import score

    loaded = load_model(args.model, device=args.device, dtype=args.dtype)
    bar = _ProgressBar(sys.stderr)
    try:
        result = score(loaded, waveform, words, methods=methods, components=components,
                       decoder_text=args.text, decoder_ids=decoder_ids, spans=args.spans,
                       language=args.language, task=args.task, progress=bar)
    finally:
        bar.close()
    if result.meta.get("note"):
        print(f"note: {result.meta['note']}", file=sys.stderr)
    result.meta["audio_file"] = str(Path(args.audio))
    result.meta["alignment_file"] = str(Path(args.alignment))
    out = result.save(args.out)
    csv = result.to_csv(args.csv) if args.csv else None
    _summary(result, loaded, audio, out, csv, time.perf_counter() - began)
    return 0


def _quiet_transformers():
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


class _ProgressBar:
    """A one-line bar on a terminal (nothing when stderr is a file or a pipe)."""

    def __init__(self, stream, width=30):
        self.stream, self.width = stream, width
        self.active = hasattr(stream, "isatty") and stream.isatty()
        self.shown = False

    def __call__(self, done, total, phrase):
        if not self.active:
            return
        filled = int(self.width * done / total) if total else 0
        line = f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {phrase}"
        self.stream.write(line[:100].ljust(100))
        self.stream.flush()
        self.shown = True

    def close(self):
        if self.shown:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


def whole_tokens(labels, separator="", width=70):
    """The token labels joined, cut before the first token that would pass ``width``."""
    text = ""
    for count, label in enumerate(labels):
        joined = label if count == 0 else text + separator + label
        if len(joined) > width:
            return text + " …"
        text = joined
    return text


def _summary(result, loaded, audio, out, csv, seconds):
    meta = result.meta
    words = [w.label for w in result.words]
    lines = [
        f"model       {loaded.source} ({meta.get('model_type')}, {meta['dtype']}, "
        f"{meta['device']})",
        f"audio       {audio.path} ({audio.duration:.2f} s)",
        f"words       {len(words)}: {' '.join(words)[:70]}",
    ]
    if result.decoder_output_ids:
        labels = result.row_labels.get("decoder") or result.row_labels.get("cross") or []
        separator = "" if loaded.tokenizer is not None else " "  # ids need separators
        lines.append(f"tokens      {len(result.decoder_output_ids)} "
                     f"({meta.get('decoder_tokens_from')}): {whole_tokens(labels, separator)}")
        lines.append(f"prompt      language {meta.get('language') or 'none'}, "
                     f"task {meta.get('task') or 'none'}")
    layers = ", ".join(f"{c} {result.get(c, result.methods(c)[0]).shape[0]}"
                       for c in result.components())
    lines += [
        f"layers      {layers}",
        f"methods     {', '.join(meta['methods'])} ({meta['spans']} spans)",
        f"time        {seconds:.1f} s (scoring {meta['seconds']:.1f} s)",
        f"scores      {out}",
    ]
    if csv is not None:
        lines.append(f"csv         {csv}")
    print("\n".join(lines))


COMMAND = Command(
    name="score",
    help="compute Attention and Value Zeroing scores of one utterance (.npz, optional CSV)",
    add_arguments=add_arguments,
    handler="analysis.commands.score:run",
)
