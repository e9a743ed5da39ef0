"""Deployment: nginx in front of N PantauZI replicas (deploy/README.md)."""
