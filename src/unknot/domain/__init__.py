"""Pure clinical rules: answers, triage, scoring, planning. Standard library and pydantic only."""
