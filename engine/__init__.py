"""The domain: blueprints, assembly, sessions, timing, scoring, the store and the CLI."""

__version__ = "0.1.0"
