"""The Model Openness Definition: read, validate and assess model openness manifests."""

__version__ = "0.1.0"
