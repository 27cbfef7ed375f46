"""The method tables and constants."""

from __future__ import annotations

import pytest
from spindle_protocol import methods, models
from spindle_protocol.errors import InvalidRequest


def test_all_client_methods_are_the_109_stable_ones_in_reference_order() -> None:
    assert len(methods.ALL_CLIENT_METHODS) == 109
    assert methods.ALL_CLIENT_METHODS[:5] == (
        "initialize",
        "thread/start",
        "thread/resume",
        "thread/fork",
        "thread/archive",
    )
    assert len(set(methods.ALL_CLIENT_METHODS)) == 109
    assert set(methods.ALL_CLIENT_METHODS) <= set(methods.CLIENT_METHODS_WITH_EXPERIMENTAL)
    assert len(methods.CLIENT_METHODS_WITH_EXPERIMENTAL) == 184


def test_registry_covers_the_methods_the_server_implements_first() -> None:
    wanted = {
        methods.INITIALIZE,
        methods.THREAD_START,
        methods.THREAD_RESUME,
        methods.THREAD_FORK,
        methods.THREAD_READ,
        methods.THREAD_LIST,
        methods.THREAD_TURNS_LIST,
        methods.THREAD_METADATA_UPDATE,
        methods.THREAD_ARCHIVE,
        methods.THREAD_UNARCHIVE,
        methods.THREAD_NAME_SET,
        methods.THREAD_LOADED_LIST,
        methods.THREAD_UNSUBSCRIBE,
        methods.TURN_START,
        methods.TURN_INTERRUPT,
        methods.THREAD_GOAL_SET,
        methods.THREAD_GOAL_GET,
        methods.THREAD_GOAL_CLEAR,
        methods.ACCOUNT_READ,
        methods.MODEL_LIST,
        methods.CONFIG_READ,
        methods.CONFIG_REQUIREMENTS_READ,
        methods.FEEDBACK_SAVE,
        methods.FEEDBACK_UPLOAD,
    }
    assert wanted <= set(methods.CLIENT_REQUESTS)
    spec = methods.CLIENT_REQUESTS[methods.THREAD_START]
    assert (spec.params, spec.result, spec.experimental) == (
        models.ThreadStartParams,
        models.ThreadStartResponse,
        False,
    )
    assert methods.CLIENT_REQUESTS[methods.CONFIG_REQUIREMENTS_READ].params is None


def test_registry_entries_are_consistent_with_the_method_table() -> None:
    for method, spec in methods.CLIENT_REQUESTS.items():
        params_name, result_name, experimental = methods.CLIENT_REQUEST_TYPES[method]
        assert spec.method == method
        assert spec.result.__name__ == result_name
        assert (spec.params.__name__ if spec.params else None) == params_name
        assert spec.experimental is experimental


def test_server_notification_constants_and_params() -> None:
    expected = {
        methods.THREAD_STARTED: models.ThreadStartedNotification,
        methods.TURN_STARTED: models.TurnStartedNotification,
        methods.ITEM_STARTED: models.ItemStartedNotification,
        methods.ITEM_AGENT_MESSAGE_DELTA: models.AgentMessageDeltaNotification,
        methods.ITEM_COMPLETED: models.ItemCompletedNotification,
        methods.THREAD_TOKEN_USAGE_UPDATED: models.ThreadTokenUsageUpdatedNotification,
        methods.TURN_COMPLETED: models.TurnCompletedNotification,
        methods.ERROR: models.ErrorNotification,
        methods.THREAD_ARCHIVED: models.ThreadArchivedNotification,
        methods.THREAD_UNARCHIVED: models.ThreadUnarchivedNotification,
        methods.THREAD_NAME_UPDATED: models.ThreadNameUpdatedNotification,
        methods.THREAD_GOAL_UPDATED: models.ThreadGoalUpdatedNotification,
        methods.THREAD_GOAL_CLEARED: models.ThreadGoalClearedNotification,
        methods.THREAD_STATUS_CHANGED: models.ThreadStatusChangedNotification,
        methods.CONFIG_WARNING: models.ConfigWarningNotification,
        methods.DEPRECATION_NOTICE: models.DeprecationNoticeNotification,
    }
    for method, params in expected.items():
        assert methods.SERVER_NOTIFICATIONS[method].params is params
    assert methods.ITEM_AGENT_MESSAGE_DELTA == "item/agentMessage/delta"
    assert methods.INITIALIZED == "initialized"


def _params_error(method: str, params: object) -> str:
    with pytest.raises(InvalidRequest) as caught:
        methods.parse_params(method, params)
    return caught.value.message


def test_params_given_as_an_array_are_read_like_serde_reads_a_struct() -> None:
    # Recorded from the reference: a missing element is an error unless the member has a
    # non-null default (config/read's includeLayers), extra elements once all are read.
    assert _params_error("fs/readFile", []) == (
        "Invalid request: invalid length 0, expected struct FsReadFileParams with 1 element"
    )
    assert _params_error("fs/copy", ["/a"]) == (
        "Invalid request: invalid length 1, expected struct FsCopyParams with 3 elements"
    )
    assert _params_error("config/read", []) == (
        "Invalid request: invalid length 1, expected struct ConfigReadParams with 2 elements"
    )
    assert _params_error(
        "modelProvider/config/write", [{"type": "gcp", "providerId": "gcp"}, 1]
    ) == ("Invalid request: invalid length 2, expected 1 element in sequence")
    assert methods.parse_params("fs/readFile", ["/etc/hostname"]) is not None


def test_unknown_members_are_named_with_the_accepted_ones() -> None:
    write = "modelProvider/config/write"
    assert _params_error(write, {"settings": {"type": "customGateway", "bogus": 1}}) == (
        "Invalid request: unknown field `bogus`, expected one of `providerId`, `name`, "
        "`baseUrl`, `envKey`"
    )
    assert _params_error(write, {"settings": {"type": "customGateway"}, "bogus": 1}) == (
        "Invalid request: unknown field `bogus`, expected `settings`"
    )
