"""Readers for official statistics files: pure Python, no Django.

Each reader turns the bytes of one file into a ``ParsedFile`` (see base.py) or raises
``StatisticsFileError`` naming the line or column. ``sniff.read_statistics_file`` picks the reader.
"""
