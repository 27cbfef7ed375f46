# generated — do not edit; source schema/, regenerate with `nox -s schema`
# (scripts/generate_protocol.py)
# (method tables from schema/v2/methods.json)

from __future__ import annotations

from typing import Final

# Client -> server requests, in the reference's order.
INITIALIZE: Final = "initialize"
SERVER_DIAGNOSTICS: Final = "server/diagnostics"
USER_VERIFICATION_STATUS: Final = "userVerification/status"
USER_VERIFICATION_ENROLL: Final = "userVerification/enroll"
USER_VERIFICATION_DELETE: Final = "userVerification/delete"
USER_VERIFICATION_VERIFY: Final = "userVerification/verify"
USER_VERIFICATION_CANCEL: Final = "userVerification/cancel"
THREAD_START: Final = "thread/start"
THREAD_RESUME: Final = "thread/resume"
THREAD_FORK: Final = "thread/fork"
THREAD_SAMPLE: Final = "thread/sample"
THREAD_SAMPLE_CANCEL: Final = "thread/sample/cancel"
THREAD_ARCHIVE: Final = "thread/archive"
THREAD_DELETE: Final = "thread/delete"
THREAD_UNSUBSCRIBE: Final = "thread/unsubscribe"
THREAD_INCREMENT_ELICITATION: Final = "thread/increment_elicitation"
THREAD_DECREMENT_ELICITATION: Final = "thread/decrement_elicitation"
THREAD_NAME_SET: Final = "thread/name/set"
THREAD_PREDICTION_REQUEST: Final = "thread/prediction/request"
THREAD_GOAL_SET: Final = "thread/goal/set"
THREAD_GOAL_GET: Final = "thread/goal/get"
THREAD_GOAL_CLEAR: Final = "thread/goal/clear"
THREAD_QUEUE_ADD: Final = "thread/queue/add"
THREAD_QUEUE_LIST: Final = "thread/queue/list"
THREAD_QUEUE_UPDATE: Final = "thread/queue/update"
THREAD_QUEUE_DELETE: Final = "thread/queue/delete"
THREAD_QUEUE_REORDER: Final = "thread/queue/reorder"
THREAD_QUEUE_START: Final = "thread/queue/start"
THREAD_METADATA_UPDATE: Final = "thread/metadata/update"
THREAD_ATTACHMENT_ADD: Final = "thread/attachment/add"
THREAD_ATTACHMENT_LIST: Final = "thread/attachment/list"
THREAD_ATTACHMENT_OWNER_LIST: Final = "thread/attachmentOwner/list"
THREAD_ATTACHMENT_REMOVE: Final = "thread/attachment/remove"
THREAD_SECTION_MOVE: Final = "thread/section/move"
THREAD_SETTINGS_UPDATE: Final = "thread/settings/update"
THREAD_MEMORY_MODE_SET: Final = "thread/memoryMode/set"
THREAD_MEMORY_READ: Final = "thread/memory/read"
MEMORY_STATUS: Final = "memory/status"
MEMORY_RESET: Final = "memory/reset"
ROLLOUT_COMPRESS: Final = "rollout/compress"
THREAD_UNARCHIVE: Final = "thread/unarchive"
THREAD_COMPACT_START: Final = "thread/compact/start"
THREAD_SHELL_COMMAND: Final = "thread/shellCommand"
THREAD_APPROVE_GUARDIAN_DENIED_ACTION: Final = "thread/approveGuardianDeniedAction"
THREAD_BACKGROUND_TERMINALS_CLEAN: Final = "thread/backgroundTerminals/clean"
THREAD_BACKGROUND_TERMINALS_LIST: Final = "thread/backgroundTerminals/list"
THREAD_BACKGROUND_TERMINALS_TERMINATE: Final = "thread/backgroundTerminals/terminate"
THREAD_REVERT: Final = "thread/revert"
THREAD_LIST: Final = "thread/list"
PROJECT_LIST: Final = "project/list"
PROJECT_READ: Final = "project/read"
PROJECT_CREATE: Final = "project/create"
PROJECT_IMPORT: Final = "project/import"
PROJECT_UPDATE: Final = "project/update"
PROJECT_MOVE: Final = "project/move"
PROJECT_DELETE: Final = "project/delete"
THREAD_SECTION_LIST: Final = "threadSection/list"
THREAD_SECTION_CREATE: Final = "threadSection/create"
THREAD_SECTION_UPDATE: Final = "threadSection/update"
THREAD_SECTION_DELETE: Final = "threadSection/delete"
THREAD_SEARCH: Final = "thread/search"
THREAD_SEARCH_OCCURRENCES: Final = "thread/searchOccurrences"
THREAD_LOADED_LIST: Final = "thread/loaded/list"
THREAD_READ: Final = "thread/read"
THREAD_READ_STATE_UPDATE: Final = "thread/readState/update"
THREAD_TURNS_LIST: Final = "thread/turns/list"
THREAD_ITEMS_LIST: Final = "thread/items/list"
THREAD_ITEMS_READ: Final = "thread/items/read"
THREAD_GUARDIAN_REVIEW: Final = "thread/guardianReview"
THREAD_INJECT_ITEMS: Final = "thread/inject_items"
THREAD_PREPARE_APPROVED_PLAN: Final = "thread/prepareApprovedPlan"
SKILLS_LIST: Final = "skills/list"
SKILLS_EXTRA_ROOTS_SET: Final = "skills/extraRoots/set"
HOOKS_LIST: Final = "hooks/list"
MARKETPLACE_ADD: Final = "marketplace/add"
MARKETPLACE_REMOVE: Final = "marketplace/remove"
MARKETPLACE_UPGRADE: Final = "marketplace/upgrade"
PLUGIN_LIST: Final = "plugin/list"
PLUGIN_SEARCH: Final = "plugin/search"
PLUGIN_INSTALLED: Final = "plugin/installed"
PLUGIN_RECONCILE: Final = "plugin/reconcile"
PLUGIN_READ: Final = "plugin/read"
PLUGIN_SKILL_READ: Final = "plugin/skill/read"
PLUGIN_SHARE_SAVE: Final = "plugin/share/save"
PLUGIN_SHARE_UPDATE_TARGETS: Final = "plugin/share/updateTargets"
PLUGIN_SHARE_LIST: Final = "plugin/share/list"
PLUGIN_SHARE_CHECKOUT: Final = "plugin/share/checkout"
PLUGIN_SHARE_DELETE: Final = "plugin/share/delete"
APP_READ: Final = "app/read"
APP_LIST: Final = "app/list"
APP_INSTALLED: Final = "app/installed"
FS_READ_FILE: Final = "fs/readFile"
FS_WRITE_FILE: Final = "fs/writeFile"
FS_CREATE_DIRECTORY: Final = "fs/createDirectory"
FS_GET_METADATA: Final = "fs/getMetadata"
FS_READ_DIRECTORY: Final = "fs/readDirectory"
FS_REMOVE: Final = "fs/remove"
FS_COPY: Final = "fs/copy"
FS_WATCH: Final = "fs/watch"
FS_UNWATCH: Final = "fs/unwatch"
SKILLS_CONFIG_WRITE: Final = "skills/config/write"
PLUGIN_INSTALL: Final = "plugin/install"
PLUGIN_UNINSTALL: Final = "plugin/uninstall"
TURN_START: Final = "turn/start"
TURN_SETTINGS_UPDATE: Final = "turn/settings/update"
TURN_STEER: Final = "turn/steer"
TURN_INTERRUPT: Final = "turn/interrupt"
THREAD_REALTIME_START: Final = "thread/realtime/start"
THREAD_REALTIME_APPEND_AUDIO: Final = "thread/realtime/appendAudio"
THREAD_REALTIME_APPEND_TEXT: Final = "thread/realtime/appendText"
THREAD_REALTIME_APPEND_SPEECH: Final = "thread/realtime/appendSpeech"
THREAD_REALTIME_STOP: Final = "thread/realtime/stop"
THREAD_TIMELINE_LIST: Final = "thread/timeline/list"
THREAD_REALTIME_LIST_VOICES: Final = "thread/realtime/listVoices"
REVIEW_START: Final = "review/start"
MODEL_LIST: Final = "model/list"
ACCOUNT_GATEWAY_OAUTH_READ: Final = "account/gatewayOAuth/read"
ACCOUNT_GATEWAY_OAUTH_LOGIN: Final = "account/gatewayOAuth/login"
ACCOUNT_GATEWAY_OAUTH_CANCEL: Final = "account/gatewayOAuth/cancel"
MODEL_PROVIDER_LIST: Final = "modelProvider/list"
MODEL_PROVIDER_CONFIG_WRITE: Final = "modelProvider/config/write"
MODEL_PROVIDER_CAPABILITIES_READ: Final = "modelProvider/capabilities/read"
EXPERIMENTAL_FEATURE_LIST: Final = "experimentalFeature/list"
PERMISSION_PROFILE_LIST: Final = "permissionProfile/list"
EXPERIMENTAL_FEATURE_ENABLEMENT_SET: Final = "experimentalFeature/enablement/set"
REMOTE_CONTROL_ENABLE: Final = "remoteControl/enable"
REMOTE_CONTROL_DISABLE: Final = "remoteControl/disable"
REMOTE_CONTROL_STATUS_READ: Final = "remoteControl/status/read"
REMOTE_CONTROL_PAIRING_START: Final = "remoteControl/pairing/start"
REMOTE_CONTROL_PAIRING_STATUS: Final = "remoteControl/pairing/status"
REMOTE_CONTROL_CLIENT_LIST: Final = "remoteControl/client/list"
REMOTE_CONTROL_CLIENT_REVOKE: Final = "remoteControl/client/revoke"
COLLABORATION_MODE_LIST: Final = "collaborationMode/list"
MOCK_EXPERIMENTAL_METHOD: Final = "mock/experimentalMethod"
ENVIRONMENT_ADD: Final = "environment/add"
ENVIRONMENT_INFO: Final = "environment/info"
ENVIRONMENT_STATUS: Final = "environment/status"
MCP_SERVER_OAUTH_LOGIN: Final = "mcpServer/oauth/login"
CONFIG_MCP_SERVER_RELOAD: Final = "config/mcpServer/reload"
MCP_SERVER_STATUS_LIST: Final = "mcpServerStatus/list"
MCP_SERVER_RESOURCE_READ: Final = "mcpServer/resource/read"
MCP_SERVER_EVENT_STREAM_START: Final = "mcpServer/event/stream/start"
MCP_SERVER_EVENT_STREAM_STOP: Final = "mcpServer/event/stream/stop"
MCP_SERVER_TOOL_CALL: Final = "mcpServer/tool/call"
WINDOWS_SANDBOX_SETUP_START: Final = "windowsSandbox/setupStart"
WINDOWS_SANDBOX_READINESS: Final = "windowsSandbox/readiness"
ACCOUNT_LOGIN_START: Final = "account/login/start"
ACCOUNT_BEDROCK_DISCOVER: Final = "account/bedrock/discover"
ACCOUNT_BEDROCK_SETUP: Final = "account/bedrock/setup"
ACCOUNT_GCP_SETUP: Final = "account/gcp/setup"
ACCOUNT_BEDROCK_CHECK_GOV_CLOUD_REQUIREMENTS: Final = "account/bedrock/checkGovCloudRequirements"
ACCOUNT_LOGIN_CANCEL: Final = "account/login/cancel"
ACCOUNT_SESSION_LIST: Final = "accountSession/list"
ACCOUNT_SESSION_SWITCH: Final = "accountSession/switch"
ACCOUNT_LOGOUT: Final = "account/logout"
ACCOUNT_SECURITY_SETUP_READ: Final = "account/securitySetup/read"
ACCOUNT_RATE_LIMITS_READ: Final = "account/rateLimits/read"
ACCOUNT_RATE_LIMIT_RESET_CREDIT_CONSUME: Final = "account/rateLimitResetCredit/consume"
ACCOUNT_USAGE_READ: Final = "account/usage/read"
ACCOUNT_WORKSPACE_MESSAGES_READ: Final = "account/workspaceMessages/read"
ACCOUNT_SEND_ADD_CREDITS_NUDGE_EMAIL: Final = "account/sendAddCreditsNudgeEmail"
FEEDBACK_UPLOAD: Final = "feedback/upload"
FEEDBACK_SAVE: Final = "feedback/save"
COMMAND_EXEC: Final = "command/exec"
COMMAND_EXEC_WRITE: Final = "command/exec/write"
COMMAND_EXEC_TERMINATE: Final = "command/exec/terminate"
COMMAND_EXEC_RESIZE: Final = "command/exec/resize"
PROCESS_SPAWN: Final = "process/spawn"
PROCESS_WRITE_STDIN: Final = "process/writeStdin"
PROCESS_KILL: Final = "process/kill"
PROCESS_RESIZE_PTY: Final = "process/resizePty"
CONFIG_READ: Final = "config/read"
EXTERNAL_AGENT_CONFIG_DETECT: Final = "externalAgentConfig/detect"
EXTERNAL_AGENT_CONFIG_IMPORT: Final = "externalAgentConfig/import"
EXTERNAL_AGENT_CONFIG_IMPORT_RECORD_HISTORY: Final = "externalAgentConfig/import/recordHistory"
EXTERNAL_AGENT_CONFIG_IMPORT_READ_HISTORIES: Final = "externalAgentConfig/import/readHistories"
CONFIG_VALUE_WRITE: Final = "config/value/write"
CONFIG_BATCH_WRITE: Final = "config/batchWrite"
CONFIG_REQUIREMENTS_READ: Final = "configRequirements/read"
ACCOUNT_READ: Final = "account/read"
FUZZY_FILE_SEARCH: Final = "fuzzyFileSearch"
FUZZY_FILE_SEARCH_SESSION_START: Final = "fuzzyFileSearch/sessionStart"
FUZZY_FILE_SEARCH_SESSION_UPDATE: Final = "fuzzyFileSearch/sessionUpdate"
FUZZY_FILE_SEARCH_SESSION_STOP: Final = "fuzzyFileSearch/sessionStop"

