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

# Whisper's language codes in the order of its vocabulary (after <|startoftranscript|>):
# 99 up to large-v2, 100 (with Cantonese, "yue") from large-v3 on.
def _whisper_language_codes(count: int = 100) -> list[str]:
    from transformers.models.whisper.tokenization_whisper import LANGUAGES

    return list(LANGUAGES.keys())[:count]


def build_whisper_tokenizer(vocab_size: int = 400, text_tokens: int | None = None,
                            languages: int = 100):
    """A byte-level BPE trained on a few French sentences, plus Whisper's special tokens
    laid out as in the real vocabulary (<|endoftext|>, <|startoftranscript|>, languages,
    tasks, <|notimestamps|>, timestamps). ``text_tokens`` pads the text vocabulary with
    unused entries to the real size (50257 multilingual), so that every special token has
    its real id."""
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
    for filler in range((text_tokens or 0) - len(vocab)):
        vocab[f"\u2400unused{filler}"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)

    specials = ["<|startoftranscript|>"]
    specials += [f"<|{code}|>" for code in _whisper_language_codes(languages)]
    specials += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>",
                 "<|nocaptions|>", "<|notimestamps|>"]
    specials += [f"<|{i * 0.02:.2f}|>" for i in range(1501)]
    tokenizer = WhisperTokenizer(vocab=vocab, merges=merges)
    tokenizer.add_tokens(specials, special_tokens=True)
    return tokenizer


# Structural features of the Whisper checkpoints researchers load, at test size: mel bins,
# vocabulary layout (text tokens, languages) and the decoder's depth against the encoder's.
# Real sizes (d_model, encoder/decoder layers, heads, ffn) are in REAL_WHISPER_SIZES.
WHISPER_VARIANTS = {
    "whisper-medium": dict(num_mel_bins=80, text_tokens=50257, languages=99,
                           encoder_layers=2, decoder_layers=2),
    "whisper-large-v3": dict(num_mel_bins=128, text_tokens=50257, languages=100,
                             encoder_layers=2, decoder_layers=2),
    "whisper-large-v3-turbo": dict(num_mel_bins=128, text_tokens=50257, languages=100,
                                   encoder_layers=5, decoder_layers=4),
    "distil-large-v3": dict(num_mel_bins=128, text_tokens=50257, languages=100,
                            encoder_layers=3, decoder_layers=2),
}
REAL_WHISPER_SIZES = {
    "whisper-base": dict(d_model=512, encoder_layers=6, decoder_layers=6, heads=8, ffn=2048),
    "whisper-small": dict(d_model=768, encoder_layers=12, decoder_layers=12, heads=12,
                          ffn=3072),
    "whisper-medium": dict(d_model=1024, encoder_layers=24, decoder_layers=24, heads=16,
                           ffn=4096),
    "whisper-large-v3": dict(d_model=1280, encoder_layers=32, decoder_layers=32, heads=20,
                             ffn=5120),
    "whisper-large-v3-turbo": dict(d_model=1280, encoder_layers=32, decoder_layers=4,
                                   heads=20, ffn=5120),
    "distil-large-v3": dict(d_model=1280, encoder_layers=32, decoder_layers=2, heads=20,
                            ffn=5120),
}


