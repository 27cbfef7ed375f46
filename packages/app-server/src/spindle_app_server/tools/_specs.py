"""The tool specs offered to the model, in the Responses API ``tools`` format.

The names, parameter schemas (types, enums, ``required``, ``additionalProperties``,
``strict``, the ``encrypted`` flags) and namespace structure match what the reference codex
0.169.0 offers ``mock-model``; the descriptions are our own wording of the same facts
(defaults, ranges, when to use a tool). Each function returns a fresh dict, so callers may
change what they get.

:func:`default_tool_specs` gives the full list in the reference's order:

``exec_command, write_stdin, request_user_input, view_image, <multi-agent namespace>,
[get_goal, create_goal, update_goal,] web_search``

- the multi-agent namespace is ``multi_agent_v1`` (close_agent, resume_agent, send_input,
  spawn_agent, wait_agent), or ``collaboration`` (followup_task, interrupt_agent,
  list_agents, send_message, spawn_agent, wait_agent) with the ``multi_agent_v2`` feature;
- the goal tools come with the ``goals`` feature (on by default in the reference) and are
  hidden for ephemeral threads and review sub-agents;
- web_search is hosted (the client runs nothing); it is cached unless live, and the
  reference makes it live under ``danger-full-access``.

Length: mostly data, one function per tool spec with its descriptions, in the reference's
order; the list has to match the reference as a whole, and split by tool it could no longer
be read against it in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = [
    "close_agent_spec",
    "collaboration_spec",
    "create_goal_spec",
    "default_tool_specs",
    "exec_command_spec",
    "followup_task_spec",
    "get_goal_spec",
    "interrupt_agent_spec",
    "list_agents_spec",
    "multi_agent_v1_spec",
    "request_user_input_spec",
    "resume_agent_spec",
    "send_input_spec",
    "send_message_spec",
    "spawn_agent_v1_spec",
    "spawn_agent_v2_spec",
    "update_goal_spec",
    "view_image_spec",
    "wait_agent_v1_spec",
    "wait_agent_v2_spec",
    "web_search_spec",
    "write_stdin_spec",
]

Schema = dict[str, Any]

MULTI_AGENT_V1 = "multi_agent_v1"
COLLABORATION = "collaboration"


# --- building blocks ---------------------------------------------------------------------


def _string(description: str, *, enum: Sequence[str] | None = None) -> Schema:
    schema: Schema = {"type": "string", "description": description}
    if enum is not None:
        schema["enum"] = list(enum)
    return schema


def _secret_string(description: str) -> Schema:
    """A string argument the reference marks ``encrypted`` (message bodies between agents)."""
    return {"type": "string", "description": description, "encrypted": True}


def _number(description: str) -> Schema:
    return {"type": "number", "description": description}


def _integer(description: str) -> Schema:
    return {"type": "integer", "description": description}


def _boolean(description: str) -> Schema:
    return {"type": "boolean", "description": description}


def _array(description: str, items: Schema) -> Schema:
    return {"type": "array", "description": description, "items": items}


def _object(properties: dict[str, Schema], required: Sequence[str] | None = None) -> Schema:
    """A closed object schema; ``required=None`` leaves the ``required`` key out entirely
    (the reference does so for tools whose parameters are all optional, except get_goal)."""
    schema: Schema = {"type": "object", "properties": properties}
    if required is not None:
        schema["required"] = list(required)
    schema["additionalProperties"] = False
    return schema


def _function(name: str, description: str, parameters: Schema) -> Schema:
    return {
        "type": "function",
        "name": name,
        "description": description,
        "strict": False,
        "parameters": parameters,
    }


def _namespace(name: str, description: str, tools: list[Schema]) -> Schema:
    return {"type": "namespace", "name": name, "description": description, "tools": tools}


_OUTPUT_BUDGET = (
    "Maximum number of output tokens to return (10000 by default); policy may cap a larger value."
)


# --- unified exec ------------------------------------------------------------------------


def exec_command_spec() -> Schema:
    return _function(
        "exec_command",
        "Start a shell command and return what it printed, or, if it is still running, a "
        "session ID for continuing to interact with it.",
        _object(
            {
                "cmd": _string("The shell command to run."),
                "justification": _string(
                    "Question shown to the user when asking approval for `require_escalated`; "
                    "leave it out in every other case."
                ),
                "login": _boolean(
                    "Whether the shell starts as a login/interactive shell (-l/-i); false "
                    "turns that off. Default: true."
                ),
                "max_output_tokens": _number(_OUTPUT_BUDGET),
                "prefix_rule": _array(
                    "Command prefix to approve for reuse by later commands, such as "
                    '["git", "pull"]; only valid together with '
                    '`sandbox_permissions: "require_escalated"`.',
                    {"type": "string"},
                ),
                "sandbox_permissions": _string(
                    "Sandbox setting for this command only: `use_default` (the default) keeps "
                    "the sandbox, `require_escalated` asks to run outside it.",
                    enum=("use_default", "require_escalated"),
                ),
                "shell": _string(
                    "Which shell executable to start; the user's default shell when omitted."
                ),
                "tty": _boolean(
                    "Set true to run the command in a pseudo-terminal; when false or absent it "
                    "gets plain pipes."
                ),
                "workdir": _string(
                    "Directory to run the command in; the turn's working directory when omitted."
                ),
                "yield_time_ms": _number(
                    "How long to wait for output before returning, in milliseconds: 10000 by "
                    "default, kept between 250 and 30000."
                ),
            },
            required=("cmd",),
        ),
    )


def write_stdin_spec() -> Schema:
    return _function(
        "write_stdin",
        "Send characters to the stdin of a running exec session and return the output it "
        "produced since the last read.",
        _object(
            {
                "chars": _string(
                    "Text to write to the process's stdin. Empty by default, which only polls "
                    "for new output."
                ),
                "max_output_tokens": _number(_OUTPUT_BUDGET),
                "session_id": _number(
                    "The session ID of the running exec session (as exec_command reported it)."
                ),
                "yield_time_ms": _number(
                    "Milliseconds to wait for output before returning. After writing text: 250 "
                    "by default and at most 30000; for an empty poll: between 5000 and 300000."
                ),
            },
            required=("session_id",),
        ),
    )


# --- user interaction --------------------------------------------------------------------


def request_user_input_spec() -> Schema:
    option = _object(
        {
            "description": _string(
                "A single short sentence on the consequence or tradeoff of picking this option."
            ),
            "label": _string("The option's label as the user sees it, one to five words."),
        },
        required=("label", "description"),
    )
    question = _object(
        {
            "header": _string(
                "A brief label displayed above the question in the UI, at most 12 characters."
            ),
            "id": _string("A stable snake_case id used to match answers to this question."),
            "options": _array(
                "Two or three choices that exclude each other. List the recommended one first "
                'and end its label with "(Recommended)". Leave out any "Other" choice: the '
                'client adds a free-form "Other" option by itself.',
                option,
            ),
            "question": _string("The question itself, in one sentence, as the user sees it."),
        },
        required=("id", "header", "question", "options"),
    )
    return _function(
        "request_user_input",
        "Ask the user one to three short questions and wait for the answers. Only usable in "
        "Plan mode.",
        _object(
            {
                "questions": _array(
                    "The questions for the user: ideally one, never more than three.", question
                )
            },
            required=("questions",),
        ),
    )


def view_image_spec() -> Schema:
    return _function(
        "view_image",
        "Look at an image file on the local disk when you need to inspect it visually. Meant "
        "for images that already exist on the filesystem.",
        _object(
            {"path": _string("Path of the image file on the local filesystem.")},
            required=("path",),
        ),
    )


# --- multi-agent v1 ----------------------------------------------------------------------

_NAMESPACE_DESCRIPTION = "Start sub-agents and manage the ones already running."


def _input_items() -> Schema:
    item = _object(
        {
            "audio_url": _string("For type audio: the audio as a data URL."),
            "image_url": _string("For type image: the image URL."),
            "name": _string("For type skill or mention: the name to display."),
            "path": _string(
                "For local_image, local_audio or skill: the file path. For mention: the "
                "structured target, e.g. app://<connector-id> or "
                "plugin://<plugin-name>@<marketplace-name>."
            ),
            "text": _string("For type text: the text."),
            "type": _string(
                "What the item holds: text, image, local_image, audio, local_audio, skill or mention."
            ),
        }
    )
    return _array(
        "Input as structured items, e.g. to pass explicit mentions such as app:// connector paths.",
        item,
    )


def _model_override() -> Schema:
    return _string(
        "A different model for the new agent; leave it out unless an override is explicitly needed."
    )


def _effort_override() -> Schema:
    return _string(
        "A different reasoning effort for the new agent; leave it out to keep the parent's."
    )


def _models_preamble(model_overrides: Sequence[str]) -> str:
    """The optional list of models ``spawn_agent`` may pick, one line each."""
    if not model_overrides:
        return ""
    lines = "\n".join(f"- {line}" for line in model_overrides)
    return (
        "Models you may pick with `model` (optional; staying on the parent's model is "
        f"preferred):\n{lines}\n"
    )


_SPAWN_V1_GUIDANCE = """\
Start a sub-agent on a clearly bounded task. Returns the new agent's id and, when it has one, \
its user-facing nickname. A spawned agent runs on your current model unless `model` is given; \
leave `model` unset unless the user explicitly asks for another model.

