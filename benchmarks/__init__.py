"""Benchmarks: slow measurements that print a table and write a JSON report."""
