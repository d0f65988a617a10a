"""The parts of step-data import: one module per format, plus the shared model and helpers.

The public surface is :mod:`unknot.adapters.steps_import`; import from there.
"""
