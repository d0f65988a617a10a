"""Validated questionnaires and their scoring (clinical reference sections 2-4)."""
