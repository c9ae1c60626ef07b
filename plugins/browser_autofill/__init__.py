"""Browser form autofill: the extension (`extension/`) and its docs.

The native messaging host, pairing, policy and log live in `app/browser_*.py`
(the composition root); this package holds what ships to the browser.
"""
