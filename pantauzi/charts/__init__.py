"""Charts: DataFrame -> plotly Figure."""
