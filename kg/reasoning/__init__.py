"""Reasoning over chains: what each hop may conclude, and how certain it is.

Pure functions over the projection's hops and chains, one topic a module:

- :mod:`kg.reasoning.polarity`: the sign of a hop and a chain's net effect (increases, decreases, unknown);
- :mod:`kg.reasoning.indirectness`: why a piece of support bears only indirectly on the question (another
  species, cancer, a co-treatment, a flagged citation, an inferred design, pooled non-randomised studies);
- :mod:`kg.reasoning.attribution`: which structural steps a chain may take and what they imply (class-level
  evidence, a combination's effect credited to one drug, generalising upward);
- :mod:`kg.reasoning.contradictions`: opposite claims about a subject and an object or its part or kind;
- :mod:`kg.reasoning.certainty`: a hop's certainty from its design and named reasons, a chain's from its
  weakest hop, and the ranking key the search takes.
"""
