"""Wire samples round-trip byte-equal, and omitted stays distinct from null."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter
from spindle_protocol import WireModel, models, to_wire
from spindle_protocol.models import MISSING, Thread, ThreadMetadataUpdateParams

WIRE = Path(__file__).parent / "wire"
SAMPLES = sorted(WIRE.glob("*.json"))


def _adapter(sample: Path) -> TypeAdapter[Any]:
    type_name = sample.name.split("__", 1)[0]
    return TypeAdapter(getattr(models, type_name))


def test_there_are_wire_samples() -> None:
    assert len(SAMPLES) >= 20


@pytest.mark.requirement("R19")
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_wire_sample_round_trips_byte_equal(sample: Path) -> None:
    raw = sample.read_text(encoding="utf-8").rstrip("\n")
    adapter = _adapter(sample)
    value = adapter.validate_json(raw)
    assert adapter.dump_json(value, by_alias=True, exclude_unset=True).decode() == raw


SERVER_SAMPLES = [s for s in SAMPLES if "Params__" not in s.name]


@pytest.mark.parametrize("sample", SERVER_SAMPLES, ids=[s.stem for s in SERVER_SAMPLES])
def test_to_wire_reproduces_samples_of_server_messages(sample: Path) -> None:
    """What the server sends: to_wire of a complete model gives the sample back."""
    raw = sample.read_text(encoding="utf-8").rstrip("\n")
    value = _adapter(sample).validate_json(raw)
    assert isinstance(value, WireModel)
    assert json.dumps(to_wire(value), separators=(",", ":"), ensure_ascii=False) == raw


@pytest.mark.requirement("R13")
def test_git_info_patch_keeps_omitted_null_and_value_apart() -> None:
    raw = {"threadId": "t", "gitInfo": {"sha": None, "branch": "main"}}
    params = ThreadMetadataUpdateParams.model_validate(raw)
    git = params.git_info
    assert git is not None and git is not MISSING
    assert git.sha is None
    assert git.branch == "main"
    assert git.origin_url is MISSING
    assert to_wire(params) == raw
    assert params.model_dump(by_alias=True, exclude_unset=True) == raw


@pytest.mark.requirement("R13")
def test_git_info_patch_all_omitted_is_an_empty_object_not_nulls() -> None:
    params = ThreadMetadataUpdateParams.model_validate({"threadId": "t", "gitInfo": {}})
    assert to_wire(params) == {"threadId": "t", "gitInfo": {}}


def test_required_nullable_members_are_sent_as_null() -> None:
    sample = json.loads((WIRE / "Thread__started.json").read_text(encoding="utf-8"))
    thread = Thread.model_validate(sample)
    wire = to_wire(thread)
    assert wire["forkedFromId"] is None and "forkedFromId" in wire
    assert list(wire) == list(sample)


def test_required_nullable_member_cannot_be_left_out() -> None:
    sample = json.loads((WIRE / "Thread__started.json").read_text(encoding="utf-8"))
    del sample["forkedFromId"]
    with pytest.raises(ValueError, match="forkedFromId"):
        Thread.model_validate(sample)


def test_python_names_and_wire_names_are_both_accepted() -> None:
    by_alias = ThreadMetadataUpdateParams.model_validate({"threadId": "t", "gitInfo": {}})
    by_name = ThreadMetadataUpdateParams.model_validate({"thread_id": "t", "git_info": {}})
    assert by_alias == by_name
    assert by_name.model_dump() == {"threadId": "t", "gitInfo": {}}