# Server -> client notifications, in the reference's order.
ERROR: Final = "error"
THREAD_STARTED: Final = "thread/started"
THREAD_STATUS_CHANGED: Final = "thread/status/changed"
THREAD_READ_STATE_CHANGED: Final = "thread/readState/changed"
THREAD_ARCHIVED: Final = "thread/archived"
THREAD_DELETED: Final = "thread/deleted"
THREAD_UNARCHIVED: Final = "thread/unarchived"
THREAD_CLOSED: Final = "thread/closed"
THREAD_REVERTED: Final = "thread/reverted"
SKILLS_CHANGED: Final = "skills/changed"
THREAD_NAME_UPDATED: Final = "thread/name/updated"
THREAD_SECTION_CHANGED: Final = "thread/section/changed"
THREAD_ATTACHMENT_UPDATED: Final = "thread/attachment/updated"
THREAD_GOAL_UPDATED: Final = "thread/goal/updated"
THREAD_PREDICTION_UPDATED: Final = "thread/prediction/updated"
THREAD_GOAL_CLEARED: Final = "thread/goal/cleared"
THREAD_QUEUE_CHANGED: Final = "thread/queue/changed"
PROJECT_CHANGED: Final = "project/changed"
THREAD_PROJECT_UPDATED: Final = "thread/project/updated"
THREAD_ENVIRONMENT_CONNECTED: Final = "thread/environment/connected"
THREAD_ENVIRONMENT_DISCONNECTED: Final = "thread/environment/disconnected"
THREAD_SETTINGS_UPDATED: Final = "thread/settings/updated"
THREAD_TOKEN_USAGE_UPDATED: Final = "thread/tokenUsage/updated"
TURN_STARTED: Final = "turn/started"
HOOK_STARTED: Final = "hook/started"
TURN_COMPLETED: Final = "turn/completed"
HOOK_COMPLETED: Final = "hook/completed"
TURN_DIFF_UPDATED: Final = "turn/diff/updated"
TURN_PLAN_UPDATED: Final = "turn/plan/updated"
ITEM_STARTED: Final = "item/started"
ITEM_AUTO_APPROVAL_REVIEW_STARTED: Final = "item/autoApprovalReview/started"
ITEM_AUTO_APPROVAL_REVIEW_COMPLETED: Final = "item/autoApprovalReview/completed"
AUTO_APPROVAL_REVIEW_STRICT_REVIEW_REQUIRED: Final = "autoApprovalReview/strictReviewRequired"
ITEM_COMPLETED: Final = "item/completed"
ITEM_AGENT_MESSAGE_DELTA: Final = "item/agentMessage/delta"
ITEM_PLAN_DELTA: Final = "item/plan/delta"
COMMAND_EXEC_OUTPUT_DELTA: Final = "command/exec/outputDelta"
PROCESS_OUTPUT_DELTA: Final = "process/outputDelta"
PROCESS_EXITED: Final = "process/exited"
ITEM_COMMAND_EXECUTION_OUTPUT_DELTA: Final = "item/commandExecution/outputDelta"
ITEM_COMMAND_EXECUTION_TERMINAL_INTERACTION: Final = "item/commandExecution/terminalInteraction"
ITEM_FILE_CHANGE_OUTPUT_DELTA: Final = "item/fileChange/outputDelta"
ITEM_FILE_CHANGE_PATCH_UPDATED: Final = "item/fileChange/patchUpdated"
SERVER_REQUEST_RESOLVED: Final = "serverRequest/resolved"
ITEM_MCP_TOOL_CALL_PROGRESS: Final = "item/mcpToolCall/progress"
MCP_SERVER_OAUTH_LOGIN_COMPLETED: Final = "mcpServer/oauthLogin/completed"
MCP_SERVER_STARTUP_STATUS_UPDATED: Final = "mcpServer/startupStatus/updated"
MCP_SERVER_EVENT_STREAM_NOTIFICATION: Final = "mcpServer/event/stream/notification"
ACCOUNT_UPDATED: Final = "account/updated"
ACCOUNT_GATEWAY_OAUTH_CHANGED: Final = "account/gatewayOAuth/changed"
ACCOUNT_RATE_LIMITS_UPDATED: Final = "account/rateLimits/updated"
APP_LIST_UPDATED: Final = "app/list/updated"
REMOTE_CONTROL_STATUS_CHANGED: Final = "remoteControl/status/changed"
EXTERNAL_AGENT_CONFIG_IMPORT_PROGRESS: Final = "externalAgentConfig/import/progress"
EXTERNAL_AGENT_CONFIG_IMPORT_COMPLETED: Final = "externalAgentConfig/import/completed"
FS_CHANGED: Final = "fs/changed"
ITEM_REASONING_SUMMARY_TEXT_DELTA: Final = "item/reasoning/summaryTextDelta"
ITEM_REASONING_SUMMARY_PART_ADDED: Final = "item/reasoning/summaryPartAdded"
ITEM_REASONING_TEXT_DELTA: Final = "item/reasoning/textDelta"
THREAD_COMPACTED: Final = "thread/compacted"
MODEL_REROUTED: Final = "model/rerouted"
MODEL_VERIFICATION: Final = "model/verification"
MODEL_PROVIDER_AUTH_RECOVERY_STARTED: Final = "modelProvider/authRecoveryStarted"
MODEL_PROVIDER_AUTH_RECOVERY_COMPLETED: Final = "modelProvider/authRecoveryCompleted"
TURN_MODERATION_METADATA: Final = "turn/moderationMetadata"
MODEL_SAFETY_BUFFERING_UPDATED: Final = "model/safetyBuffering/updated"
WARNING: Final = "warning"
GUARDIAN_WARNING: Final = "guardianWarning"
DEPRECATION_NOTICE: Final = "deprecationNotice"
CONFIG_WARNING: Final = "configWarning"
FUZZY_FILE_SEARCH_SESSION_UPDATED: Final = "fuzzyFileSearch/sessionUpdated"
FUZZY_FILE_SEARCH_SESSION_COMPLETED: Final = "fuzzyFileSearch/sessionCompleted"
THREAD_REALTIME_STARTED: Final = "thread/realtime/started"
THREAD_REALTIME_ITEM_ADDED: Final = "thread/realtime/itemAdded"
THREAD_REALTIME_ITEM_STARTED: Final = "thread/realtime/item/started"
THREAD_REALTIME_ITEM_TRANSCRIPT_DELTA: Final = "thread/realtime/item/transcript/delta"
THREAD_REALTIME_ITEM_COMPLETED: Final = "thread/realtime/item/completed"
THREAD_REALTIME_TRANSCRIPT_DELTA: Final = "thread/realtime/transcript/delta"
THREAD_REALTIME_TRANSCRIPT_DONE: Final = "thread/realtime/transcript/done"
THREAD_REALTIME_OUTPUT_AUDIO_DELTA: Final = "thread/realtime/outputAudio/delta"
THREAD_REALTIME_SDP: Final = "thread/realtime/sdp"
THREAD_REALTIME_ERROR: Final = "thread/realtime/error"
THREAD_REALTIME_CLOSED: Final = "thread/realtime/closed"
WINDOWS_WORLD_WRITABLE_WARNING: Final = "windows/worldWritableWarning"
WINDOWS_SANDBOX_SETUP_COMPLETED: Final = "windowsSandbox/setupCompleted"
ACCOUNT_LOGIN_COMPLETED: Final = "account/login/completed"

