"""Where the layers of each supported family are, and the position-wise rest of a layer.

Value Zeroing only changes the attention output (before the output projection); everything
after it in a layer (output projection, residual, norms, feed-forward, and for the Whisper
decoder the cross-attention sub-block given the encoder output) works position by position.
``Stack.tail_*`` recompute a layer's output from its residual input and a (perturbed)
attention output at any set of positions, batched: shapes (..., d) in, (..., d) out.
Checked against transformers 5.x: WhisperEncoderLayer / WhisperDecoderLayer,
Wav2Vec2EncoderLayer (post-LN) and Wav2Vec2EncoderLayerStableLayerNorm (pre-LN); HuBERT and
data2vec-audio copy them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.models.loading import LoadedModel


@dataclass(frozen=True)
class Stack:
    """One Transformer stack (an encoder or Whisper's decoder)."""

    name: str  # "encoder" or "decoder"
    family: str  # "whisper", "w2v-post" or "w2v-stable"
    layers: Any  # nn.ModuleList
    final_norm: Any | None  # applied after the last layer (None: post-LN wav2vec2)

    @property
    def num_layers(self) -> int:
        return len(self.layers)

    def self_attention(self, layer):
        return layer.self_attn if self.family == "whisper" else layer.attention

    def post_attention_norm(self, layer):
        """The layer norm applied to (residual + attention) in post-LN layers, else None."""
        return layer.layer_norm if self.family == "w2v-post" else None

    def tail_self(self, layer, residual, attn_output, cross_keys=None, cross_values=None):
        """Layer output from the layer input ``residual`` and the self-attention output
        (heads concatenated, before out_proj). Whisper decoder layers also need the
        encoder's cross-attention keys and values [heads, frames, head_dim]."""
        attention = self.self_attention(layer)
        hidden = residual + attention.out_proj(attn_output)
        if self.family == "w2v-post":
            hidden = layer.layer_norm(hidden)
            return layer.final_layer_norm(hidden + layer.feed_forward(hidden))
        if self.family == "w2v-stable":
            hidden = hidden + layer.feed_forward(layer.final_layer_norm(hidden))
            if getattr(layer, "adapter_layer", None) is not None:
                hidden = hidden + layer.adapter_layer(hidden)
            return hidden
        if self.name == "decoder":
            hidden = hidden + whisper_cross_attention(
                layer.encoder_attn, layer.encoder_attn_layer_norm(hidden), cross_keys,
                cross_values)
        return _whisper_feed_forward(layer, hidden)

    def tail_cross(self, layer, residual, attn_output):
        """Whisper decoder layer output from the cross-attention sub-block's input
        ``residual`` and the cross-attention output (before out_proj)."""
        hidden = residual + layer.encoder_attn.out_proj(attn_output)
        return _whisper_feed_forward(layer, hidden)


def _whisper_feed_forward(layer, hidden):
    return hidden + layer.fc2(layer.activation_fn(layer.fc1(layer.final_layer_norm(hidden))))


def whisper_cross_attention(attention, hidden, keys, values):
    """WhisperAttention over the encoder output for queries ``hidden`` (..., d), given its
    keys and values [heads, frames, head_dim] (no mask: every frame is visible)."""
    import torch

    heads, _, head_dim = keys.shape
    lead = hidden.shape[:-1]
    query = (attention.q_proj(hidden) * attention.scaling).reshape(-1, heads, head_dim)
    query = query.transpose(0, 1)  # [heads, queries, head_dim]
    weights = torch.softmax(query @ keys.transpose(1, 2), dim=-1)
    out = (weights @ values).transpose(0, 1).reshape(*lead, heads * head_dim)
    return attention.out_proj(out)


def encoder_stack(loaded: LoadedModel) -> Stack:
    model = loaded.model
    if loaded.is_whisper:
        encoder = model.model.encoder
        return Stack("encoder", "whisper", encoder.layers, encoder.layer_norm)
    encoder = model.base_model.encoder
    if getattr(model.config, "do_stable_layer_norm", False):
        return Stack("encoder", "w2v-stable", encoder.layers, encoder.layer_norm)
    # Post-LN: encoder.layer_norm runs BEFORE the layers, so nothing follows the last one.
    return Stack("encoder", "w2v-post", encoder.layers, None)


def decoder_stack(loaded: LoadedModel) -> Stack:
    decoder = loaded.model.model.decoder
    return Stack("decoder", "whisper", decoder.layers, decoder.layer_norm)


def encoder_num_frames(loaded: LoadedModel, num_samples: int) -> int:
    """T: Whisper's fixed 1500 (max_source_positions); else the CNN output length."""
    if loaded.is_whisper:
        return int(loaded.config.max_source_positions)
    return int(loaded.model._get_feat_extract_output_lengths(num_samples))
