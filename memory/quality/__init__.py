"""Readability checks shared by the extraction gates and the quality benchmark.

Pure functions on text: one test decides both whether a fact may be shown
(the standalone gate) and how often shown facts fail it (the benchmark), so
the gate and its measurement can never drift apart.
"""
