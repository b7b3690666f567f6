"""Abstract (inductive) reasoning: figure matrices and figure series."""
