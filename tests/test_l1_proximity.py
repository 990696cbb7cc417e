"""ALTI's proximity computed without the rows x keys x d tensor equals the plain formula,
whichever split between shallow (every key at a few coordinates) and deep (every coordinate
of a few pairs) evaluation it takes, and across blocks."""

import pytest
import torch

from analysis.methods import l1_proximity


def _plain(weights, vectors, outputs):
    terms = torch.einsum("hnm,hdm->nmd", weights, vectors)
    return outputs.abs().sum(-1, keepdim=True) - (outputs.unsqueeze(1) - terms).abs().sum(-1)


def _inputs(sharpness, seed=0):
    generator = torch.Generator().manual_seed(seed)
    heads, rows, keys, width = 4, 9, 37, 16
    weights = torch.softmax(sharpness * torch.randn(heads, rows, keys, generator=generator,
                                                    dtype=torch.float64), -1)
    vectors = torch.randn(heads, width, keys, generator=generator, dtype=torch.float64)
    outputs = 0.5 * torch.randn(rows, width, generator=generator, dtype=torch.float64)
    outputs[0, 3] = 0.0  # sign(0) counts as +1: |0| - |0 - t| = -|t|
    return weights, vectors, outputs


@pytest.mark.parametrize("sharpness", [0.1, 3.0, 30.0])
def test_proximity_equals_the_plain_l1_formula(sharpness):
    weights, vectors, outputs = _inputs(sharpness)
    fast = l1_proximity.proximities(weights, vectors, outputs)
    assert (fast - _plain(weights, vectors, outputs)).abs().max() < 1e-12


@pytest.mark.parametrize("depth", [0, 1, 5, 16])
def test_every_split_between_shallow_and_deep_pairs_is_exact(monkeypatch, depth):
    monkeypatch.setattr(l1_proximity, "_cheapest_depth", lambda needed, width: depth)
    monkeypatch.setattr(l1_proximity, "BLOCK_ELEMENTS", 300)  # several blocks of each kind
    weights, vectors, outputs = _inputs(3.0, seed=1)
    fast = l1_proximity.proximities(weights, vectors, outputs)
    assert (fast - _plain(weights, vectors, outputs)).abs().max() < 1e-12
