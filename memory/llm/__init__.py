"""The local language model: runtime, model manager, prompting, answers.

Everything here runs without Qt; `llama_cpp` is imported lazily so that
`import memory` stays fast and works where it is not installed.
"""
