"""Golden scenarios of the IDE surface: ``fs/*``, ``command/exec*``, ``fuzzyFileSearch``, the
provider, permission-profile and feature-flag listings, and provider writes (with the
config.toml they leave).

Registered in :data:`tests.support.scenarios.SCENARIOS`. Everything happens under the
server's working directory (normalised to ``<cwd>``), and only what is deterministic on
any machine is recorded: no directory listing of more than one entry (its order is the
file system's), no file times (pinned with ``os.utime`` first), no environment dumps, no
program the sandboxes report differently (a missing executable).

Recording: the reference refuses to set up its sandbox helper when its home is under a
temporary directory, and then every sandboxed ``command/exec`` fails. ``record_golden``
makes its roots with ``tempfile.mkdtemp``, so point ``tempfile.tempdir`` elsewhere for these:
``python -c "import sys, tempfile; tempfile.tempdir = '/some/dir';
from tests.support.record_golden import main; sys.exit(main(['ide_exec']))"``.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from tests.support.golden import Recorder

__all__ = ["IDE_SCENARIOS", "IDE_SCENARIO_CONFIG", "initialize_ide"]

CLIENT_INFO = {"name": "golden", "version": "0"}
PINNED_MTIME = 1_700_000_000


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def initialize_ide(rec: Recorder) -> Path:
    """initialize (experimental API on) and initialized; the server's working directory."""
    rec.result(
        "initialize",
        "initialize",
        {"clientInfo": CLIENT_INFO, "capabilities": {"experimentalApi": True}},
    )
    rec.conn.notify("initialized")
    assert rec.server.cwd is not None
    return rec.server.cwd


