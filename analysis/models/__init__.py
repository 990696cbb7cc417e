"""Speech models: loading checkpoints (hub id or folder), transcription, word spans."""
