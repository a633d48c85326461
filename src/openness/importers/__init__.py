"""Importers: other openness assessments converted into openness manifests.

Each importer reads a foreign format with the safe reader, maps what it can onto the definition's
components and licenses, and reports (never drops) what it cannot map.
"""
