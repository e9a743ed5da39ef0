"""Storage: connections, migrations and every SQL query."""
