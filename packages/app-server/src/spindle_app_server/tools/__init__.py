"""The model's tools: a registry by tool name, one module per tool.

Each tool module declares the spec offered to the model and the handler that runs a call.
Helpers shared by several tools (unified exec, command parsing, approvals) live in private
modules beside them.
"""
