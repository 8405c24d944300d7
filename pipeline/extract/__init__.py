"""Extract stage: sentences to figures and initiatives (rules propose, stored models decide).

Entry points: `figures.extract(sentence, ...)` and `initiatives.extract(sentence, ...)`."""
