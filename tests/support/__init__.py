"""Test support shared by the test folders: the stored-submission database, the fast tier, the guard."""