# Server -> client requests, in the reference's order.
ITEM_COMMAND_EXECUTION_REQUEST_APPROVAL: Final = "item/commandExecution/requestApproval"
ITEM_FILE_CHANGE_REQUEST_APPROVAL: Final = "item/fileChange/requestApproval"
ITEM_TOOL_REQUEST_USER_INPUT: Final = "item/tool/requestUserInput"
MCP_SERVER_ELICITATION_REQUEST: Final = "mcpServer/elicitation/request"
ITEM_PERMISSIONS_REQUEST_APPROVAL: Final = "item/permissions/requestApproval"
ITEM_TOOL_CALL: Final = "item/tool/call"
ACCOUNT_CHATGPT_AUTH_TOKENS_REFRESH: Final = "account/chatgptAuthTokens/refresh"
ATTESTATION_GENERATE: Final = "attestation/generate"
APPLY_PATCH_APPROVAL: Final = "applyPatchApproval"
EXEC_COMMAND_APPROVAL: Final = "execCommandApproval"

# Client -> server notifications.
INITIALIZED: Final = "initialized"

# The stable client request methods (without the experimentalApi capability).
STABLE_CLIENT_METHODS: Final[tuple[str, ...]] = (
    "initialize",
    "thread/start",
    "thread/resume",
    "thread/fork",
    "thread/archive",
    "thread/delete",
    "thread/unsubscribe",
    "thread/name/set",
    "thread/goal/set",
    "thread/goal/get",
    "thread/goal/clear",
    "thread/metadata/update",
    "thread/attachment/add",
    "thread/attachment/list",
    "thread/attachmentOwner/list",
    "thread/attachment/remove",
    "thread/section/move",
    "thread/unarchive",
    "thread/compact/start",
    "thread/shellCommand",
    "thread/approveGuardianDeniedAction",
    "thread/revert",
    "thread/list",
    "threadSection/list",
    "threadSection/create",
    "threadSection/update",
    "threadSection/delete",
    "thread/loaded/list",
    "thread/read",
    "thread/turns/list",
    "thread/items/list",
    "thread/inject_items",
    "skills/list",
    "skills/extraRoots/set",
    "hooks/list",
    "marketplace/add",
    "marketplace/remove",
    "marketplace/upgrade",
    "plugin/list",
    "plugin/installed",
    "plugin/reconcile",
    "plugin/read",
    "plugin/skill/read",
    "plugin/share/save",
    "plugin/share/updateTargets",
    "plugin/share/list",
    "plugin/share/checkout",
    "plugin/share/delete",
    "app/read",
    "app/list",
    "app/installed",
    "fs/readFile",
    "fs/writeFile",
    "fs/createDirectory",
    "fs/getMetadata",
    "fs/readDirectory",
    "fs/remove",
    "fs/copy",
    "fs/watch",
    "fs/unwatch",
    "skills/config/write",
    "plugin/install",
    "plugin/uninstall",
    "turn/start",
    "turn/steer",
    "turn/interrupt",
    "review/start",
    "model/list",
    "account/gatewayOAuth/read",
    "account/gatewayOAuth/login",
    "account/gatewayOAuth/cancel",
    "modelProvider/list",
    "modelProvider/config/write",
    "modelProvider/capabilities/read",
    "experimentalFeature/list",
    "permissionProfile/list",
    "experimentalFeature/enablement/set",
    "mcpServer/oauth/login",
    "config/mcpServer/reload",
    "mcpServerStatus/list",
    "mcpServer/resource/read",
    "mcpServer/tool/call",
    "windowsSandbox/setupStart",
    "windowsSandbox/readiness",
    "account/login/start",
    "account/login/cancel",
    "account/logout",
    "account/securitySetup/read",
    "account/rateLimits/read",
    "account/rateLimitResetCredit/consume",
    "account/usage/read",
    "account/workspaceMessages/read",
    "account/sendAddCreditsNudgeEmail",
    "feedback/upload",
    "feedback/save",
    "command/exec",
    "command/exec/write",
    "command/exec/terminate",
    "command/exec/resize",
    "config/read",
    "externalAgentConfig/detect",
    "externalAgentConfig/import",
    "externalAgentConfig/import/recordHistory",
    "externalAgentConfig/import/readHistories",
    "config/value/write",
    "config/batchWrite",
    "configRequirements/read",
    "account/read",
    "fuzzyFileSearch",
)