def ide_fs(rec: Recorder) -> None:
    """fs/* on files, directories, symlinks and FIFOs, with every error we found."""
    cwd = initialize_ide(rec)
    root = cwd / "fs"

    def call(label: str, method: str, params: dict[str, Any]) -> None:
        rec.call(label, method, params)

    call("mkdir", "fs/createDirectory", {"path": str(root / "d" / "sub")})
    call("mkdir_again", "fs/createDirectory", {"path": str(root / "d")})
    call(
        "mkdir_flat_missing_parent",
        "fs/createDirectory",
        {"path": str(root / "x" / "y"), "recursive": False},
    )
    call("mkdir_flat", "fs/createDirectory", {"path": str(root / "flat"), "recursive": False})
    call(
        "mkdir_flat_exists", "fs/createDirectory", {"path": str(root / "flat"), "recursive": False}
    )
    call("write", "fs/writeFile", {"path": str(root / "a.txt"), "dataBase64": _b64(b"hello")})
    call(
        "write_binary",
        "fs/writeFile",
        {"path": str(root / "bin"), "dataBase64": _b64(bytes(range(256)))},
    )
    call("write_empty", "fs/writeFile", {"path": str(root / "empty"), "dataBase64": ""})
    call("write_no_parent", "fs/writeFile", {"path": str(root / "no" / "f"), "dataBase64": ""})
    call("write_dir", "fs/writeFile", {"path": str(root / "d"), "dataBase64": "aGk="})
    for i, bad in enumerate(["!!", "aGk", "aGl=", "aGk===", "abcde", "abcd=", "a-_k", "aGk=\n"]):
        call(f"write_bad_base64_{i}", "fs/writeFile", {"path": str(root / "w"), "dataBase64": bad})
    call("write_relative", "fs/writeFile", {"path": "rel.txt", "dataBase64": ""})
    call("read", "fs/readFile", {"path": str(root / "a.txt")})
    call("read_binary", "fs/readFile", {"path": str(root / "bin")})
    call("read_dotdot", "fs/readFile", {"path": str(root / "d" / ".." / "a.txt")})
    call("read_missing", "fs/readFile", {"path": str(root / "missing")})
    call("read_dir", "fs/readFile", {"path": str(root / "d") + "/./"})
    call("read_relative", "fs/readFile", {"path": "a.txt"})
    call("read_empty_path", "fs/readFile", {"path": ""})
    call("read_number", "fs/readFile", {"path": 5})
    call("read_null", "fs/readFile", {"path": None})
    call("read_no_path", "fs/readFile", {})
    os.symlink(root / "a.txt", root / "link")
    os.symlink(root / "nowhere", root / "dangling")
    os.symlink(root / "d", root / "dlink")
    os.mkfifo(root / "fifo")
    for name in ("a.txt", "d", "link", "dlink"):
        os.utime(root / name, (PINNED_MTIME, PINNED_MTIME))
    call("read_link", "fs/readFile", {"path": str(root / "link")})
    call("read_dangling", "fs/readFile", {"path": str(root / "dangling")})
    call("read_fifo", "fs/readFile", {"path": str(root / "fifo")})
    call("meta_file", "fs/getMetadata", {"path": str(root / "a.txt")})
    call("meta_dir", "fs/getMetadata", {"path": str(root / "d")})
    call("meta_link", "fs/getMetadata", {"path": str(root / "link")})
    call("meta_dir_link", "fs/getMetadata", {"path": str(root / "dlink")})
    call("meta_dangling", "fs/getMetadata", {"path": str(root / "dangling")})
    call("meta_missing", "fs/getMetadata", {"path": str(root / "missing")})
    call("list_one", "fs/readDirectory", {"path": str(root / "d")})
    call("list_empty", "fs/readDirectory", {"path": str(root / "d" / "sub")})
    call("list_file", "fs/readDirectory", {"path": str(root / "a.txt")})
    call("list_missing", "fs/readDirectory", {"path": str(root / "missing")})
    call(
        "copy_file",
        "fs/copy",
        {"sourcePath": str(root / "a.txt"), "destinationPath": str(root / "b.txt")},
    )
    call("read_copy", "fs/readFile", {"path": str(root / "b.txt")})
    call(
        "copy_dir_not_recursive",
        "fs/copy",
        {"sourcePath": str(root / "d"), "destinationPath": str(root / "d2")},
    )
    call(
        "copy_dir",
        "fs/copy",
        {"sourcePath": str(root / "d"), "destinationPath": str(root / "d2"), "recursive": True},
    )
    call("list_copied", "fs/readDirectory", {"path": str(root / "d2")})
    call(
        "copy_into_itself",
        "fs/copy",
        {
            "sourcePath": str(root / "d"),
            "destinationPath": str(root / "d" / "in"),
            "recursive": True,
        },
    )
    call(
        "copy_fifo",
        "fs/copy",
        {"sourcePath": str(root / "fifo"), "destinationPath": str(root / "fifo2")},
    )
    call(
        "copy_symlink",
        "fs/copy",
        {"sourcePath": str(root / "dangling"), "destinationPath": str(root / "dangling2")},
    )
    call(
        "copy_missing",
        "fs/copy",
        {"sourcePath": str(root / "missing"), "destinationPath": str(root / "m2")},
    )
    call(
        "copy_onto_dir",
        "fs/copy",
        {"sourcePath": str(root / "a.txt"), "destinationPath": str(root / "d2")},
    )
    call("copy_no_destination", "fs/copy", {"sourcePath": str(root / "a.txt")})
    call("remove_missing", "fs/remove", {"path": str(root / "missing")})
    call("remove_missing_strict", "fs/remove", {"path": str(root / "missing"), "force": False})
    call("remove_full_dir_flat", "fs/remove", {"path": str(root / "d2"), "recursive": False})
    call("remove_dir", "fs/remove", {"path": str(root / "d2")})
    call("remove_dir_link", "fs/remove", {"path": str(root / "dlink")})
    call("meta_dir_kept", "fs/getMetadata", {"path": str(root / "d")})
    call("remove_file", "fs/remove", {"path": str(root / "b.txt")})
    call("meta_removed", "fs/getMetadata", {"path": str(root / "b.txt")})


