"""Plugin hooks (pluggy) and built-in plugins.

`hookspecs.py` specifies every hook (documented in `docs/plugins.md`);
`builtin/` registers the shipped importers and extractors through those same
hooks; `browser_autofill/` holds the browser extension. The plugin manager
itself is wired in `app/plugins.py`, because the core never imports pluggy.
"""
