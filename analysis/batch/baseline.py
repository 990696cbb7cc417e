"""The random-initialisation baseline: the same architecture with fresh, seeded weights.

Scoring it on the same corpus shows what the curves look like before any training, so the
trained model's curves can be read against chance (the structure of the network alone)."""

from __future__ import annotations

import copy
import dataclasses


def random_init(loaded, seed: int = 0):
    """A copy of ``loaded`` (a LoadedModel) whose model is rebuilt from its config with
    weights drawn from the architecture's own initialiser under ``torch.manual_seed(seed)``.

    Tokenizer, feature extractor, generation config, device and dtype are kept, so inputs
    are prepared exactly as for the trained model."""
    import torch

    trained = loaded.model
    config = copy.deepcopy(trained.config)
    state = torch.random.get_rng_state()
    try:
        torch.manual_seed(seed)
        model = type(trained)._from_config(config, attn_implementation="eager",
                                           dtype=loaded.dtype)
    finally:
        torch.random.set_rng_state(state)
    if getattr(trained, "generation_config", None) is not None:
        model.generation_config = copy.deepcopy(trained.generation_config)
    model.to(loaded.device).eval()
    info = {**loaded.info, "weights": "random-init", "seed": seed}
    return dataclasses.replace(loaded, model=model, info=info)
