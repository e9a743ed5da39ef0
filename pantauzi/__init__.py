"""PantauZI domain package: reference data, schema, scoring, queries and charts."""
