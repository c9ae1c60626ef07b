"""Plugin hooks (pluggy) and built-in plugins.

The hook specifications and the browser autofill plugin arrive with their
issue; this package exists so built-ins and third-party plugins share one
namespace from the start.
"""