def ide_watch(rec: Recorder) -> None:
    """fs/watch of a directory and a file, duplicate ids, unwatch."""
    cwd = initialize_ide(rec)
    root = cwd / "watched"
    (root / "sub").mkdir(parents=True)
    (root / "f.txt").write_text("x")
    rec.call("watch_dir", "fs/watch", {"watchId": "w1", "path": str(root)})
    rec.call("watch_dup", "fs/watch", {"watchId": "w1", "path": str(root)})
    rec.call("watch_file", "fs/watch", {"watchId": "w2", "path": str(root / "f.txt")})
    rec.call("watch_normalised", "fs/watch", {"watchId": "w3", "path": f"{root}/sub/../"})
    rec.call("unwatch_normalised", "fs/unwatch", {"watchId": "w3"})
    rec.call("watch_relative", "fs/watch", {"watchId": "w4", "path": "watched"})
    rec.call("watch_no_id", "fs/watch", {"path": str(root)})
    since = rec.conn.mark()
    (root / "new.txt").write_text("x")
    rec.collect("created", since, "fs/changed")
    # One watch at a time sees the next change: two watches notify in no fixed order.
    rec.call("unwatch", "fs/unwatch", {"watchId": "w1"})
    since = rec.conn.mark()
    with open(root / "f.txt", "a") as handle:
        handle.write("more")
    rec.collect("file_changed", since, "fs/changed")
    rec.call("unwatch_again", "fs/unwatch", {"watchId": "w1"})
    rec.call("unwatch_unknown", "fs/unwatch", {"watchId": "nope"})
    rec.call("unwatch_file", "fs/unwatch", {"watchId": "w2"})