def whisper_parts(*, d_model=64, encoder_layers=2, decoder_layers=2, heads=4, ffn=128,
                  num_mel_bins=80, text_tokens=None, languages=100):
    """The config, generation config, tokenizer and feature extractor of a multilingual
    Whisper checkpoint (French/transcribe ids and alignment heads), without weights."""
    from transformers import GenerationConfig, WhisperConfig, WhisperFeatureExtractor

    tokenizer = build_whisper_tokenizer(text_tokens=text_tokens, languages=languages)
    ids = tokenizer.convert_tokens_to_ids
    eot, sot = ids("<|endoftext|>"), ids("<|startoftranscript|>")
    config = WhisperConfig(
        vocab_size=len(tokenizer),
        num_mel_bins=num_mel_bins,
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
    codes = _whisper_language_codes(languages)
    generation = GenerationConfig.from_model_config(config)
    generation.decoder_start_token_id = sot
    generation.eos_token_id = eot
    generation.pad_token_id = eot
    generation.is_multilingual = True
    generation.lang_to_id = {f"<|{c}|>": ids(f"<|{c}|>") for c in codes}
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
    extractor = WhisperFeatureExtractor(feature_size=num_mel_bins)
    return config, generation, tokenizer, extractor


def save_whisper(folder: Path, *, seed=0, randomise_biases=True, english_only=False,
                 **sizes) -> Path:
    """Save a random-weight Whisper checkpoint (tokenizer, feature extractor, generation
    config with French/transcribe ids and alignment heads) into ``folder``; ``sizes`` go to
    ``whisper_parts``. ``english_only`` saves the generation config of a ``.en`` model (no
    language or task ids)."""
    from transformers import WhisperForConditionalGeneration, WhisperProcessor

    folder = Path(folder)
    config, generation, tokenizer, extractor = whisper_parts(**sizes)
    if english_only:  # as in tiny.en's generation_config.json: no language or task ids
        generation.is_multilingual = False
        del generation.lang_to_id, generation.task_to_id
    torch.manual_seed(seed)
    model = WhisperForConditionalGeneration(config).eval()
    if randomise_biases:
        randomise_biases_and_norms(model, seed)
    model.generation_config = generation
    model.save_pretrained(folder)
    WhisperProcessor(extractor, tokenizer).save_pretrained(folder)
    return folder


def copy_without_tokenizer(folder: Path, destination: Path) -> Path:
    """A copy of a Whisper checkpoint folder without its tokenizer files (tokens are then
    labelled by id)."""
    import shutil

    destination.mkdir(parents=True)
    for name in ("config.json", "generation_config.json", "model.safetensors",
                 "processor_config.json"):
        shutil.copy(Path(folder) / name, destination / name)
    return destination


FRENCH_CHARACTERS = list("abcdefghijklmnopqrstuvwxyzàâæçéèêëîïôœùûüÿ'-")


# The wav2vec2-family checkpoints researchers load, at test size, with the features that
# change the layer decomposition: the model class, layer-norm placement (XLS-R, HuBERT-large
# and MMS are pre-LN "stable"; data2vec-audio is post-LN with a 5-layer positional conv) and
# MMS's per-layer attention adapters. Real sizes are in REAL_CTC_SIZES.
CTC_VARIANTS = {
    "xls-r-300m": dict(model_type="wav2vec2", stable_layer_norm=True),
    "xls-r-1b": dict(model_type="wav2vec2", stable_layer_norm=True),
    "hubert-large": dict(model_type="hubert", stable_layer_norm=True),
    "data2vec-audio-large": dict(model_type="data2vec-audio", stable_layer_norm=False),
    "mms-1b-all": dict(model_type="wav2vec2", stable_layer_norm=True, adapter_attn_dim=16),
}
_LARGE = dict(hidden=1024, layers=24, heads=16, ffn=4096, conv_dim=512, conv_pos=128)
_ONE_B = dict(hidden=1280, layers=48, heads=16, ffn=5120, conv_dim=512, conv_pos=128)
REAL_CTC_SIZES = {
    "xls-r-300m": _LARGE, "xls-r-1b": _ONE_B, "hubert-large": _LARGE,
    "data2vec-audio-large": {**_LARGE, "conv_pos": 19}, "mms-1b-all": _ONE_B,
}


def ctc_parts(folder: Path, *, hidden=32, layers=2, heads=4, ffn=64, conv_dim=16, conv_pos=16,
              stable_layer_norm=False, model_type="wav2vec2", adapter_attn_dim=None):
    """The config, tokenizer (its vocab.json written into ``folder``) and feature extractor
    of a wav2vec2-family CTC checkpoint with a French character vocabulary, and its model
    class. ``conv_pos`` is the positional convolution's width (128 in wav2vec2/HuBERT,
    data2vec-audio's kernel 19)."""
    import transformers
    from transformers import Wav2Vec2CTCTokenizer, Wav2Vec2FeatureExtractor

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
    common = dict(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=layers,
                  num_attention_heads=heads, intermediate_size=ffn, conv_dim=(conv_dim,) * 7,
                  num_conv_pos_embedding_groups=min(heads, 16), pad_token_id=0,
                  ctc_loss_reduction="mean")
    if model_type == "data2vec-audio":
        config = transformers.Data2VecAudioConfig(**common, conv_pos_kernel_size=conv_pos,
                                                  num_conv_pos_embeddings=5)
        model_class = transformers.Data2VecAudioForCTC
    else:
        names = {"wav2vec2": "Wav2Vec2", "hubert": "Hubert"}[model_type]
        config = getattr(transformers, f"{names}Config")(
            **common, num_conv_pos_embeddings=conv_pos, do_stable_layer_norm=stable_layer_norm,
            feat_extract_norm="layer" if stable_layer_norm else "group",
            **({"adapter_attn_dim": adapter_attn_dim} if adapter_attn_dim else {}))
        model_class = getattr(transformers, f"{names}ForCTC")
    return config, tokenizer, extractor, model_class


def save_wav2vec2_ctc(folder: Path, *, seed=0, randomise_biases=True, **sizes) -> Path:
    """Save a random-weight wav2vec2-family CTC checkpoint (``sizes``: see ``ctc_parts``;
    ``stable_layer_norm`` gives the XLSR-53 pre-layer-norm variant). The convolutional
    feature encoder keeps the real strides (320 samples, 20 ms a frame)."""
    from transformers import Wav2Vec2Processor

    folder = Path(folder)
    config, tokenizer, extractor, model_class = ctc_parts(folder, **sizes)
    torch.manual_seed(seed)
    model = model_class(config).eval()
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
