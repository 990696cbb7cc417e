"""Random-weight Whisper and wav2vec2 CTC checkpoints, saved like hub checkpoints.

Tests build tiny ones; benchmarks build real-sized ones (speed does not depend on the
weights). Each is a folder that ``from_pretrained`` loads offline: model weights, config,
generation config, tokenizer and feature extractor, all made locally.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

FRENCH_TEXT = [
    "ils mangent des pommes", "il mange une pomme", "elles chantent bien", "elle chante bien",
    "ils parlent français", "il parle français", "nous mangeons ensemble", "vous mangez",
    "les enfants jouent dehors", "l'enfant joue dehors", "ils finissent le travail",
    "il finit le travail", "qu'est-ce que tu dis", "à l'aéroport de Paris", "c'était très beau",
]

# Whisper's language codes in the order of its vocabulary (after <|startoftranscript|>).
def _whisper_language_codes() -> list[str]:
    from transformers.models.whisper.tokenization_whisper import LANGUAGES

    return list(LANGUAGES.keys())


def build_whisper_tokenizer(vocab_size: int = 400):
    """A byte-level BPE trained on a few French sentences, plus Whisper's special tokens
    laid out as in the real vocabulary (<|endoftext|>, <|startoftranscript|>, languages,
    tasks, <|notimestamps|>, timestamps)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import WhisperTokenizer

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(FRENCH_TEXT * 4, trainer=trainer)
    state = json.loads(bpe.to_str())["model"]
    vocab = dict(state["vocab"])
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in state["merges"]]
    vocab["<|endoftext|>"] = len(vocab)

    specials = ["<|startoftranscript|>"]
    specials += [f"<|{code}|>" for code in _whisper_language_codes()]
    specials += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>",
                 "<|nocaptions|>", "<|notimestamps|>"]
    specials += [f"<|{i * 0.02:.2f}|>" for i in range(1501)]
    tokenizer = WhisperTokenizer(vocab=vocab, merges=merges)
    tokenizer.add_tokens(specials, special_tokens=True)
    return tokenizer


def save_whisper(folder: Path, *, d_model=64, encoder_layers=2, decoder_layers=2, heads=4,
                 ffn=128, seed=0, randomise_biases=True) -> Path:
    """Save a random-weight Whisper checkpoint (tokenizer, feature extractor, generation
    config with French/transcribe ids and alignment heads) into ``folder``."""
    from transformers import (
        GenerationConfig,
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForConditionalGeneration,
        WhisperProcessor,
    )

    folder = Path(folder)
    tokenizer = build_whisper_tokenizer()
    ids = tokenizer.convert_tokens_to_ids
    eot, sot = ids("<|endoftext|>"), ids("<|startoftranscript|>")
    config = WhisperConfig(
        vocab_size=len(tokenizer),
        num_mel_bins=80,
        d_model=d_model,
        encoder_layers=encoder_layers,
        decoder_layers=decoder_layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_source_positions=1500,
        max_target_positions=448,
        pad_token_id=eot,
        bos_token_id=eot,
        eos_token_id=eot,
        decoder_start_token_id=sot,
        begin_suppress_tokens=[ids("Ġ"), eot],
        suppress_tokens=[],
    )
    torch.manual_seed(seed)
    model = WhisperForConditionalGeneration(config).eval()
    if randomise_biases:
        randomise_biases_and_norms(model, seed)

    languages = _whisper_language_codes()
    generation = GenerationConfig.from_model_config(config)
    generation.decoder_start_token_id = sot
    generation.eos_token_id = eot
    generation.pad_token_id = eot
    generation.is_multilingual = True
    generation.lang_to_id = {f"<|{c}|>": ids(f"<|{c}|>") for c in languages}
    generation.task_to_id = {"transcribe": ids("<|transcribe|>"), "translate": ids("<|translate|>")}
    generation.no_timestamps_token_id = ids("<|notimestamps|>")
    generation.prev_sot_token_id = ids("<|startofprev|>")
    generation.max_initial_timestamp_index = 50
    generation.begin_suppress_tokens = config.begin_suppress_tokens
    generation.suppress_tokens = []
    generation.forced_decoder_ids = None
    generation.alignment_heads = [[decoder_layers - 1, h] for h in range(min(heads, 2))]
    generation.max_length = 448
    generation._from_model_config = False  # else from_pretrained rebuilds it from config.json
    model.generation_config = generation

    model.save_pretrained(folder)
    processor = WhisperProcessor(WhisperFeatureExtractor(feature_size=80), tokenizer)
    processor.save_pretrained(folder)
    return folder


FRENCH_CHARACTERS = list("abcdefghijklmnopqrstuvwxyzàâæçéèêëîïôœùûüÿ'-")


def save_wav2vec2_ctc(folder: Path, *, hidden=32, layers=2, heads=4, ffn=64, conv_dim=16,
                      conv_pos=16, stable_layer_norm=False, seed=0,
                      randomise_biases=True) -> Path:
    """Save a random-weight wav2vec2 CTC checkpoint with a French character vocabulary.

    The convolutional feature encoder keeps the real strides (320 samples, 20 ms a frame);
    ``stable_layer_norm`` gives the XLSR-53 (pre-layer-norm) variant; ``conv_pos`` is the
    positional convolution's width (128 in the real models)."""
    from transformers import (
        Wav2Vec2Config,
        Wav2Vec2CTCTokenizer,
        Wav2Vec2FeatureExtractor,
        Wav2Vec2ForCTC,
        Wav2Vec2Processor,
    )

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vocab = {"<pad>": 0, "<s>": 1, "</s>": 2, "<unk>": 3, "|": 4}
    for ch in FRENCH_CHARACTERS:
        vocab[ch] = len(vocab)
    vocab_file = folder / "vocab.json"
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = Wav2Vec2CTCTokenizer(str(vocab_file), word_delimiter_token="|")
    extractor = Wav2Vec2FeatureExtractor(
        feature_size=1, sampling_rate=16000, padding_value=0.0, do_normalize=True,
        return_attention_mask=stable_layer_norm,
    )
    config = Wav2Vec2Config(
        vocab_size=len(vocab),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=ffn,
        conv_dim=(conv_dim,) * 7,
        num_conv_pos_embeddings=conv_pos,
        num_conv_pos_embedding_groups=min(heads, 16),
        do_stable_layer_norm=stable_layer_norm,
        feat_extract_norm="layer" if stable_layer_norm else "group",
        pad_token_id=0,
        ctc_loss_reduction="mean",
    )
    torch.manual_seed(seed)
    model = Wav2Vec2ForCTC(config).eval()
    if randomise_biases:
        randomise_biases_and_norms(model, seed)
    model.save_pretrained(folder)
    Wav2Vec2Processor(feature_extractor=extractor, tokenizer=tokenizer).save_pretrained(folder)
    return folder


def randomise_biases_and_norms(model: torch.nn.Module, seed: int) -> None:
    """Give every bias and layer-norm parameter non-trivial values: the default init sets
    biases to zero and norms to identity, which would hide a wrong bias or norm handling."""
    generator = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith(".bias"):
                parameter.copy_(0.1 * torch.randn(parameter.shape, generator=generator))
            elif "layer_norm" in name and name.endswith(".weight"):
                parameter.copy_(1.0 + 0.1 * torch.randn(parameter.shape, generator=generator))
