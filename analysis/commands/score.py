"""``score``: Attention and Value Zeroing scores of one utterance, headless, to .npz (+ CSV)."""

from analysis.commands.base import Command
from analysis.models.language import DEFAULT_LANGUAGE, LANGUAGE_HELP


def add_arguments(parser):
    parser.add_argument("--model", required=True, metavar="ID_OR_DIR",
                        help="hub id (e.g. openai/whisper-base) or checkpoint folder")
    parser.add_argument("--audio", required=True, metavar="FILE", help="audio file")
    parser.add_argument("--alignment", required=True, metavar="FILE",
                        help="TextGrid (tier 'words', else the first interval tier), dataset "
                             "JSON or Audacity labels")
    parser.add_argument("--out", required=True, metavar="OUT.npz", help="where to write scores")
    parser.add_argument("--csv", metavar="OUT.csv", help="also write a long-format CSV")
    parser.add_argument("--methods", default=None,
                        help="comma-separated method names (default: attention,value_zeroing)")
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


def run(args) -> int:
    import sys
    import time

    from analysis.atomic import check_can_write
    from analysis.pipeline import (
        parse_components,
        parse_decoder_ids,
        parse_methods,
        score_utterance,
    )
    from analysis.progress import progress_bar

    methods = parse_methods(args.methods) if args.methods is not None else None
    components = parse_components(args.components)
    decoder_ids = parse_decoder_ids(args.decoder_ids)
    for path in (args.out, args.csv):  # before any long work
        if path:
            check_can_write(path)
    began = time.perf_counter()
    with progress_bar(sys.stderr.isatty(), stream=sys.stderr) as bar:
        result = score_utterance(args.model, args.audio, args.alignment, methods=methods,
                                 components=components, text=args.text,
                                 decoder_ids=decoder_ids, language=args.language,
                                 task=args.task, spans=args.spans, device=args.device,
                                 dtype=args.dtype, progress=bar)
    if result.meta.get("note"):
        print(f"note: {result.meta['note']}", file=sys.stderr)
    out = result.save(args.out)
    csv = result.to_csv(args.csv) if args.csv else None
    _summary(result, out, csv, time.perf_counter() - began)
    return 0


def whole_tokens(labels, separator="", width=70):
    """The token labels joined, cut before the first token that would pass ``width``."""
    text = ""
    for count, label in enumerate(labels):
        joined = label if count == 0 else text + separator + label
        if len(joined) > width:
            return text + " …"
        text = joined
    return text


def _summary(result, out, csv, seconds):
    meta = result.meta
    words = [w.label for w in result.words]
    lines = [
        f"model       {meta['model']} ({meta.get('model_type')}, {meta['dtype']}, "
        f"{meta['device']})",
        f"audio       {meta['audio_file']} ({meta['audio_seconds']:.2f} s)",
        f"words       {len(words)}: {' '.join(words)[:70]}",
    ]
    if result.decoder_output_ids:
        labels = result.row_labels.get("decoder") or result.row_labels.get("cross") or []
        separator = " " if all(label.isdigit() for label in labels) else ""  # no tokenizer
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
