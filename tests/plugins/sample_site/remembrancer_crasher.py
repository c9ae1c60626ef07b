"""A plugin that cannot even be imported."""
raise RuntimeError("crasher plugin is broken on purpose")
