"""Never-share rules: what counts as a secret (`detect`) and how a shown text hides it (`mask`)."""
from __future__ import annotations

from remembrancer.memory.privacy.mask import mask_secrets, masked, masked_all

__all__ = ["mask_secrets", "masked", "masked_all"]