def ide_exec(rec: Recorder) -> None:
    """command/exec buffered, streamed, on a PTY, with stdin, terminated; every error."""
    cwd = initialize_ide(rec)

    def exec_(label: str, **params: Any) -> dict[str, Any]:
        return rec.call(label, "command/exec", params)

    exec_("echo", command=["echo", "hi"])
    exec_("exit_code", command=["sh", "-c", "echo out; echo err >&2; exit 3"])
    exec_("cwd_absolute", command=["pwd"], cwd="/")
    exec_("cwd_missing", command=["pwd"], cwd="missing-dir")
    exec_("readonly_write", command=["sh", "-c", f"touch {cwd}/x 2>/dev/null; echo $?"])
    exec_(
        "full_access_write",
        command=["sh", "-c", f"touch {cwd}/x; echo $?"],
        sandboxPolicy={"type": "dangerFullAccess"},
    )
    exec_(
        "env_override",
        command=["sh", "-c", "echo $SPINDLE_X-${HOME:-unset}"],
        env={"SPINDLE_X": "1", "HOME": None},
    )
    exec_("network_flag", command=["sh", "-c", "echo ${CODEX_SANDBOX_NETWORK_DISABLED:-no}"])
    exec_("timeout", command=["sleep", "5"], timeoutMs=200)
    exec_("cap", command=["sh", "-c", "printf 0123456789; printf abcdef >&2"], outputBytesCap=4)
    exec_("empty_command", command=[])
    exec_("no_command")
    exec_("size_without_tty", command=["true"], size={"rows": 2, "cols": 2})
    exec_("tty_without_id", command=["true"], tty=True)
    exec_("stream_without_id", command=["true"], streamStdoutStderr=True)
    exec_("both_caps", command=["true"], disableOutputCap=True, outputBytesCap=1)
    exec_("both_timeouts", command=["true"], disableTimeout=True, timeoutMs=1)
    exec_("negative_timeout", command=["true"], timeoutMs=-5)
    exec_("zero_size", command=["true"], processId="z", tty=True, size={"rows": 0, "cols": 5})

    since = rec.conn.mark()
    exec_("stream", command=["printf", "hello"], processId="s1", streamStdoutStderr=True)
    rec.collect("stream", since, "command/exec/outputDelta")
    since = rec.conn.mark()
    exec_(
        "stream_cap",
        command=["printf", "0123456789"],
        processId="s2",
        streamStdoutStderr=True,
        outputBytesCap=4,
    )
    rec.collect("stream_cap", since, "command/exec/outputDelta")
    since = rec.conn.mark()
    exec_(
        "tty",
        command=["sh", "-c", "stty size"],
        processId="t1",
        tty=True,
        size={"rows": 7, "cols": 33},
    )
    rec.collect("tty", since, "command/exec/outputDelta")

    rid = rec.conn.request_async(
        "command/exec", {"command": ["cat"], "processId": "c1", "streamStdin": True}
    )
    rec.call("write", "command/exec/write", {"processId": "c1", "deltaBase64": _b64(b"ping\n")})
    rec.call("write_close", "command/exec/write", {"processId": "c1", "closeStdin": True})
    rec.responses["stdin"] = rec.conn.response(rid, rec.timeout)

    rid = rec.conn.request_async(
        "command/exec",
        {"command": ["sh", "-c", "sleep 0.3; echo late; sleep 30"], "processId": "k1"},
    )
    rec.call("duplicate_id", "command/exec", {"command": ["true"], "processId": "k1"})
    rec.call(
        "write_not_streaming", "command/exec/write", {"processId": "k1", "deltaBase64": "aGk="}
    )
    rec.call(
        "resize_no_pty", "command/exec/resize", {"processId": "k1", "size": {"rows": 5, "cols": 5}}
    )
    rec.conn.wait_quiet(quiet=0.6, timeout=5)
    rec.call("terminate", "command/exec/terminate", {"processId": "k1"})
    rec.responses["terminated"] = rec.conn.response(rid, rec.timeout)

    rec.call("write_unknown", "command/exec/write", {"processId": "nope", "deltaBase64": "aGk="})
    rec.call("write_nothing", "command/exec/write", {"processId": "nope"})
    rec.call("write_bad_base64", "command/exec/write", {"processId": "nope", "deltaBase64": "!!"})
    rec.call("terminate_unknown", "command/exec/terminate", {"processId": "nope"})
    rec.call(
        "resize_unknown",
        "command/exec/resize",
        {"processId": "nope", "size": {"rows": 5, "cols": 5}},
    )
    rec.call(
        "resize_zero", "command/exec/resize", {"processId": "nope", "size": {"rows": 0, "cols": 5}}
    )


def ide_search(rec: Recorder) -> None:
    """fuzzyFileSearch ranking in a git work tree with a .gitignore, and its edge cases."""
    cwd = initialize_ide(rec)
    repo = cwd / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    for rel in [
        "src/app/main.py",
        "src/app/utils.py",
        "src/app/test_main.py",
        "src/mainframe.rs",
        "build/main.o",
        "node_modules/x/main.js",
        "README.md",
        "notes.txt",
        ".hidden_main",
        "Main.java",
        "z/app",
        "app.cfg",
        "myapp/y/f2",
    ]:
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (repo / ".gitignore").write_text("build/\n*.txt\n")
    plain = cwd / "plain"
    plain.mkdir()
    (plain / ".gitignore").write_text("ignored*\n")
    (plain / "ignored1").write_text("x")
    for i, query in enumerate(
        ["main", "mn", "src/main", "MAIN", "node", "hidden", "notes", "f2", "ap"]
    ):
        rec.call(f"search_{i}", "fuzzyFileSearch", {"query": query, "roots": [str(repo)]})
    rec.call("search_not_git", "fuzzyFileSearch", {"query": "ignored", "roots": [str(plain)]})
    rec.call("search_empty_query", "fuzzyFileSearch", {"query": "", "roots": [str(repo)]})
    rec.call("search_no_roots", "fuzzyFileSearch", {"query": "main", "roots": []})
    rec.call(
        "search_missing_root", "fuzzyFileSearch", {"query": "main", "roots": [str(cwd / "nope")]}
    )
    rec.call(
        "search_token",
        "fuzzyFileSearch",
        {"query": "utils", "roots": [str(repo)], "cancellationToken": "t"},
    )
    rec.call("search_no_roots_field", "fuzzyFileSearch", {"query": "main"})


