"""The models loaded in this session, shared by the features that run them (scoring, word
alignment), so a model already in memory is used instead of being loaded again."""

from __future__ import annotations


class LoadedModels:
    def __init__(self) -> None:
        self._by_source: dict[str, object] = {}
        self._latest = None

    def put(self, loaded) -> None:
        """Remember ``loaded`` (an analysis.models.loading.LoadedModel) by its source."""
        self._by_source[loaded.source] = loaded
        self._latest = loaded

    def get(self, source: str):
        return self._by_source.get(source)

    @property
    def latest(self):
        """The model loaded last, or None."""
        return self._latest
