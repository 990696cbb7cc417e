"""How long a test waits for a background job before calling it hung.

A hang detector, not a speed test: CI runs on two busy cores where importing torch or
``datasets`` in a worker alone can take tens of seconds, so the bound is generous."""

BACKGROUND_JOB_MS = 180_000
