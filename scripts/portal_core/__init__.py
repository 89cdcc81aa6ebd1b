"""The portal's plain-Python core: importable and testable without MkDocs.

scripts/hooks.py is the thin MkDocs glue that calls into it.
"""
