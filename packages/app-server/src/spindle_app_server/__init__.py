"""spindle_app_server."""

__all__: list[str] = []
