"""Checking (clerical speed and accuracy): compare pairs of codes, names, addresses and numbers."""
