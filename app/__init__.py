"""The composition root: settings, paths, logging and the wiring of the core.

Headless (no Qt): the CLI, the scheduler and the GUI all stand on it.
"""
