"""Spatial reasoning: mental rotation of flat shapes."""
