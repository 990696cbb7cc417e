"""``score``: Attention and Value Zeroing scores of one utterance, headless, to .npz (+ CSV)."""

from analysis.commands.base import Command
from analysis.commands.model_options import (
    add_method_options,
    add_revision_option,
    chosen_components,
    chosen_methods,
)


def add_arguments(parser):
    parser.add_argument("--model", required=True, metavar="ID_OR_DIR",
                        help="hub id (e.g. openai/whisper-base) or checkpoint folder")
    add_revision_option(parser)
    parser.add_argument("--audio", required=True, metavar="FILE", help="audio file")
    parser.add_argument("--alignment", required=True, metavar="FILE",
                        help="TextGrid (tier 'words', else the first interval tier), dataset "
                             "JSON or Audacity labels")
    parser.add_argument("--out", required=True, metavar="OUT.npz", help="where to write scores")
    parser.add_argument("--csv", metavar="OUT.csv", help="also write a long-format CSV")
    add_method_options(parser)
    tokens = parser.add_mutually_exclusive_group()
    tokens.add_argument("--text", help="teacher-force this transcription instead of the "
                                       "model's own (Whisper)")
    tokens.add_argument("--decoder-ids", metavar="IDS",
                        help="explicit decoder token ids, comma- or space-separated (Whisper)")
    parser.add_argument("--language", default="fr", help="Whisper language (default: fr)")
    parser.add_argument("--task", default="transcribe", choices=("transcribe", "translate"))
    parser.add_argument("--spans", default="reference", choices=("reference", "half-open"),
                        help="word spans in encoder frames (default: reference, as published)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda", "mps"))
    parser.add_argument("--dtype", default="float32",
                        choices=("float32", "float16", "bfloat16", "float64"))


def _ids(text):
    from analysis.errors import MixScopeError

    try:
        return [int(t) for t in text.replace(",", " ").split()]
    except ValueError:
        raise MixScopeError(f"--decoder-ids must be integers, got '{text}'") from None


def run(args) -> int:
    import time
    from pathlib import Path

    from analysis.alignment.io import read_alignment
    from analysis.alignment.model import tier_to_words
    from analysis.atomic import check_can_write
    from analysis.audio import load_audio
    from analysis.commands.output import Progress
    from analysis.models.spans import check_no_overlaps
    from analysis.models.transcription import language_code

    methods = chosen_methods(args)
    components = chosen_components(args)
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

    from analysis.models.loading import load_model
    from analysis.scoring import score

    loaded = load_model(args.model, device=args.device, dtype=args.dtype, revision=args.revision)
    bar = Progress(args, unit="step")
    try:
        result = score(loaded, waveform, words, methods=methods, components=components,
                       decoder_text=args.text, decoder_ids=decoder_ids, spans=args.spans,
                       language=args.language, task=args.task, progress=bar)
    finally:
        bar.close()
    result.meta["audio_file"] = str(Path(args.audio))
    result.meta["alignment_file"] = str(Path(args.alignment))
    out = result.save(args.out)
    csv = result.to_csv(args.csv) if args.csv else None
    _summary(result, loaded, audio, out, csv, time.perf_counter() - began)
    return 0


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
        labels = "".join(result.row_labels.get("decoder") or result.row_labels.get("cross") or [])
        lines.append(f"tokens      {len(result.decoder_output_ids)} "
                     f"({meta.get('decoder_tokens_from')}): {labels[:70]}")
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
