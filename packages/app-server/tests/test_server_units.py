"""Pure pieces of the server: id parsing, config loading, rollout writing and reading."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from spindle_app_server._config import ConfigError, load_config, parse_override
from spindle_app_server._history import build_history
from spindle_app_server._ids import InvalidUuid, parse_uuid, uuid7
from spindle_app_server._rollout import RolloutWriter, rollout_path_for
from spindle_app_server._threads import session_meta_payload
from spindle_state import iter_rollout_lines

# Messages of the Rust uuid crate, as the reference reports them (codex_behavior.md §1).
UUID_CASES = [
    ("abc", "invalid length: expected length 32 for simple format, found 3"),
    ("", "invalid length: expected length 32 for simple format, found 0"),
    (
        "01a2241e-3566-76d0-868a-025338aa3f3",
        "invalid group length in group 4: expected 12, found 11",
    ),
    ("01a2241e35667-6d0-868a-025338aa3f32", "invalid group count: expected 5, found 4"),
    (
        "nope",
        "invalid character: expected an optional prefix of `urn:uuid:` followed by "
        "[0-9a-fA-F-], found `n` at 1",
    ),
    (
        "01a2241e-3566-76d0-868a-025338aa3f3g",
        "invalid character: expected an optional prefix of `urn:uuid:` followed by "
        "[0-9a-fA-F-], found `g` at 36",
    ),
]


@pytest.mark.parametrize(("text", "message"), UUID_CASES)
def test_invalid_uuid_messages_match_the_reference(text: str, message: str) -> None:
    with pytest.raises(InvalidUuid) as caught:
        parse_uuid(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "01a2241e-3566-76d0-868a-025338aa3f32",
        "01A2241E-3566-76D0-868A-025338AA3F32",
        "01a2241e356676d0868a025338aa3f32",
        "urn:uuid:01a2241e-3566-76d0-868a-025338aa3f32",
        "{01a2241e-3566-76d0-868a-025338aa3f32}",
    ],
)
def test_accepted_uuid_forms_normalize(text: str) -> None:
    assert parse_uuid(text) == "01a2241e-3566-76d0-868a-025338aa3f32"


def test_uuid7_is_version_7_and_time_ordered() -> None:
    ids = [uuid7() for _ in range(200)]
    assert all(i[14] == "7" for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_no_config_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.path is None
    assert config.model_provider == "openai"
    assert config.provider().env_key == "OPENAI_API_KEY"


def test_reference_keys_are_read(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'model = "m1"\nmodel_provider = "p"\nmodel_reasoning_effort = "high"\n'
        'approval_policy = "never"\nsandbox_mode = "read-only"\n'
        "[model_providers.p]\n"
        'name = "P"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "P_KEY"\n'
        'wire_api = "responses"\nstream_max_retries = 3\n'
        "[features]\ngoals = false\n"
    )
    config = load_config(tmp_path)
    assert (config.model, config.model_provider, config.model_reasoning_effort) == (
        "m1",
        "p",
        "high",
    )
    provider = config.provider()
    assert (provider.name, provider.base_url, provider.env_key, provider.stream_max_retries) == (
        "P",
        "http://127.0.0.1:9/v1",
        "P_KEY",
        3,
    )
    assert config.features == {"goals": False}
    assert config.warnings == ()


def test_unknown_keys_are_reported_once_in_the_reference_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "config.toml").write_text(
        'model = "m"\nsomething_new = 1\nother_thing = "x"\n[tui]\nanimations = false\n'
    )
    with caplog.at_level(logging.WARNING):
        config = load_config(tmp_path)
    assert config.model == "m"
    assert config.fatal_problem is None
    path = tmp_path / "config.toml"
    # `tui` is a key the reference knows: spindle ignores it without a word.
    assert config.warnings == (
        "Codex is ignoring 2 unrecognized configuration settings. Check for typos or "
        f"deprecated settings.\n  user ({path}): `other_thing` is ignored.\n"
        f"  user ({path}): `something_new` is ignored.",
    )
    assert [p.to_notification() for p in config.problems] == [
        {"summary": config.warnings[0], "details": None}
    ]
    # Loading logs nothing; the server logs each warning once when it starts.
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_more_than_three_unknown_keys_are_summarised(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("a1 = 1\na2 = 2\na3 = 3\na4 = 4\na5 = 5\n")
    summary = load_config(tmp_path).warnings[0]
    assert summary.startswith("Codex is ignoring 5 unrecognized configuration settings.")
    assert summary.count("is ignored.") == 3
    assert summary.endswith("\n  ... and 2 more ignored settings.")


def test_a_wrong_type_falls_back_to_defaults_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('approval_policy = "never"\nmodel = 5\n')
    config = load_config(tmp_path)
    assert config.model == "gpt-6.1-sol"
    assert config.approval_policy is None
    assert config.fatal_problem is not None
    assert config.fatal_problem.to_notification() == {
        "summary": "Invalid configuration; using defaults.",
        "details": f"{path}:2:9: invalid type: integer `5`, expected a string",
        "path": str(path),
        "range": {"start": {"line": 2, "column": 9}, "end": {"line": 2, "column": 9}},
    }
    with pytest.raises(ConfigError, match="expected a string"):
        load_config(tmp_path, strict=True)


def test_a_file_that_does_not_parse_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('model = "m"\nmodel = = 3\n')
    problem = load_config(tmp_path).fatal_problem
    assert problem is not None
    assert (problem.path, problem.line, problem.column) == (path, 2, 9)
    assert problem.details is not None and problem.details.startswith(f"{path}:2:9: ")


def test_unknown_model_provider_falls_back_to_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('model_provider = "nowhere"\n')
    problem = load_config(tmp_path).fatal_problem
    assert problem is not None
    assert problem.to_notification() == {
        "summary": "Invalid configuration; using defaults.",
        "details": "Model provider `nowhere` not found",
    }
    with pytest.raises(ConfigError, match="nowhere"):
        load_config(tmp_path, strict=True)


def test_strict_config_refuses_an_unknown_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('model = "m"\nbogus_key = 1\n')
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path, strict=True)
    assert str(raised.value) == f"{path}:2:1: unknown configuration field `bogus_key`"


def test_overrides_are_toml_values_or_plain_strings(tmp_path: Path) -> None:
    assert parse_override("model=gpt-x") == (["model"], "gpt-x")
    assert parse_override('model="o3"') == (["model"], "o3")
    assert parse_override("a.b=[1, 2]") == (["a", "b"], [1, 2])
    with pytest.raises(ConfigError, match=r"missing '='\): justkey"):
        parse_override("justkey")
    config = load_config(tmp_path, overrides=[(["model"], "o3"), (["features", "goals"], False)])
    assert (config.model, config.features) == ("o3", {"goals": False})
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path, overrides=[(["model"], 5)])
    assert str(raised.value) == "invalid type: integer `5`, expected a string\nin `model`"


def test_rollout_path_layout(tmp_path: Path) -> None:
    path = rollout_path_for(
        tmp_path, "01a2241e-3566-76d0-868a-025338aa3f32", created_at_ms=1795896990960
    )
    assert path.relative_to(tmp_path).as_posix() == (
        "sessions/2026/11/28/rollout-2026-11-28T20-16-30-01a2241e-3566-76d0-868a-025338aa3f32.jsonl"
    )


def test_session_meta_omits_unset_thread_source() -> None:
    def meta(thread_source: str | None) -> dict[str, object]:
        return session_meta_payload(
            thread_id="t",
            created_at_ms=0,
            cwd="/w",
            originator="probe",
            source="vscode",
            thread_source=thread_source,
            model_provider="mock",
            model="m",
            git=None,
        )

    assert "thread_source" not in meta(None)
    assert meta("probe")["thread_source"] == "probe"


def test_writer_lines_are_whole_and_a_torn_tail_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    writer = RolloutWriter(path)
    writer.append("session_meta", {"id": "t", "timestamp": "2026-11-28T20:16:30.960Z"})
    writer.append(
        "event_msg",
        {"type": "task_started", "turn_id": "u", "root_turn_id": "u", "started_at": 1},
    )
    writer.close()
    lines = path.read_text().splitlines()
    assert [json.loads(line)["ordinal"] for line in lines] == [0, 1]
    assert list(json.loads(lines[0])) == ["timestamp", "ordinal", "type", "payload"]
    with path.open("a") as handle:  # a crash mid-write leaves half a line
        handle.write('{"timestamp":"2026-11-28T20:16:31.000Z","ordinal":2,"type":"event_m')
    history = build_history(iter_rollout_lines(path))
    assert [t.id for t in history.turns] == ["u"]
    assert history.turns[0].status == "interrupted"  # never closed: cut short


def test_history_reads_a_reference_style_turn(tmp_path: Path) -> None:
    path = tmp_path / "ref.jsonl"
    turn = "01a223cd-6ab9-73c3-bcff-dd67bfff3ad5"
    lines = [
        ("session_meta", {"id": "t", "thread_source": "probe", "cwd": "/w"}),
        (
            "event_msg",
            {"type": "task_started", "turn_id": turn, "root_turn_id": turn, "started_at": 5},
        ),
        (
            "turn_context",
            {
                "turn_id": turn,
                "model": "mock-model",
                "collaboration_mode": {"settings": {"reasoning_effort": "high"}},
            },
        ),
        (
            "response_item",
            {
                "type": "message",
                "role": "developer",
                "content": [{"type": "input_text", "text": "skills"}],
            },
        ),
        (
            "response_item",
            {
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "Say hello"}],
            },
        ),
        (
            "event_msg",
            {
                "type": "item_completed",
                "turn_id": turn,
                "item": {
                    "type": "UserMessage",
                    "id": "u1",
                    "content": [{"type": "text", "text": "Say hello", "text_elements": []}],
                },
                "started_at_ms": 10,
                "completed_at_ms": 11,
            },
        ),
        (
            "event_msg",
            {
                "type": "item_completed",
                "turn_id": turn,
                "item": {
                    "type": "AgentMessage",
                    "id": "msg_mock_1",
                    "content": [{"type": "Text", "text": "Hello."}],
                },
                "started_at_ms": 12,
                "completed_at_ms": 13,
            },
        ),
        (
            "response_item",
            {
                "type": "message",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "Hello.", "annotations": []}],
            },
        ),
        (
            "event_msg",
            {
                "type": "token_count",
                "info": {
                    "total_token_usage": {"total_tokens": 110},
                    "last_token_usage": {"total_tokens": 110},
                    "model_context_window": 258400,
                },
            },
        ),
        (
            "event_msg",
            {"type": "task_complete", "turn_id": turn, "completed_at": 6, "duration_ms": 45},
        ),
    ]
    path.write_text(
        "".join(
            json.dumps(
                {"timestamp": "2026-11-28T20:16:34.494Z", "ordinal": i, "type": t, "payload": p}
            )
            + "\n"
            for i, (t, p) in enumerate(lines)
        )
    )
    history = build_history(iter_rollout_lines(path))
    assert history.meta["thread_source"] == "probe"
    assert (history.model, history.reasoning_effort) == ("mock-model", "high")
    assert history.preview == "Say hello"
    # The developer message is not conversation; user and assistant messages are.
    # The developer message is history the model is sent again.
    assert [m["role"] for m in history.conversation] == ["developer", "user", "assistant"]
    assert history.conversation[-2]["content"] == [{"type": "input_text", "text": "Say hello"}]
    wire = history.turns[0].to_json("full")
    assert wire["status"] == "completed"
    assert [i["type"] for i in wire["items"]] == ["userMessage", "agentMessage"]
    assert wire["items"][1]["text"] == "Hello."
    assert history.total_usage == {"total_tokens": 110}


def test_model_context_window_comes_from_config(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("model_context_window = 128000\n")
    assert load_config(tmp_path).model_context_window == 128000
    assert load_config(tmp_path / "nowhere").model_context_window is None


def _load_in_a_fresh_interpreter(home: Path) -> dict[str, object]:
    """load_config(home) in a new process: its problems and whether it imported jsonschema."""
    code = (
        "import json, sys\n"
        "from spindle_app_server._config import load_config\n"
        f"config = load_config({str(home)!r})\n"
        "problem = config.fatal_problem\n"
        "print(json.dumps({'validated': 'jsonschema' in sys.modules,\n"
        "                  'problem': problem.details if problem else None,\n"
        "                  'model': config.model}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded: dict[str, object] = json.loads(done.stdout)
    return loaded


def test_an_unchanged_config_is_validated_once(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('model = "m"\n[features]\nfast = true\n')
    first = _load_in_a_fresh_interpreter(tmp_path)
    assert first == {"validated": True, "problem": None, "model": "m"}
    assert (tmp_path / "cache" / "config-check.json").is_file()
    again = _load_in_a_fresh_interpreter(tmp_path)
    assert again == {"validated": False, "problem": None, "model": "m"}


def test_a_changed_config_is_validated_again_and_its_error_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('model = "m"\n')
    assert _load_in_a_fresh_interpreter(tmp_path)["problem"] is None
    path.write_text("model = 5\n")
    for _ in range(2):  # an invalid file is never remembered: checked at every start
        changed = _load_in_a_fresh_interpreter(tmp_path)
        assert changed["validated"] is True
        assert changed["problem"] == f"{path}:1:9: invalid type: integer `5`, expected a string"


def test_a_damaged_check_memo_only_means_checking_again(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('model = "m"\n')
    memo = tmp_path / "cache" / "config-check.json"
    memo.parent.mkdir()
    memo.write_text("{not json")
    assert _load_in_a_fresh_interpreter(tmp_path) == {
        "validated": True,
        "problem": None,
        "model": "m",
    }
    assert _load_in_a_fresh_interpreter(tmp_path)["validated"] is False