Spawn sub-agents only when the user, or AGENTS.md or skill instructions that apply, explicitly \
ask for sub-agents, delegation or parallel agent work. A request for depth, thoroughness, \
research, investigation or a detailed analysis of a codebase is not such permission. Guidance \
about agent roles only helps you pick an agent once spawning is allowed; it never allows \
spawning by itself.

### Delegate or do it yourself
- First sketch a short high-level plan of the whole task: which pieces block the critical \
path, and which are side tasks that are needed but can proceed in parallel. Decide in that \
plan what you will do locally right now, before delegating, so that you do not hand the \
blocking piece to a sub-agent and then sit waiting for it.
- Delegate a subtask when it is simple enough for a sub-agent and can run alongside your own \
work; favour concrete, bounded side tasks that move the main task forward without blocking \
your next local step.
- Do not delegate urgent work that your very next step depends on; if the next action waits \
on it, do it yourself to keep the critical path moving.
- Keep a subtask local when it is too hard to hand off well, tightly coupled, urgent, or \
likely to block your next step.

### Shaping delegated subtasks
- Each subtask must be concrete, well defined and self-contained.
- It must materially advance the main task.
- Your own work and the delegated subtasks must not overlap.
- Do not send several delegations about the same unresolved thread unless the new task is \
really different and needed.
- Ask for exactly the concrete output you need next.
- For coding, prefer handing out bounded code-change tasks with a clear write scope over \
read-only exploration.
- When delegating code changes, tell the sub-agent to edit files directly in its forked \
workspace and to list the paths it changed in its final answer.
- Split code-editing work so that no two delegated tasks write the same files.

