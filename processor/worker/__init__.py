"""The stream processor: Faust agents, the settle sweep, the web endpoints."""
