"""Remembrancer: the one import name the distribution installs.

The source keeps the layout the project asks for (`app/`, `memory/`, `ui/`,
`plugins/` at the top of the repository); `pyproject.toml` maps each folder
under this package (`package-dir`), so an installed Remembrancer adds only
`remembrancer` to site-packages and its `app` or `plugins` can never clash
with another project's. Code imports `remembrancer.memory...`,
`remembrancer.app...`, never the bare folder names.
"""