def ide_providers(rec: Recorder) -> None:
    """Provider capabilities, permission profiles and feature flags, paged, with errors."""
    initialize_ide(rec)
    rec.call("capabilities", "modelProvider/capabilities/read", {})
    for label, params in [
        ("profiles", {}),
        ("profiles_page", {"limit": 2}),
        ("profiles_next", {"cursor": "2"}),
        ("profiles_end", {"cursor": "3"}),
        ("profiles_limit_zero", {"limit": 0}),
        ("profiles_cwd", {"cwd": "/"}),
        ("profiles_bad_cursor", {"cursor": "x"}),
        ("profiles_negative_cursor", {"cursor": "-1"}),
        ("profiles_cursor_too_far", {"cursor": "9"}),
    ]:
        rec.call(label, "permissionProfile/list", params)
    for label, params in [
        ("features", {}),
        ("features_page", {"limit": 7}),
        ("features_next", {"cursor": "7", "limit": 3}),
        ("features_last", {"cursor": "214", "limit": 0}),
        ("features_end", {"cursor": "215"}),
        ("features_bad_cursor", {"cursor": "x"}),
        ("features_cursor_too_far", {"cursor": "999"}),
        ("features_unknown_thread", {"threadId": "019a0000-0000-7000-8000-000000000001"}),
        ("features_bad_thread", {"threadId": "nope"}),
    ]:
        rec.call(label, "experimentalFeature/list", params)
    rec.call(
        "enablement",
        "experimentalFeature/enablement/set",
        {"enablement": {"analytics_plan_history": True, "bogus": False}},
    )
    rec.call("enablement_missing", "experimentalFeature/enablement/set", {})


# Written after the mock provider's table; the scenario records the file from this line on.
PROVIDER_SECTION = "# providers of the ide_provider_write scenario"
IDE_SCENARIO_CONFIG = {
    "ide_provider_write": f"""
{PROVIDER_SECTION}
[model_providers.gw]
# the gateway's own comment
name = "Gateway"
base_url = "http://127.0.0.1:9/v1"
env_key = "GW_KEY"
wire_api = "responses"

[model_providers.ext]
name = "External"
base_url = "http://127.0.0.1:9/v1"
http_headers = {{ "X-Team" = "a" }}
"""
}


def _provider_section(rec: Recorder) -> str:
    text = (rec.server.home / "config.toml").read_text()
    return text[text.index(PROVIDER_SECTION) :]


