"""The command-line interface (the contract in README, section CLI)."""
