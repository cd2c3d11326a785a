"""The benchmark data generator (see ``bench/generate.py``)."""