def ide_provider_write(rec: Recorder) -> None:
    """``modelProvider/config/write``: custom gateways created and edited, the built-in
    Bedrock and Vertex AI settings, every refusal, and the file it leaves."""
    initialize_ide(rec)

    def write(label: str, settings: Any) -> None:
        rec.call(label, "modelProvider/config/write", {"settings": settings})

    gateway = {"type": "customGateway"}
    for label, settings in [
        (
            "create",
            {
                **gateway,
                "name": " My GW ",
                "baseUrl": " https://gw.example/v1 ",
                "envKey": "MY_KEY",
            },
        ),
        ("create_same_slug", {**gateway, "name": "my gw", "baseUrl": "https://gw.example/v2"}),
        (
            "create_slug_of_builtin",
            {**gateway, "name": "amazon bedrock", "baseUrl": "http://a.example"},
        ),
        (
            "create_unicode_name",
            {**gateway, "name": "Über Café ☕ (v2)", "baseUrl": "http://a.example"},
        ),
        (
            "create_quoted_name",
            {**gateway, "name": 'a "quoted" name', "baseUrl": "http://a.example"},
        ),
        ("create_punctuation_only", {**gateway, "name": "!!!", "baseUrl": "http://a.example"}),
        ("edit_name", {**gateway, "providerId": "gw", "name": "Renamed"}),
        ("edit_base_url", {**gateway, "providerId": "gw", "baseUrl": "http://127.0.0.1:8/v2"}),
        ("edit_clear_env_key", {**gateway, "providerId": "gw", "envKey": None}),
        ("edit_set_env_key", {**gateway, "providerId": "gw", "envKey": "NEW_KEY"}),
        ("edit_nothing", {**gateway, "providerId": "gw"}),
        (
            "edit_external_base_url",
            {**gateway, "providerId": "ext", "baseUrl": "http://127.0.0.1:7"},
        ),
        (
            "bedrock",
            {
                "type": "bedrock",
                "providerId": "amazon-bedrock",
                "profile": "dev",
                "region": " us-east-1 ",
            },
        ),
        ("bedrock_clear", {"type": "bedrock", "providerId": "amazon-bedrock", "profile": None}),
        ("bedrock_runtime_untouched", {"type": "bedrock", "providerId": "amazon-bedrock-runtime"}),
        (
            "gcp",
            {"type": "gcp", "providerId": "gcp", "projectId": "proj", "location": "us-central1"},
        ),
        (
            "gcp_edit",
            {
                "type": "gcp",
                "providerId": "gcp",
                "location": None,
                "credentialFile": "/srv/key.json",
            },
        ),
    ]:
        write(label, settings)
    rec.call("list_after_writes", "modelProvider/list", {})

    # Refused by the reference's own checks (-32600 with a config_write_error_code).
    for label, settings in [
        ("name_missing", {**gateway, "baseUrl": "http://a.example"}),
        ("name_blank", {**gateway, "name": "  ", "baseUrl": "http://a.example"}),
        ("name_reserved", {**gateway, "name": "OpenAI", "baseUrl": "http://a.example"}),
        (
            "name_reserved_on_edit",
            {**gateway, "providerId": "gw", "name": "Google Cloud Vertex AI"},
        ),
        ("base_url_missing", {**gateway, "name": "No URL"}),
        ("base_url_query", {**gateway, "name": "Q", "baseUrl": "http://a.example/v1?"}),
        ("base_url_credentials", {**gateway, "name": "C", "baseUrl": "http://u:p@a.example"}),
        ("base_url_fragment", {**gateway, "name": "F", "baseUrl": "http://a.example#f"}),
        ("base_url_not_http", {**gateway, "name": "S", "baseUrl": "ftp://a.example"}),
        ("base_url_before_name", {**gateway, "name": "", "baseUrl": "nope"}),
        (
            "env_key_invalid",
            {**gateway, "name": "E", "baseUrl": "http://a.example", "envKey": "1X"},
        ),
        ("env_key_external", {**gateway, "providerId": "ext", "envKey": "K"}),
        ("env_key_external_clear", {**gateway, "providerId": "ext", "envKey": None}),
        ("builtin_id", {**gateway, "providerId": "openai", "name": "X"}),
        ("builtin_local_id", {**gateway, "providerId": "ollama", "name": "X"}),
        ("unknown_id", {**gateway, "providerId": "nope", "name": "X"}),
        ("bedrock_empty", {"type": "bedrock", "providerId": "amazon-bedrock", "region": " "}),
        ("gcp_empty", {"type": "gcp", "providerId": "gcp", "projectId": ""}),
    ]:
        write(label, settings)

    # Refused when the params are read (-32600, serde's words).
    for label, params in [
        ("params_missing", None),
        ("settings_missing", {}),
        ("settings_null", {"settings": None}),
        ("settings_string", {"settings": "x"}),
        ("type_missing", {"settings": {"name": "x"}}),
        ("type_unknown", {"settings": {"type": "openai"}}),
        ("field_unknown", {"settings": {**gateway, "name": "x", "bogus": 1}}),
        (
            "field_unknown_bedrock",
            {"settings": {"type": "bedrock", "providerId": "amazon-bedrock", "name": "x"}},
        ),
        ("top_field_unknown", {"settings": gateway, "bogus": 1}),
        ("name_null", {"settings": {**gateway, "providerId": "gw", "name": None}}),
        ("name_number", {"settings": {**gateway, "name": 5}}),
        ("bedrock_id_unknown", {"settings": {"type": "bedrock", "providerId": "gcp"}}),
        ("gcp_id_missing", {"settings": {"type": "gcp"}}),
        ("params_array_short", []),
        ("params_array_long", [{"type": "gcp", "providerId": "gcp"}, 1]),
    ]:
        rec.call(label, "modelProvider/config/write", params)
    rec.note("config_toml", _provider_section(rec))

    # A file that is already invalid refuses every write, with the validation message.
    path = rec.server.home / "config.toml"
    path.write_text(
        path.read_text() + '\n[model_providers.nameless]\nbase_url = "http://a.example"\n'
    )
    write("config_invalid", {"type": "gcp", "providerId": "gcp", "location": "x"})


