"""Exports: a manifest and its assessment written as the bills of materials compliance tools read
(CycloneDX 1.7 ML-BOM, SPDX 3.0.1 JSON-LD with the AI and Dataset profiles).

Renderers, at the bottom of the one-way flow: they read a valid manifest and its assessment and
import nothing above them. `mapping` holds what the exporters and `importers.cyclonedx` share.
"""
