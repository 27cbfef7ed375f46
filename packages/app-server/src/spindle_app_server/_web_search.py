"""The hosted web search as the client sees it: a ``webSearch`` item per ``web_search_call``.

The model's provider runs the search; spindle only maps the Responses API ``action``
(``search``, ``open_page``, ``find_in_page``, anything else) to the wire's
``WebSearchAction`` and to the one-line ``query`` the reference shows for it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "rollout_web_search_action",
    "web_search_detail",
    "wire_web_search_action",
    "wire_web_search_item",
]

JSON = dict[str, Any]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def web_search_detail(action: JSON) -> str:
    """The item's ``query``: the search terms, the opened URL, or ``'pattern' in url``."""
    kind = action.get("type")
    if kind == "search":
        query = _text(action.get("query"))
        if query:
            return query
        queries = [q for q in action.get("queries") or [] if isinstance(q, str)]
        first = queries[0] if queries else ""
        return f"{first} ..." if len(queries) > 1 and first else first
    if kind == "open_page":
        return _text(action.get("url")) or ""
    if kind == "find_in_page":
        url, pattern = _text(action.get("url")), _text(action.get("pattern"))
        if pattern is not None and url is not None:
            return f"'{pattern}' in {url}"
        if pattern is not None:
            return f"'{pattern}'"
        return url or ""
    return ""


def wire_web_search_action(action: JSON | None) -> JSON:
    """A Responses API web search ``action`` as the wire's ``WebSearchAction``."""
    kind = action.get("type") if action is not None else None
    if action is None or kind not in ("search", "open_page", "find_in_page"):
        return {"type": "other"}
    if kind == "search":
        queries = action.get("queries")
        return {
            "type": "search",
            "query": _text(action.get("query")),
            "queries": [q for q in queries if isinstance(q, str)]
            if isinstance(queries, list)
            else None,
        }
    if kind == "open_page":
        return {"type": "openPage", "url": _text(action.get("url"))}
    return {
        "type": "findInPage",
        "url": _text(action.get("url")),
        "pattern": _text(action.get("pattern")),
    }


def rollout_web_search_action(action: JSON | None) -> JSON:
    """The action as the reference's rollout keeps it: the known members, absent ones left
    out, any other kind as ``other``."""
    kind = action.get("type") if action is not None else None
    keys = {
        "search": ("query", "queries"),
        "open_page": ("url",),
        "find_in_page": ("url", "pattern"),
    }
    if action is None or kind not in keys:
        return {"type": "other"}
    out: JSON = {"type": kind}
    for key in keys[str(kind)]:
        if action.get(key) is not None:
            out[key] = action[key]
    return out


def wire_web_search_item(recorded: JSON, started: Any, completed: Any) -> JSON:
    """A rollout's ``WebSearch`` item (its action as the Responses API gave it) on the wire."""
    action = recorded.get("action")
    raw = action if isinstance(action, dict) else None
    query = recorded.get("query")
    return {
        "type": "webSearch",
        "id": str(recorded.get("id")),
        "query": query if isinstance(query, str) else web_search_detail(raw or {}),
        "action": wire_web_search_action(raw),
        "results": None,
        "startedAtMs": started,
        "completedAtMs": completed,
    }