UNKNOWN_THREAD = "019a0000-0000-7000-8000-000000000001"


def ide_bad_input(rec: Recorder) -> None:
    """Bad params for the methods whose other scenarios send only good ones (and
    ``thread/shellCommand``): the reference's -32600 texts, and what it accepts."""
    initialize_ide(rec)
    thread_id = rec.result("thread_start", "thread/start", {})["thread"]["id"]
    for label, method, params in [
        ("shell_empty", "thread/shellCommand", {"threadId": thread_id, "command": ""}),
        ("shell_blank", "thread/shellCommand", {"threadId": thread_id, "command": "   "}),
        ("shell_no_command", "thread/shellCommand", {"threadId": thread_id}),
        ("shell_number", "thread/shellCommand", {"threadId": thread_id, "command": 5}),
        ("shell_unknown", "thread/shellCommand", {"threadId": UNKNOWN_THREAD, "command": "ls"}),
        ("shell_bad_id", "thread/shellCommand", {"threadId": "nope", "command": "ls"}),
        ("mkdir_relative", "fs/createDirectory", {"path": "rel/dir"}),
        ("mkdir_no_path", "fs/createDirectory", {}),
        ("meta_relative", "fs/getMetadata", {"path": "rel"}),
        ("meta_number", "fs/getMetadata", {"path": 5}),
        ("list_relative", "fs/readDirectory", {"path": "rel"}),
        ("list_no_path", "fs/readDirectory", {}),
        ("remove_relative", "fs/remove", {"path": "rel"}),
        ("remove_no_path", "fs/remove", {}),
        ("copy_relative", "fs/copy", {"sourcePath": "rel", "destinationPath": "/abs"}),
        ("unwatch_no_id", "fs/unwatch", {}),
        ("unwatch_unknown", "fs/unwatch", {"watchId": "nope"}),
        ("unwatch_number", "fs/unwatch", {"watchId": 5}),
        ("providers_string", "modelProvider/list", "x"),
        ("providers_unknown_member", "modelProvider/list", {"bogus": 1}),
        ("capabilities_string", "modelProvider/capabilities/read", "x"),
        ("capabilities_unknown_member", "modelProvider/capabilities/read", {"bogus": 1}),
        ("profiles_negative_limit", "permissionProfile/list", {"limit": -1}),
        ("profiles_string", "permissionProfile/list", "x"),
        ("enablement_number", "experimentalFeature/enablement/set", {"enablement": {"x": 1}}),
    ]:
        rec.call(label, method, params)


IDE_SCENARIOS = {
    "ide_fs": ide_fs,
    "ide_watch": ide_watch,
    "ide_exec": ide_exec,
    "ide_search": ide_search,
    "ide_providers": ide_providers,
    "ide_provider_write": ide_provider_write,
    "ide_bad_input": ide_bad_input,
}