# Every client request method, experimental ones included, in the reference's order.
CLIENT_METHODS_WITH_EXPERIMENTAL: Final[tuple[str, ...]] = (
    "initialize",
    "server/diagnostics",
    "userVerification/status",
    "userVerification/enroll",
    "userVerification/delete",
    "userVerification/verify",
    "userVerification/cancel",
    "thread/start",
    "thread/resume",
    "thread/fork",
    "thread/sample",
    "thread/sample/cancel",
    "thread/archive",
    "thread/delete",
    "thread/unsubscribe",
    "thread/increment_elicitation",
    "thread/decrement_elicitation",
    "thread/name/set",
    "thread/prediction/request",
    "thread/goal/set",
    "thread/goal/get",
    "thread/goal/clear",
    "thread/queue/add",
    "thread/queue/list",
    "thread/queue/update",
    "thread/queue/delete",
    "thread/queue/reorder",
    "thread/queue/start",
    "thread/metadata/update",
    "thread/attachment/add",
    "thread/attachment/list",
    "thread/attachmentOwner/list",
    "thread/attachment/remove",
    "thread/section/move",
    "thread/settings/update",
    "thread/memoryMode/set",
    "thread/memory/read",
    "memory/status",
    "memory/reset",
    "rollout/compress",
    "thread/unarchive",
    "thread/compact/start",
    "thread/shellCommand",
    "thread/approveGuardianDeniedAction",
    "thread/backgroundTerminals/clean",
    "thread/backgroundTerminals/list",
    "thread/backgroundTerminals/terminate",
    "thread/revert",
    "thread/list",
    "project/list",
    "project/read",
    "project/create",
    "project/import",
    "project/update",
    "project/move",
    "project/delete",
    "threadSection/list",
    "threadSection/create",
    "threadSection/update",
    "threadSection/delete",
    "thread/search",
    "thread/searchOccurrences",
    "thread/loaded/list",
    "thread/read",
    "thread/readState/update",
    "thread/turns/list",
    "thread/items/list",
    "thread/items/read",
    "thread/guardianReview",
    "thread/inject_items",
    "thread/prepareApprovedPlan",
    "skills/list",
    "skills/extraRoots/set",
    "hooks/list",
    "marketplace/add",
    "marketplace/remove",
    "marketplace/upgrade",
    "plugin/list",
    "plugin/search",
    "plugin/installed",
    "plugin/reconcile",
    "plugin/read",
    "plugin/skill/read",
    "plugin/share/save",
    "plugin/share/updateTargets",
    "plugin/share/list",
    "plugin/share/checkout",
    "plugin/share/delete",
    "app/read",
    "app/list",
    "app/installed",
    "fs/readFile",
    "fs/writeFile",
    "fs/createDirectory",
    "fs/getMetadata",
    "fs/readDirectory",
    "fs/remove",
    "fs/copy",
    "fs/watch",
    "fs/unwatch",
    "skills/config/write",
    "plugin/install",
    "plugin/uninstall",
    "turn/start",
    "turn/settings/update",
    "turn/steer",
    "turn/interrupt",
    "thread/realtime/start",
    "thread/realtime/appendAudio",
    "thread/realtime/appendText",
    "thread/realtime/appendSpeech",
    "thread/realtime/stop",
    "thread/timeline/list",
    "thread/realtime/listVoices",
    "review/start",
    "model/list",
    "account/gatewayOAuth/read",
    "account/gatewayOAuth/login",
    "account/gatewayOAuth/cancel",
    "modelProvider/list",
    "modelProvider/config/write",
    "modelProvider/capabilities/read",
    "experimentalFeature/list",
    "permissionProfile/list",
    "experimentalFeature/enablement/set",
    "remoteControl/enable",
    "remoteControl/disable",
    "remoteControl/status/read",
    "remoteControl/pairing/start",
    "remoteControl/pairing/status",
    "remoteControl/client/list",
    "remoteControl/client/revoke",
    "collaborationMode/list",
    "mock/experimentalMethod",
    "environment/add",
    "environment/info",
    "environment/status",
    "mcpServer/oauth/login",
    "config/mcpServer/reload",
    "mcpServerStatus/list",
    "mcpServer/resource/read",
    "mcpServer/event/stream/start",
    "mcpServer/event/stream/stop",
    "mcpServer/tool/call",
    "windowsSandbox/setupStart",
    "windowsSandbox/readiness",
    "account/login/start",
    "account/bedrock/discover",
    "account/bedrock/setup",
    "account/gcp/setup",
    "account/bedrock/checkGovCloudRequirements",
    "account/login/cancel",
    "accountSession/list",
    "accountSession/switch",
    "account/logout",
    "account/securitySetup/read",
    "account/rateLimits/read",
    "account/rateLimitResetCredit/consume",
    "account/usage/read",
    "account/workspaceMessages/read",
    "account/sendAddCreditsNudgeEmail",
    "feedback/upload",
    "feedback/save",
    "command/exec",
    "command/exec/write",
    "command/exec/terminate",
    "command/exec/resize",
    "process/spawn",
    "process/writeStdin",
    "process/kill",
    "process/resizePty",
    "config/read",
    "externalAgentConfig/detect",
    "externalAgentConfig/import",
    "externalAgentConfig/import/recordHistory",
    "externalAgentConfig/import/readHistories",
    "config/value/write",
    "config/batchWrite",
    "configRequirements/read",
    "account/read",
    "fuzzyFileSearch",
    "fuzzyFileSearch/sessionStart",
    "fuzzyFileSearch/sessionUpdate",
    "fuzzyFileSearch/sessionStop",
)