### After delegating
- Call wait_agent rarely: only when the next step on the critical path needs the result and \
you cannot go on without it.
- Do not redo delegated work yourself; integrate the results or work on something that does \
not overlap.
- While a sub-agent runs in the background, get on with useful non-overlapping work at once.
- Do not wait out of habit, again and again.
- When a delegated coding task comes back, review its changes quickly, then integrate or \
refine them.

### Delegating in parallel
- Run several independent information-gathering subtasks at once when they answer separate \
questions.
- Split an implementation into disjoint parts of the codebase and spawn agents for them in \
parallel when their write scopes do not overlap.
- Delegate verification only when it can run alongside ongoing implementation and is likely \
to catch a concrete risk before the final integration.
- Look for chances to start several independent subtasks in the same round, each well \
defined, self-contained and clearly moving the main task forward."""


def close_agent_spec() -> Schema:
    return _function(
        "close_agent",
        "Shut down an agent, together with any of its descendants still open, once it is no "
        "longer needed; returns the status the agent had before the shutdown was requested. "
        "A finished agent stays open, and keeps counting against the concurrency limit, until "
        "it is closed, so close agents you no longer need rather than leaving them open.",
        _object(
            {"target": _string("The id (returned by spawn_agent) of the agent to close.")},
            required=("target",),
        ),
    )


def resume_agent_spec() -> Schema:
    return _function(
        "resume_agent",
        "Reopen an agent that was closed earlier, by its id, so that send_input and wait_agent "
        "work with it again.",
        _object({"id": _string("The id of the agent to reopen.")}, required=("id",)),
    )


def send_input_spec() -> Schema:
    return _function(
        "send_input",
        "Deliver a message to an agent that already exists. Pass interrupt=true to change its "
        "course right away. When your task depends heavily on the context of an earlier task, "
        "send it to that same agent with send_input rather than starting a new one.",
        _object(
            {
                "interrupt": _boolean(
                    "If true, the agent stops its current task and handles this message at "
                    "once; if false or absent, the message waits in its queue."
                ),
                "items": _input_items(),
                "message": _string(
                    "Plain-text message for the agent (the older form). Give message or items, "
                    "not both."
                ),
                "target": _string("The id (returned by spawn_agent) of the agent to send to."),
            },
            required=("target",),
        ),
    )


def spawn_agent_v1_spec(model_overrides: Sequence[str] = ()) -> Schema:
    """``model_overrides``: lines describing the models ``model`` may name (none: no list)."""
    return _function(
        "spawn_agent",
        _models_preamble(model_overrides) + _SPAWN_V1_GUIDANCE,
        _object(
            {
                "fork_context": _boolean(
                    "If true, the new agent starts with a copy of this thread's history; if "
                    "false or absent, it gets only the initial prompt."
                ),
                "items": _input_items(),
                "message": _string(
                    "The new agent's first task as plain text. Give message or items, not both."
                ),
                "model": _model_override(),
                "reasoning_effort": _effort_override(),
            }
        ),
    )


def wait_agent_v1_spec() -> Schema:
    return _function(
        "wait_agent",
        "Block until one of the given agents reaches a final status. A completed status can "
        "carry the agent's final message; on timeout the status is empty. When an agent "
        "reaches its final status you also receive a notification message with that same "
        "status.",
        _object(
            {
                "targets": _array(
                    "Ids of the agents to wait for; with several ids the call returns as soon "
                    "as the first of them finishes.",
                    {"type": "string"},
                ),
                "timeout_ms": _number(
                    "How long to wait, in milliseconds: 30000 by default, at least 10000, at "
                    "most 3600000. Favour long waits (several minutes) over frequent polling."
                ),
            },
            required=("targets",),
        ),
    )


def multi_agent_v1_spec(model_overrides: Sequence[str] = ()) -> Schema:
    return _namespace(
        MULTI_AGENT_V1,
        _NAMESPACE_DESCRIPTION,
        [
            close_agent_spec(),
            resume_agent_spec(),
            send_input_spec(),
            spawn_agent_v1_spec(model_overrides),
            wait_agent_v1_spec(),
        ],
    )


# --- multi-agent v2 ("collaboration") ----------------------------------------------------

_SPAWN_V2_GUIDANCE = """\
Start an agent on the given task. Its canonical task name is your own task path plus \
task_name: from task `<home>/task1`, spawning with task_name "task_3" gives \
`<home>/task1/task_3`.
You can then call it either `task_3` or `<home>/task1/task_3`; an agent elsewhere, such as \
`<home>/task2/task_3`, can reach it only by the canonical name `<home>/task1/task_3`.
The new agent gets the same tools you have, including spawning sub-agents of its own.

