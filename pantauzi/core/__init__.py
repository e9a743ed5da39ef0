"""Domain rules: vocabulary, reference data, scoring, ratings, signals, filters, formats, access."""