# Method names in the order the reference lists them in its unknown-method error.
UNKNOWN_METHOD_ERROR_ORDER: Final[tuple[str, ...]] = (
    "initialize",
    "server/diagnostics",
    "userVerification/status",
    "userVerification/enroll",
    "userVerification/delete",
    "userVerification/verify",
    "userVerification/cancel",
    "thread/start",
    "thread/resume",
    "thread/fork",
    "thread/sample",
    "thread/sample/cancel",
    "thread/archive",
    "thread/delete",
    "thread/unsubscribe",
    "thread/increment_elicitation",
    "thread/decrement_elicitation",
    "thread/name/set",
    "thread/prediction/request",
    "thread/goal/set",
    "thread/goal/get",
    "thread/goal/clear",
    "thread/queue/add",
    "thread/queue/list",
    "thread/queue/update",
    "thread/queue/delete",
    "thread/queue/reorder",
    "thread/queue/start",
    "thread/metadata/update",
    "thread/attachment/add",
    "thread/attachment/list",
    "thread/attachmentOwner/list",
    "thread/attachment/remove",
    "thread/section/move",
    "thread/settings/update",
    "thread/memoryMode/set",
    "thread/memory/read",
    "memory/status",
    "memory/reset",
    "rollout/compress",
    "thread/unarchive",
    "thread/compact/start",
    "thread/shellCommand",
    "thread/approveGuardianDeniedAction",
    "thread/backgroundTerminals/clean",
    "thread/backgroundTerminals/list",
    "thread/backgroundTerminals/terminate",
    "thread/revert",
    "thread/list",
    "project/list",
    "project/read",
    "project/create",
    "project/import",
    "project/update",
    "project/move",
    "project/delete",
    "threadSection/list",
    "threadSection/create",
    "threadSection/update",
    "threadSection/delete",
    "thread/search",
    "thread/searchOccurrences",
    "thread/loaded/list",
    "thread/read",
    "thread/readState/update",
    "thread/turns/list",
    "thread/items/list",
    "thread/items/read",
    "thread/guardianReview",
    "thread/inject_items",
    "thread/prepareApprovedPlan",
    "skills/list",
    "skills/extraRoots/set",
    "hooks/list",
    "marketplace/add",
    "marketplace/remove",
    "marketplace/upgrade",
    "plugin/list",
    "plugin/search",
    "plugin/installed",
    "plugin/reconcile",
    "plugin/read",
    "plugin/skill/read",
    "plugin/share/save",
    "plugin/share/updateTargets",
    "plugin/share/list",
    "plugin/share/checkout",
    "plugin/share/delete",
    "app/read",
    "app/list",
    "app/installed",
    "fs/readFile",
    "fs/writeFile",
    "fs/createDirectory",
    "fs/getMetadata",
    "fs/readDirectory",
    "fs/remove",
    "fs/copy",
    "fs/watch",
    "fs/unwatch",
    "skills/config/write",
    "plugin/install",
    "plugin/uninstall",
    "turn/start",
    "turn/settings/update",
    "turn/steer",
    "turn/interrupt",
    "thread/realtime/start",
    "thread/realtime/appendAudio",
    "thread/realtime/appendText",
    "thread/realtime/appendSpeech",
    "thread/realtime/stop",
    "thread/timeline/list",
    "thread/realtime/listVoices",
    "review/start",
    "model/list",
    "account/gatewayOAuth/read",
    "account/gatewayOAuth/login",
    "account/gatewayOAuth/cancel",
    "modelProvider/list",
    "modelProvider/config/write",
    "modelProvider/capabilities/read",
    "experimentalFeature/list",
    "permissionProfile/list",
    "experimentalFeature/enablement/set",
    "remoteControl/enable",
    "remoteControl/disable",
    "remoteControl/status/read",
    "remoteControl/pairing/start",
    "remoteControl/pairing/status",
    "remoteControl/client/list",
    "remoteControl/client/revoke",
    "collaborationMode/list",
    "mock/experimentalMethod",
    "environment/add",
    "environment/info",
    "environment/status",
    "mcpServer/oauth/login",
    "config/mcpServer/reload",
    "mcpServerStatus/list",
    "mcpServer/resource/read",
    "mcpServer/event/stream/start",
    "mcpServer/event/stream/stop",
    "mcpServer/tool/call",
    "windowsSandbox/setupStart",
    "windowsSandbox/readiness",
    "account/login/start",
    "account/bedrock/discover",
    "account/bedrock/setup",
    "account/gcp/setup",
    "account/bedrock/checkGovCloudRequirements",
    "account/login/cancel",
    "accountSession/list",
    "accountSession/switch",
    "account/logout",
    "account/securitySetup/read",
    "account/rateLimits/read",
    "account/rateLimitResetCredit/consume",
    "account/usage/read",
    "account/workspaceMessages/read",
    "account/sendAddCreditsNudgeEmail",
    "feedback/upload",
    "feedback/save",
    "command/exec",
    "command/exec/write",
    "command/exec/terminate",
    "command/exec/resize",
    "process/spawn",
    "process/writeStdin",
    "process/kill",
    "process/resizePty",
    "config/read",
    "externalAgentConfig/detect",
    "externalAgentConfig/import",
    "externalAgentConfig/import/recordHistory",
    "externalAgentConfig/import/readHistories",
    "config/value/write",
    "config/batchWrite",
    "configRequirements/read",
    "account/read",
    "getConversationSummary",
    "gitDiffToRemote",
    "getAuthStatus",
    "fuzzyFileSearch",
    "fuzzyFileSearch/sessionStart",
    "fuzzyFileSearch/sessionUpdate",
    "fuzzyFileSearch/sessionStop",
)

