"""Daily sales per booth: entry rules, corrections, figures."""
