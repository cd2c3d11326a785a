"""The benchmark harness behind bench/run.py: servers, wrk, data, analysis, report."""
