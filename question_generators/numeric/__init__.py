"""Numerical families: number series and mental arithmetic (data interpretation comes next)."""