# method -> (params type name, result type name, experimental); None when the
# method takes no params or its result type is not named by the reference.
CLIENT_REQUEST_TYPES: Final[dict[str, tuple[str | None, str | None, bool]]] = {
    "initialize": ("InitializeParams", "InitializeResponse", False),
    "server/diagnostics": ("ServerDiagnosticsParams", "ServerDiagnosticsResponse", True),
    "userVerification/status": ("UserVerificationStatusParams", "UserVerificationStatusResponse", True),
    "userVerification/enroll": ("UserVerificationEnrollParams", "UserVerificationEnrollResponse", True),
    "userVerification/delete": ("UserVerificationDeleteParams", "UserVerificationDeleteResponse", True),
    "userVerification/verify": ("UserVerificationVerifyParams", "UserVerificationVerifyResponse", True),
    "userVerification/cancel": ("UserVerificationCancelParams", "UserVerificationCancelResponse", True),
    "thread/start": ("ThreadStartParams", "ThreadStartResponse", False),
    "thread/resume": ("ThreadResumeParams", "ThreadResumeResponse", False),
    "thread/fork": ("ThreadForkParams", "ThreadForkResponse", False),
    "thread/sample": ("ThreadSampleParams", "ThreadSampleResponse", True),
    "thread/sample/cancel": ("ThreadSampleCancelParams", "ThreadSampleCancelResponse", True),
    "thread/archive": ("ThreadArchiveParams", "ThreadArchiveResponse", False),
    "thread/delete": ("ThreadDeleteParams", "ThreadDeleteResponse", False),
    "thread/unsubscribe": ("ThreadUnsubscribeParams", "ThreadUnsubscribeResponse", False),
    "thread/increment_elicitation": ("ThreadIncrementElicitationParams", "ThreadIncrementElicitationResponse", True),
    "thread/decrement_elicitation": ("ThreadDecrementElicitationParams", "ThreadDecrementElicitationResponse", True),
    "thread/name/set": ("ThreadSetNameParams", "ThreadSetNameResponse", False),
    "thread/prediction/request": ("ThreadPredictionRequestParams", "ThreadPredictionRequestResponse", True),
    "thread/goal/set": ("ThreadGoalSetParams", "ThreadGoalSetResponse", False),
    "thread/goal/get": ("ThreadGoalGetParams", "ThreadGoalGetResponse", False),
    "thread/goal/clear": ("ThreadGoalClearParams", "ThreadGoalClearResponse", False),
    "thread/queue/add": ("ThreadQueueAddParams", "ThreadQueueAddResponse", True),
    "thread/queue/list": ("ThreadQueueListParams", "ThreadQueueListResponse", True),
    "thread/queue/update": ("ThreadQueueUpdateParams", "ThreadQueueUpdateResponse", True),
    "thread/queue/delete": ("ThreadQueueDeleteParams", "ThreadQueueDeleteResponse", True),
    "thread/queue/reorder": ("ThreadQueueReorderParams", "ThreadQueueReorderResponse", True),
    "thread/queue/start": ("ThreadQueueStartParams", "ThreadQueueStartResponse", True),
    "thread/metadata/update": ("ThreadMetadataUpdateParams", "ThreadMetadataUpdateResponse", False),
    "thread/attachment/add": ("ThreadAttachmentAddParams", "ThreadAttachmentAddResponse", False),
    "thread/attachment/list": ("ThreadAttachmentListParams", "ThreadAttachmentListResponse", False),
    "thread/attachmentOwner/list": ("ThreadAttachmentOwnerListParams", "ThreadAttachmentOwnerListResponse", False),
    "thread/attachment/remove": ("ThreadAttachmentRemoveParams", "ThreadAttachmentRemoveResponse", False),
    "thread/section/move": ("ThreadSectionMoveParams", "ThreadSectionMoveResponse", False),
    "thread/settings/update": ("ThreadSettingsUpdateParams", "ThreadSettingsUpdateResponse", True),
    "thread/memoryMode/set": ("ThreadMemoryModeSetParams", "ThreadMemoryModeSetResponse", True),
    "thread/memory/read": ("ThreadMemoryReadParams", "ThreadMemoryReadResponse", True),
    "memory/status": ("MemoryStatusParams", "MemoryStatusResponse", True),
    "memory/reset": (None, None, True),
    "rollout/compress": (None, None, True),
    "thread/unarchive": ("ThreadUnarchiveParams", "ThreadUnarchiveResponse", False),
    "thread/compact/start": ("ThreadCompactStartParams", "ThreadCompactStartResponse", False),
    "thread/shellCommand": ("ThreadShellCommandParams", "ThreadShellCommandResponse", False),
    "thread/approveGuardianDeniedAction": ("ThreadApproveGuardianDeniedActionParams", "ThreadApproveGuardianDeniedActionResponse", False),
    "thread/backgroundTerminals/clean": ("ThreadBackgroundTerminalsCleanParams", "ThreadBackgroundTerminalsCleanResponse", True),
    "thread/backgroundTerminals/list": ("ThreadBackgroundTerminalsListParams", "ThreadBackgroundTerminalsListResponse", True),
    "thread/backgroundTerminals/terminate": ("ThreadBackgroundTerminalsTerminateParams", "ThreadBackgroundTerminalsTerminateResponse", True),
    "thread/revert": ("ThreadRevertParams", "ThreadRevertResponse", False),
    "thread/list": ("ThreadListParams", "ThreadListResponse", False),
    "project/list": ("ProjectListParams", "ProjectListResponse", True),
    "project/read": ("ProjectReadParams", "ProjectReadResponse", True),
    "project/create": ("ProjectCreateParams", "ProjectCreateResponse", True),
    "project/import": ("ProjectImportParams", "ProjectImportResponse", True),
    "project/update": ("ProjectUpdateParams", "ProjectUpdateResponse", True),
    "project/move": ("ProjectMoveParams", "ProjectMoveResponse", True),
    "project/delete": ("ProjectDeleteParams", "ProjectDeleteResponse", True),
    "threadSection/list": ("ThreadSectionListParams", "ThreadSectionListResponse", False),
    "threadSection/create": ("ThreadSectionCreateParams", "ThreadSectionCreateResponse", False),
    "threadSection/update": ("ThreadSectionUpdateParams", "ThreadSectionUpdateResponse", False),
    "threadSection/delete": ("ThreadSectionDeleteParams", "ThreadSectionDeleteResponse", False),
    "thread/search": ("ThreadSearchParams", "ThreadSearchResponse", True),
    "thread/searchOccurrences": ("ThreadSearchOccurrencesParams", "ThreadSearchOccurrencesResponse", True),
    "thread/loaded/list": ("ThreadLoadedListParams", "ThreadLoadedListResponse", False),
    "thread/read": ("ThreadReadParams", "ThreadReadResponse", False),
    "thread/readState/update": ("ThreadReadStateUpdateParams", "ThreadReadStateUpdateResponse", True),
    "thread/turns/list": ("ThreadTurnsListParams", "ThreadTurnsListResponse", False),
    "thread/items/list": ("ThreadItemsListParams", "ThreadItemsListResponse", False),
    "thread/items/read": ("ThreadItemsReadParams", "ThreadItemsReadResponse", True),
    "thread/guardianReview": ("ThreadGuardianReviewParams", "ThreadGuardianReviewResponse", True),
    "thread/inject_items": ("ThreadInjectItemsParams", "ThreadInjectItemsResponse", False),
    "thread/prepareApprovedPlan": ("ThreadPrepareApprovedPlanParams", "ThreadPrepareApprovedPlanResponse", True),
    "skills/list": ("SkillsListParams", "SkillsListResponse", False),
    "skills/extraRoots/set": ("SkillsExtraRootsSetParams", "SkillsExtraRootsSetResponse", False),
    "hooks/list": ("HooksListParams", "HooksListResponse", False),
    "marketplace/add": ("MarketplaceAddParams", "MarketplaceAddResponse", False),
    "marketplace/remove": ("MarketplaceRemoveParams", "MarketplaceRemoveResponse", False),
    "marketplace/upgrade": ("MarketplaceUpgradeParams", "MarketplaceUpgradeResponse", False),
    "plugin/list": ("PluginListParams", "PluginListResponse", False),
    "plugin/search": ("PluginSearchParams", "PluginSearchResponse", True),
    "plugin/installed": ("PluginInstalledParams", "PluginInstalledResponse", False),
    "plugin/reconcile": ("PluginReconcileParams", "PluginReconcileResponse", False),
    "plugin/read": ("PluginReadParams", "PluginReadResponse", False),
    "plugin/skill/read": ("PluginSkillReadParams", "PluginSkillReadResponse", False),
    "plugin/share/save": ("PluginShareSaveParams", "PluginShareSaveResponse", False),
    "plugin/share/updateTargets": ("PluginShareUpdateTargetsParams", "PluginShareUpdateTargetsResponse", False),
    "plugin/share/list": ("PluginShareListParams", "PluginShareListResponse", False),
    "plugin/share/checkout": ("PluginShareCheckoutParams", "PluginShareCheckoutResponse", False),
    "plugin/share/delete": ("PluginShareDeleteParams", "PluginShareDeleteResponse", False),
    "app/read": ("AppsReadParams", "AppsReadResponse", False),
    "app/list": ("AppsListParams", "AppsListResponse", False),
    "app/installed": ("AppsInstalledParams", "AppsInstalledResponse", False),
    "fs/readFile": ("FsReadFileParams", "FsReadFileResponse", False),
    "fs/writeFile": ("FsWriteFileParams", "FsWriteFileResponse", False),
    "fs/createDirectory": ("FsCreateDirectoryParams", "FsCreateDirectoryResponse", False),
    "fs/getMetadata": ("FsGetMetadataParams", "FsGetMetadataResponse", False),
    "fs/readDirectory": ("FsReadDirectoryParams", "FsReadDirectoryResponse", False),
    "fs/remove": ("FsRemoveParams", "FsRemoveResponse", False),
    "fs/copy": ("FsCopyParams", "FsCopyResponse", False),
    "fs/watch": ("FsWatchParams", "FsWatchResponse", False),
    "fs/unwatch": ("FsUnwatchParams", "FsUnwatchResponse", False),
    "skills/config/write": ("SkillsConfigWriteParams", "SkillsConfigWriteResponse", False),
    "plugin/install": ("PluginInstallParams", "PluginInstallResponse", False),
    "plugin/uninstall": ("PluginUninstallParams", "PluginUninstallResponse", False),
    "turn/start": ("TurnStartParams", "TurnStartResponse", False),
    "turn/settings/update": ("TurnSettingsUpdateParams", "TurnSettingsUpdateResponse", True),
    "turn/steer": ("TurnSteerParams", "TurnSteerResponse", False),
    "turn/interrupt": ("TurnInterruptParams", "TurnInterruptResponse", False),
    "thread/realtime/start": ("ThreadRealtimeStartParams", "ThreadRealtimeStartResponse", True),
    "thread/realtime/appendAudio": ("ThreadRealtimeAppendAudioParams", "ThreadRealtimeAppendAudioResponse", True),
    "thread/realtime/appendText": ("ThreadRealtimeAppendTextParams", "ThreadRealtimeAppendTextResponse", True),
    "thread/realtime/appendSpeech": ("ThreadRealtimeAppendSpeechParams", "ThreadRealtimeAppendSpeechResponse", True),
    "thread/realtime/stop": ("ThreadRealtimeStopParams", "ThreadRealtimeStopResponse", True),
    "thread/timeline/list": ("ThreadTimelineListParams", "ThreadTimelineListResponse", True),
    "thread/realtime/listVoices": ("ThreadRealtimeListVoicesParams", "ThreadRealtimeListVoicesResponse", True),
    "review/start": ("ReviewStartParams", "ReviewStartResponse", False),
    "model/list": ("ModelListParams", "ModelListResponse", False),
    "account/gatewayOAuth/read": (None, None, False),
    "account/gatewayOAuth/login": (None, None, False),
    "account/gatewayOAuth/cancel": (None, None, False),
    "modelProvider/list": ("ModelProviderListParams", "ModelProviderListResponse", False),
    "modelProvider/config/write": ("ModelProviderConfigWriteParams", "ModelProviderConfigWriteResponse", False),
    "modelProvider/capabilities/read": ("ModelProviderCapabilitiesReadParams", "ModelProviderCapabilitiesReadResponse", False),
    "experimentalFeature/list": ("ExperimentalFeatureListParams", "ExperimentalFeatureListResponse", False),
    "permissionProfile/list": ("PermissionProfileListParams", "PermissionProfileListResponse", False),
    "experimentalFeature/enablement/set": ("ExperimentalFeatureEnablementSetParams", "ExperimentalFeatureEnablementSetResponse", False),
    "remoteControl/enable": (None, None, True),
    "remoteControl/disable": (None, None, True),
    "remoteControl/status/read": (None, None, True),
    "remoteControl/pairing/start": ("RemoteControlPairingStartParams", "RemoteControlPairingStartResponse", True),
    "remoteControl/pairing/status": ("RemoteControlPairingStatusParams", "RemoteControlPairingStatusResponse", True),
    "remoteControl/client/list": ("RemoteControlClientsListParams", "RemoteControlClientsListResponse", True),
    "remoteControl/client/revoke": ("RemoteControlClientsRevokeParams", "RemoteControlClientsRevokeResponse", True),
    "collaborationMode/list": ("CollaborationModeListParams", "CollaborationModeListResponse", True),
    "mock/experimentalMethod": ("MockExperimentalMethodParams", "MockExperimentalMethodResponse", True),
    "environment/add": ("EnvironmentAddParams", "EnvironmentAddResponse", True),
    "environment/info": ("EnvironmentInfoParams", "EnvironmentInfoResponse", True),
    "environment/status": ("EnvironmentStatusParams", "EnvironmentStatusResponse", True),
    "mcpServer/oauth/login": ("McpServerOauthLoginParams", "McpServerOauthLoginResponse", False),
    "config/mcpServer/reload": (None, None, False),
    "mcpServerStatus/list": ("ListMcpServerStatusParams", "ListMcpServerStatusResponse", False),
    "mcpServer/resource/read": ("McpResourceReadParams", "McpResourceReadResponse", False),
    "mcpServer/event/stream/start": ("McpServerEventStreamStartParams", "McpServerEventStreamStartResponse", True),
    "mcpServer/event/stream/stop": ("McpServerEventStreamStopParams", "McpServerEventStreamStopResponse", True),
    "mcpServer/tool/call": ("McpServerToolCallParams", "McpServerToolCallResponse", False),
    "windowsSandbox/setupStart": ("WindowsSandboxSetupStartParams", "WindowsSandboxSetupStartResponse", False),
    "windowsSandbox/readiness": (None, None, False),
    "account/login/start": ("LoginAccountParams", "LoginAccountResponse", False),
    "account/bedrock/discover": ("BedrockDiscoverParams", "BedrockDiscoverResponse", True),
    "account/bedrock/setup": ("BedrockSetupParams", "BedrockSetupResponse", True),
    "account/gcp/setup": ("GcpSetupParams", "GcpSetupResponse", True),
    "account/bedrock/checkGovCloudRequirements": ("BedrockCheckGovCloudRequirementsParams", "BedrockCheckGovCloudRequirementsResponse", True),
    "account/login/cancel": ("CancelLoginAccountParams", "CancelLoginAccountResponse", False),
    "accountSession/list": ("AccountSessionsListParams", None, True),
    "accountSession/switch": ("AccountSessionsSwitchParams", "AccountSessionsSwitchResponse", True),
    "account/logout": (None, None, False),
    "account/securitySetup/read": (None, None, False),
    "account/rateLimits/read": (None, None, False),
    "account/rateLimitResetCredit/consume": ("ConsumeAccountRateLimitResetCreditParams", "ConsumeAccountRateLimitResetCreditResponse", False),
    "account/usage/read": (None, None, False),
    "account/workspaceMessages/read": (None, None, False),
    "account/sendAddCreditsNudgeEmail": ("SendAddCreditsNudgeEmailParams", "SendAddCreditsNudgeEmailResponse", False),
    "feedback/upload": ("FeedbackUploadParams", "FeedbackUploadResponse", False),
    "feedback/save": ("FeedbackSaveParams", "FeedbackSaveResponse", False),
    "command/exec": ("CommandExecParams", "CommandExecResponse", False),
    "command/exec/write": ("CommandExecWriteParams", "CommandExecWriteResponse", False),
    "command/exec/terminate": ("CommandExecTerminateParams", "CommandExecTerminateResponse", False),
    "command/exec/resize": ("CommandExecResizeParams", "CommandExecResizeResponse", False),
    "process/spawn": ("ProcessSpawnParams", "ProcessSpawnResponse", True),
    "process/writeStdin": ("ProcessWriteStdinParams", "ProcessWriteStdinResponse", True),
    "process/kill": ("ProcessKillParams", "ProcessKillResponse", True),
    "process/resizePty": ("ProcessResizePtyParams", "ProcessResizePtyResponse", True),
    "config/read": ("ConfigReadParams", "ConfigReadResponse", False),
    "externalAgentConfig/detect": ("ExternalAgentConfigDetectParams", "ExternalAgentConfigDetectResponse", False),
    "externalAgentConfig/import": ("ExternalAgentConfigImportParams", "ExternalAgentConfigImportResponse", False),
    "externalAgentConfig/import/recordHistory": ("ExternalAgentConfigImportHistoryRecordParams", "ExternalAgentConfigImportHistoryRecordResponse", False),
    "externalAgentConfig/import/readHistories": (None, None, False),
    "config/value/write": ("ConfigValueWriteParams", "ConfigWriteResponse", False),
    "config/batchWrite": ("ConfigBatchWriteParams", "ConfigWriteResponse", False),
    "configRequirements/read": (None, "ConfigRequirementsReadResponse", False),
    "account/read": ("GetAccountParams", "GetAccountResponse", False),
    "fuzzyFileSearch": ("FuzzyFileSearchParams", "FuzzyFileSearchResponse", False),
    "fuzzyFileSearch/sessionStart": ("FuzzyFileSearchSessionStartParams", "FuzzyFileSearchSessionStartResponse", True),
    "fuzzyFileSearch/sessionUpdate": ("FuzzyFileSearchSessionUpdateParams", "FuzzyFileSearchSessionUpdateResponse", True),
    "fuzzyFileSearch/sessionStop": ("FuzzyFileSearchSessionStopParams", "FuzzyFileSearchSessionStopResponse", True),
}

