"""Sound output (and, in the recording feature, input) through sounddevice."""
