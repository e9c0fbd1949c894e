"""Importers turn a file into rows shaped like the raw tables, plus rejects. No database access
beyond looking up the home school: loading.py writes what they return."""
