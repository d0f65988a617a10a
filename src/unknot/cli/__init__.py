"""The terminal edge: thin Typer commands over the domain and content layers."""
