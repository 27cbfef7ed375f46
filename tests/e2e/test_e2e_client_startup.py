"""What the reference terminal UI asks for before it starts: account/read, model/list,
config/read, configRequirements/read. Answers must match the official schema (checked by the
fixtures on every message) and reflect our config.toml."""

from __future__ import annotations

from spindle_protocol.models import Config as ConfigSnapshot

from tests.support.client import Connection, spindle_only


def test_account_read_without_an_account(conn: Connection) -> None:
    result = conn.call("account/read", {})
    assert result == {
        "account": None,
        "userId": None,
        "requiresOpenaiAuth": False,
        "workspaceRouting": None,
    }


def test_model_list_has_the_reference_shape(conn: Connection) -> None:
    result = conn.call("model/list", {})
    assert list(result) == ["data", "nextCursor"]
    assert result["data"] and all("model" in entry for entry in result["data"])


def test_model_list_comes_from_config(conn: Connection) -> None:
    spindle_only("the reference lists its built-in catalog; issue 6 asks spindle for config")
    models = [entry["model"] for entry in conn.call("model/list", {})["data"]]
    assert "mock-model" in models


def test_config_read_reflects_config_toml(conn: Connection) -> None:
    config = conn.call("config/read", {})["config"]
    assert config["model"] == "mock-model"
    assert config["model_provider"] == "mock"
    assert config["approval_policy"] == "never"
    assert config["sandbox_mode"] == "read-only"


def test_config_read_sends_every_member_the_schema_declares_in_its_order(
    conn: Connection,
) -> None:
    """Set or not, each declared member is there (null when unset), before the tables; a
    declared member config.toml sets (``analytics``) is reported as set."""
    result = conn.call("config/read", {})
    assert list(result) == ["config", "origins"]
    declared = list(ConfigSnapshot.model_fields)
    assert len(declared) == 27
    config = result["config"]
    assert list(config)[: len(declared)] == declared
    assert config["review_model"] is None
    assert config["analytics"] == {"enabled": False}


def test_config_requirements_read(conn: Connection) -> None:
    result = conn.call("configRequirements/read")
    assert result["requirements"] is None
