"""Logical (deductive and verbal-inductive) families: syllogisms, ordering puzzles, letter series, coding."""
