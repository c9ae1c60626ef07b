"""The desktop app (PySide6): the only package that imports Qt.

It stands on `app/` (`MemoryService`) and never opens the store itself.
"""