It can message you and the other running agents, and you receive its final answer when it is \
done.
It is told its canonical task name together with the message.

With `fork_turns="none"` the agent receives none of the surrounding context and may miss \
what it needs for its task; `fork_turns="all"` gives it all of that context."""


def followup_task_spec() -> Schema:
    return _function(
        "followup_task",
        "Give an existing (non-root) agent a follow-up task, starting a turn for it if it is "
        "idle. If it is busy, the task reaches it promptly: at the next message boundary while "
        "it is sampling, or once its pending tool call finishes.",
        _object(
            {
                "message": _secret_string("The text of the task for the target agent."),
                "target": _string(
                    "The agent's id or canonical task name (from spawn_agent) to give the "
                    "follow-up task to."
                ),
            },
            required=("target", "message"),
        ),
    )


def interrupt_agent_spec() -> Schema:
    return _function(
        "interrupt_agent",
        "Stop the agent's running turn, if it has one, and return the status it had before. "
        "The agent stays available for messages and follow-up tasks.",
        _object(
            {
                "target": _string(
                    "The agent's id or canonical task name (from spawn_agent) to interrupt."
                )
            },
            required=("target",),
        ),
    )


def list_agents_spec() -> Schema:
    return _function(
        "list_agents",
        "Show the live agents in this root thread's tree, optionally only those under a "
        "task-path prefix.",
        _object(
            {
                "path_prefix": _string(
                    "Only list agents whose task path starts with this prefix (no trailing "
                    "slash); leave it out to list every live agent."
                )
            }
        ),
    )


def send_message_spec() -> Schema:
    return _function(
        "send_message",
        "Queue a message for an existing agent; it is delivered promptly but does not start a "
        "new turn.",
        _object(
            {
                "message": _secret_string("Text that will wait in the target agent's queue."),
                "target": _string(
                    "The relative or canonical task name (from spawn_agent) of the agent to "
                    "message."
                ),
            },
            required=("target", "message"),
        ),
    )


def spawn_agent_v2_spec(model_overrides: Sequence[str] = ()) -> Schema:
    """``model_overrides``: lines describing the models ``model`` may name (none: no list)."""
    return _function(
        "spawn_agent",
        _models_preamble(model_overrides) + _SPAWN_V2_GUIDANCE,
        _object(
            {
                "fork_turns": _string(
                    "How much of the parent's history the agent inherits: `all` (the default), "
                    "or `none` to start without it; no other value is accepted."
                ),
                "message": _secret_string("The new agent's first task, as plain text."),
                "model": _model_override(),
                "reasoning_effort": _effort_override(),
                "task_name": _string(
                    "The new agent's task name, made of lowercase letters, digits and underscores."
                ),
            },
            required=("task_name", "message"),
        ),
    )


def wait_agent_v2_spec() -> Schema:
    return _function(
        "wait_agent",
        "Block until any live agent's mailbox changes: a queued message or a final-status "
        "notification. New user input steered into the active turn also ends the wait early. "
        "The content itself is not returned; the result summarises which agents have updates, "
        "reports the interruption by steered input, or says that the wait timed out with no "
        "activity.",
        _object(
            {
                "timeout_ms": _number(
                    "How long to wait, in milliseconds: 30000 by default, at least 10000, at "
                    "most 3600000."
                )
            }
        ),
    )


def collaboration_spec(model_overrides: Sequence[str] = ()) -> Schema:
    return _namespace(
        COLLABORATION,
        _NAMESPACE_DESCRIPTION,
        [
            followup_task_spec(),
            interrupt_agent_spec(),
            list_agents_spec(),
            send_message_spec(),
            spawn_agent_v2_spec(model_overrides),
            wait_agent_v2_spec(),
        ],
    )


# --- goals -------------------------------------------------------------------------------


def get_goal_spec() -> Schema:
    return _function(
        "get_goal",
        "Return this thread's current goal: its status, budgets, the tokens and time used so "
        "far, and the token budget left.",
        _object({}, required=()),
    )


def create_goal_spec() -> Schema:
    return _function(
        "create_goal",
        "Create a goal, but only when the user or system/developer instructions explicitly "
        "ask for one; never derive a goal from an ordinary task.\n"
        "Give token_budget only when an explicit token budget was requested. This fails while "
        "an unfinished goal exists; update_goal only changes a goal's status.",
        _object(
            {
                "objective": _string(
                    "Required. What the goal should achieve, stated concretely. It creates a new "
                    "active goal if the thread has none, or takes the place of the current goal "
                    "once that one is complete."
                ),
                "token_budget": _integer(
                    "A positive number of tokens the new goal may use; leave it out unless one "
                    "was explicitly requested."
                ),
            },
            required=("objective",),
        ),
    )


_UPDATE_GOAL_GUIDANCE = """\
Change the status of the existing goal.
Use `paused` only when the user explicitly asks to pause this goal, never on your own; if in \
doubt, ask. A later resume cancels that request. Report the status you get back and stop \
working on the goal. Budget limits win over pausing.
Use `complete` only once the objective has really been reached and no required work is left.
Use `blocked` only when the same blocking condition has come up in at least three goal turns \
in a row (the original or user-started turn and any automatic continuations all count) and \
you cannot make meaningful progress without input from the user or a change in external \
state.
When the user resumes a goal that was `blocked`, the blocked audit starts afresh: set \
`blocked` again only if the same condition then recurs in at least three consecutive resumed \
goal turns.
Once the blocked threshold is met, set `blocked` instead of leaving the goal active and \
repeatedly saying that you are still blocked.
Hard, slow, uncertain or unfinished work, or work that would benefit from clarification, is \
no reason for `blocked`.
A nearly exhausted budget, or your decision to stop working, is no reason for `complete`.
This tool cannot resume a goal or set the budget-limited or usage-limited states; the user \
or the system controls those.
When you mark a goal that has a budget `complete`, tell the user the final token usage shown \
in the tool result."""


def update_goal_spec() -> Schema:
    return _function(
        "update_goal",
        _UPDATE_GOAL_GUIDANCE,
        _object(
            {
                "status": _string(
                    "Required. `paused` needs an explicit request from the user. `complete` "
                    "only when the objective is reached and nothing required remains. "
                    "`blocked` only when the same blocking condition has come back in at least "
                    "three consecutive goal turns and no progress is possible. A blocked goal "
                    "that is resumed starts a new blocked audit.",
                    enum=("complete", "blocked", "paused"),
                )
            },
            required=("status",),
        ),
    )


# --- hosted ------------------------------------------------------------------------------


def web_search_spec(live: bool = False) -> Schema:
    """The hosted web search tool: cached results, or live access with ``live=True``."""
    return {"type": "web_search", "external_web_access": live}


# --- the whole list ----------------------------------------------------------------------


def default_tool_specs(
    *,
    goals_enabled: bool,
    multi_agent_v2: bool,
    web_search_live: bool = False,
    model_overrides: Sequence[str] = (),
    multi_agent: bool = True,
    shell: bool = True,
    request_user_input: bool = True,
    view_image: bool = True,
    web_search: bool = True,
) -> list[Schema]:
    """Every tool offered to a model without tool metadata, in the reference's order (less
    the ones a thread's configuration switches off)."""
    specs: list[Schema] = []
    if shell:
        specs += [exec_command_spec(), write_stdin_spec()]
    if request_user_input:
        specs.append(request_user_input_spec())
    if view_image:
        specs.append(view_image_spec())
    if multi_agent:
        specs.append(
            collaboration_spec(model_overrides)
            if multi_agent_v2
            else multi_agent_v1_spec(model_overrides)
        )
    if goals_enabled:
        specs += [get_goal_spec(), create_goal_spec(), update_goal_spec()]
    if web_search:
        specs.append(web_search_spec(live=web_search_live))
    return specs