# notification method -> (params type name, experimental).
SERVER_NOTIFICATION_TYPES: Final[dict[str, tuple[str | None, bool]]] = {
    "error": ("ErrorNotification", False),
    "thread/started": ("ThreadStartedNotification", False),
    "thread/status/changed": ("ThreadStatusChangedNotification", False),
    "thread/readState/changed": ("ThreadReadStateChangedNotification", False),
    "thread/archived": ("ThreadArchivedNotification", False),
    "thread/deleted": ("ThreadDeletedNotification", False),
    "thread/unarchived": ("ThreadUnarchivedNotification", False),
    "thread/closed": ("ThreadClosedNotification", False),
    "thread/reverted": ("ThreadRevertedNotification", False),
    "skills/changed": ("SkillsChangedNotification", False),
    "thread/name/updated": ("ThreadNameUpdatedNotification", False),
    "thread/section/changed": ("ThreadSectionChangedNotification", False),
    "thread/attachment/updated": ("ThreadAttachmentUpdatedNotification", False),
    "thread/goal/updated": ("ThreadGoalUpdatedNotification", False),
    "thread/prediction/updated": ("ThreadPredictionUpdatedNotification", False),
    "thread/goal/cleared": ("ThreadGoalClearedNotification", False),
    "thread/queue/changed": ("ThreadQueueChangedNotification", False),
    "project/changed": ("ProjectChangedNotification", False),
    "thread/project/updated": ("ThreadProjectUpdatedNotification", False),
    "thread/environment/connected": ("EnvironmentConnectionNotification", False),
    "thread/environment/disconnected": ("EnvironmentConnectionNotification", False),
    "thread/settings/updated": ("ThreadSettingsUpdatedNotification", False),
    "thread/tokenUsage/updated": ("ThreadTokenUsageUpdatedNotification", False),
    "turn/started": ("TurnStartedNotification", False),
    "hook/started": ("HookStartedNotification", False),
    "turn/completed": ("TurnCompletedNotification", False),
    "hook/completed": ("HookCompletedNotification", False),
    "turn/diff/updated": ("TurnDiffUpdatedNotification", False),
    "turn/plan/updated": ("TurnPlanUpdatedNotification", False),
    "item/started": ("ItemStartedNotification", False),
    "item/autoApprovalReview/started": ("ItemGuardianApprovalReviewStartedNotification", False),
    "item/autoApprovalReview/completed": ("ItemGuardianApprovalReviewCompletedNotification", False),
    "autoApprovalReview/strictReviewRequired": ("StrictReviewRequiredNotification", False),
    "item/completed": ("ItemCompletedNotification", False),
    "item/agentMessage/delta": ("AgentMessageDeltaNotification", False),
    "item/plan/delta": ("PlanDeltaNotification", False),
    "command/exec/outputDelta": ("CommandExecOutputDeltaNotification", False),
    "process/outputDelta": ("ProcessOutputDeltaNotification", False),
    "process/exited": ("ProcessExitedNotification", False),
    "item/commandExecution/outputDelta": ("CommandExecutionOutputDeltaNotification", False),
    "item/commandExecution/terminalInteraction": ("TerminalInteractionNotification", False),
    "item/fileChange/outputDelta": ("FileChangeOutputDeltaNotification", False),
    "item/fileChange/patchUpdated": ("FileChangePatchUpdatedNotification", False),
    "serverRequest/resolved": ("ServerRequestResolvedNotification", False),
    "item/mcpToolCall/progress": ("McpToolCallProgressNotification", False),
    "mcpServer/oauthLogin/completed": ("McpServerOauthLoginCompletedNotification", False),
    "mcpServer/startupStatus/updated": ("McpServerStatusUpdatedNotification", False),
    "mcpServer/event/stream/notification": ("McpServerEventStreamNotification", False),
    "account/updated": ("AccountUpdatedNotification", False),
    "account/gatewayOAuth/changed": ("GatewayOAuthChangedNotification", False),
    "account/rateLimits/updated": ("AccountRateLimitsUpdatedNotification", False),
    "app/list/updated": ("AppListUpdatedNotification", False),
    "remoteControl/status/changed": ("RemoteControlStatusChangedNotification", False),
    "externalAgentConfig/import/progress": ("ExternalAgentConfigImportProgressNotification", False),
    "externalAgentConfig/import/completed": ("ExternalAgentConfigImportCompletedNotification", False),
    "fs/changed": ("FsChangedNotification", False),
    "item/reasoning/summaryTextDelta": ("ReasoningSummaryTextDeltaNotification", False),
    "item/reasoning/summaryPartAdded": ("ReasoningSummaryPartAddedNotification", False),
    "item/reasoning/textDelta": ("ReasoningTextDeltaNotification", False),
    "thread/compacted": ("ContextCompactedNotification", False),
    "model/rerouted": ("ModelReroutedNotification", False),
    "model/verification": ("ModelVerificationNotification", False),
    "modelProvider/authRecoveryStarted": ("AuthRecoveryNotification", False),
    "modelProvider/authRecoveryCompleted": ("AuthRecoveryNotification", False),
    "turn/moderationMetadata": ("TurnModerationMetadataNotification", False),
    "model/safetyBuffering/updated": ("ModelSafetyBufferingUpdatedNotification", False),
    "warning": ("WarningNotification", False),
    "guardianWarning": ("GuardianWarningNotification", False),
    "deprecationNotice": ("DeprecationNoticeNotification", False),
    "configWarning": ("ConfigWarningNotification", False),
    "fuzzyFileSearch/sessionUpdated": ("FuzzyFileSearchSessionUpdatedNotification", False),
    "fuzzyFileSearch/sessionCompleted": ("FuzzyFileSearchSessionCompletedNotification", False),
    "thread/realtime/started": ("ThreadRealtimeStartedNotification", False),
    "thread/realtime/itemAdded": ("ThreadRealtimeItemAddedNotification", False),
    "thread/realtime/item/started": ("ThreadRealtimeItemStartedNotification", False),
    "thread/realtime/item/transcript/delta": ("ThreadRealtimeItemTranscriptDeltaNotification", False),
    "thread/realtime/item/completed": ("ThreadRealtimeItemCompletedNotification", False),
    "thread/realtime/transcript/delta": ("ThreadRealtimeTranscriptDeltaNotification", False),
    "thread/realtime/transcript/done": ("ThreadRealtimeTranscriptDoneNotification", False),
    "thread/realtime/outputAudio/delta": ("ThreadRealtimeOutputAudioDeltaNotification", False),
    "thread/realtime/sdp": ("ThreadRealtimeSdpNotification", False),
    "thread/realtime/error": ("ThreadRealtimeErrorNotification", False),
    "thread/realtime/closed": ("ThreadRealtimeClosedNotification", False),
    "windows/worldWritableWarning": ("WindowsWorldWritableWarningNotification", False),
    "windowsSandbox/setupCompleted": ("WindowsSandboxSetupCompletedNotification", False),
    "account/login/completed": ("AccountLoginCompletedNotification", False),
}

