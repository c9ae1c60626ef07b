"""Form autofill: persona and recall turned into suggested field values."""
