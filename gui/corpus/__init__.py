"""The corpus browser: a lazily paged, filterable table of a corpus or dataset, opening
examples in the editor, cue/target annotation, and the corpus File actions."""
