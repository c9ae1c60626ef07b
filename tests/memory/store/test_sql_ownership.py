"""SQL has one home: `memory/store`. Everything else calls its functions.

Why a test: SQL spread over the core is how the same chunked `IN (?, ...)`
query came to be written seventeen times and rows came to be read by
position. The scan looks at string literals (f-strings included) for SQL
statements and clauses, and at calls of `execute`/`executemany`/
`executescript`, in every module of the product outside `memory/store`.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("app", "memory", "ui", "plugins")
STORE = ROOT / "memory" / "store"

SQL = re.compile(
    r"\bSELECT\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+(?:OR\s+\w+\s+)?\S+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bCREATE\s+(?:TABLE|INDEX|UNIQUE|VIRTUAL|TRIGGER|VIEW)\b|\bALTER\s+TABLE\b|\bDROP\s+(?:TABLE|INDEX|TRIGGER|VIEW)\b"
    r"|\bPRAGMA\b|\bWHERE\b|\bJOIN\b|\bORDER\s+BY\b|\bGROUP\s+BY\b|\bMATCH\s+\?|\bIN\s*\(\s*\?"
)
EXECUTE_CALLS = {"execute", "executemany", "executescript"}


def product_modules() -> list[Path]:
    files = [p for folder in PRODUCT for p in (ROOT / folder).rglob("*.py")]
    return sorted(p for p in files if STORE not in p.parents and "__pycache__" not in p.parts)


def sql_strings(source: str) -> list[tuple[int, str]]:
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and SQL.search(token.string):
            found.append((token.start[0], token.string.strip()[:80]))
    return found


def execute_calls(source: str) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in EXECUTE_CALLS
    ]


def offences() -> list[str]:
    out = []
    for path in product_modules():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        out += [f"{name}:{line}: SQL text {text!r}" for line, text in sql_strings(source)]
        out += [f"{name}:{line}: runs SQL itself" for line in execute_calls(source)]
    return out


def test_the_scan_sees_sql_in_every_shape():
    source = (
        'q = f"SELECT id FROM {table} WHERE rowid IN ({marks})"\n'
        'db.execute("UPDATE OR IGNORE conflicts SET fact_a = ?", (1,))\n'
        'x = "a quiet English sentence, where nothing is selected"\n'
    )
    assert [line for line, _ in sql_strings(source)] == [1, 2]
    assert execute_calls(source) == [2]


def test_no_module_outside_the_store_holds_sql():
    found = offences()
    assert not found, "SQL belongs in memory/store:\n" + "\n".join(found)