# server request method -> (params type name, result type name).
SERVER_REQUEST_TYPES: Final[dict[str, tuple[str | None, str | None]]] = {
    "item/commandExecution/requestApproval": ("CommandExecutionRequestApprovalParams", "CommandExecutionRequestApprovalResponse"),
    "item/fileChange/requestApproval": ("FileChangeRequestApprovalParams", "FileChangeRequestApprovalResponse"),
    "item/tool/requestUserInput": ("ToolRequestUserInputParams", "ToolRequestUserInputResponse"),
    "mcpServer/elicitation/request": ("McpServerElicitationRequestParams", "McpServerElicitationRequestResponse"),
    "item/permissions/requestApproval": ("PermissionsRequestApprovalParams", "PermissionsRequestApprovalResponse"),
    "item/tool/call": ("DynamicToolCallParams", "DynamicToolCallResponse"),
    "account/chatgptAuthTokens/refresh": ("ChatgptAuthTokensRefreshParams", "ChatgptAuthTokensRefreshResponse"),
    "attestation/generate": ("AttestationGenerateParams", "AttestationGenerateResponse"),
    "applyPatchApproval": ("ApplyPatchApprovalParams", "ApplyPatchApprovalResponse"),
    "execCommandApproval": ("ExecCommandApprovalParams", "ExecCommandApprovalResponse"),
}
