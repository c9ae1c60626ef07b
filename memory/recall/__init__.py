"""Hybrid recall: full-text and vector search fused, with neighbouring turns."""
