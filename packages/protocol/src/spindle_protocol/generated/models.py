# generated — do not edit; source schema/, regenerate with `nox -s schema`
# (scripts/generate_protocol.py)

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StrictBool, StrictInt
from pydantic import MISSING
from spindle_protocol._wire import WireModel
from typing_extensions import TypeAliasType

SpindleProtocolSchema = TypeAliasType(
    "SpindleProtocolSchema",
    Annotated[
        Any,
        Field(
            description='All spindle protocol definitions, bundled from schema/v2.',
            title='SpindleProtocolSchema',
        ),
    ],
)


AbsolutePathBuf = TypeAliasType(
    "AbsolutePathBuf",
    Annotated[str, Field(description='An absolute, normalised file system path.')],
)


class AccountApiKey(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['apiKey'], Field(title='ApiKeyAccountType')] = 'apiKey'


class AccountAmazonBedrock(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['amazonBedrock'], Field(title='AmazonBedrockAccountType')
    ] = 'amazonBedrock'
    uses_codex_managed_credentials: Annotated[
        StrictBool, Field(alias='usesCodexManagedCredentials')
    ] = False


class AccountGcp(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['gcp'], Field(title='GcpAccountType')] = 'gcp'


class AccountRoutingOverride(StrEnum):
    no_constraint = 'NO_CONSTRAINT'
    us = 'us'
    us_cr = 'us_cr'


class ActivePermissionProfile(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    extends: str | None = None


class AdditionalContextKind(StrEnum):
    untrusted = 'untrusted'
    application = 'application'


AgentMessageDelivery = TypeAliasType("AgentMessageDelivery", Literal['async'])


class AgentMessageDeltaNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    item_id: Annotated[str, Field(alias='itemId')]
    delta: str


class AgentMessageDisplay(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    action: str
    block_type: Annotated[str | None, Field(alias='blockType')]
    cyber_trusted_access: Annotated[
        StrictBool | None, Field(alias='cyberTrustedAccess')
    ]
    check_trusted_contacts: Annotated[
        StrictBool | None, Field(alias='checkTrustedContacts')
    ]


class AgentMessageInputContentInputText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['input_text'], Field(title='InputTextAgentMessageInputContentType')
    ] = 'input_text'
    text: str


class AgentMessageInputContentEncryptedContent(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['encrypted_content'],
        Field(title='EncryptedContentAgentMessageInputContentType'),
    ] = 'encrypted_content'
    encrypted_content: str


AgentMessageInputContent = TypeAliasType(
    "AgentMessageInputContent",
    Annotated[
        AgentMessageInputContentInputText | AgentMessageInputContentEncryptedContent,
        Field(discriminator='type'),
    ],
)


class AgentMessageModeration(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    moderated: StrictBool
    display: AgentMessageDisplay | None


AgentPath = TypeAliasType("AgentPath", str)


class AllowDenyRequirement(StrEnum):
    allow = 'allow'
    deny = 'deny'


class AnalyticsConfig(WireModel):
    model_config = ConfigDict(
        extra='allow',
        validate_by_name=True,
    )
    enabled: StrictBool | None


class AppToolApproval(StrEnum):
    auto = 'auto'
    prompt = 'prompt'
    writes = 'writes'
    approve = 'approve'


class ApprovalsReviewer(StrEnum):
    user = 'user'
    auto_review = 'auto_review'
    guardian_subagent = 'guardian_subagent'


class AppsDefaultConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    enabled: StrictBool = True
    approvals_reviewer: ApprovalsReviewer | None
    destructive_enabled: StrictBool = True
    open_world_enabled: StrictBool = True
    default_tools_approval_mode: AppToolApproval | None


class AskForApproval1(StrEnum):
    untrusted = 'untrusted'
    on_request = 'on-request'
    never = 'never'


class Granular(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    mcp_elicitations: StrictBool
    request_permissions: StrictBool = False
    rules: StrictBool
    sandbox_approval: StrictBool
    skill_approval: StrictBool = False


class AskForApprovalGranular(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    granular: Granular


AskForApproval = TypeAliasType(
    "AskForApproval",
    Annotated[
        AskForApproval1 | AskForApprovalGranular,
        Field(description='When the agent asks the user before acting.'),
    ],
)


class AsyncUserInputQuestion(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    title: str
    options: list[str] | None


AutoCompactTokenLimitScope = TypeAliasType("AutoCompactTokenLimitScope", Literal['total'] | Literal['body_after_prefix'])


class AutoReviewRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    required_on_models: Annotated[list[str] | None, Field(alias='requiredOnModels')]
    ignore_rules: Annotated[list[str] | None, Field(alias='ignoreRules')]


class BedrockProviderId(StrEnum):
    amazon_bedrock = 'amazon-bedrock'
    amazon_bedrock_runtime = 'amazon-bedrock-runtime'


class BrowserUseAccessApprovalLifetime(StrEnum):
    turn = 'turn'
    thread = 'thread'


class BrowserUseOriginPolicy(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    access: AllowDenyRequirement | None
    downloads: AllowDenyRequirement | None
    uploads: AllowDenyRequirement | None
    full_cdp_access: Annotated[
        AllowDenyRequirement | None, Field(alias='fullCdpAccess')
    ]
    auto_review: Annotated[AllowDenyRequirement | None, Field(alias='autoReview')]
    persistent_approval: Annotated[StrictBool | None, Field(alias='persistentApproval')]
    access_approval_lifetime: Annotated[
        BrowserUseAccessApprovalLifetime | None, Field(alias='accessApprovalLifetime')
    ]


class BrowserUseOriginPolicyConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    access: AllowDenyRequirement | None
    downloads: AllowDenyRequirement | None
    uploads: AllowDenyRequirement | None
    full_cdp_access: AllowDenyRequirement | None


class ByteRange(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    start: Annotated[StrictInt, Field(ge=0)]
    end: Annotated[StrictInt, Field(ge=0)]


class CapabilityRootLocationEnvironment(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['environment'], Field(title='EnvironmentCapabilityRootLocationType')
    ] = 'environment'
    environment_id: Annotated[str, Field(alias='environmentId')]
    path: str


CapabilityRootLocation = TypeAliasType(
    "CapabilityRootLocation",
    Annotated[CapabilityRootLocationEnvironment, Field(discriminator='type')],
)


class CliAuthCredentialsStoreMode(StrEnum):
    file = 'file'
    keyring = 'keyring'
    auto = 'auto'
    ephemeral = 'ephemeral'


class ClientInfo(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: str
    title: str | None | MISSING = MISSING
    version: str


class CodexErrorInfo1(StrEnum):
    context_window_exceeded = 'contextWindowExceeded'
    session_budget_exceeded = 'sessionBudgetExceeded'
    usage_limit_exceeded = 'usageLimitExceeded'
    rate_limit_exceeded = 'rateLimitExceeded'
    flex_unavailable = 'flexUnavailable'
    server_overloaded = 'serverOverloaded'
    model_not_found = 'modelNotFound'
    policy_capacity_unavailable = 'policyCapacityUnavailable'
    cyber_policy = 'cyberPolicy'
    misalignment_policy_violation = 'misalignmentPolicyViolation'
    too_many_denials = 'tooManyDenials'
    internal_server_error = 'internalServerError'
    unauthorized = 'unauthorized'
    bad_request = 'badRequest'
    thread_rollback_failed = 'threadRollbackFailed'
    sandbox_error = 'sandboxError'
    other = 'other'


class HttpConnectionFailed(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    http_status_code: Annotated[
        StrictInt | None | MISSING, Field(alias='httpStatusCode', ge=0, le=65535)
    ] = MISSING


class CodexErrorInfoHttpConnectionFailed(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    http_connection_failed: Annotated[
        HttpConnectionFailed, Field(alias='httpConnectionFailed')
    ]


class ResponseStreamConnectionFailed(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    http_status_code: Annotated[
        StrictInt | None | MISSING, Field(alias='httpStatusCode', ge=0, le=65535)
    ] = MISSING


class CodexErrorInfoResponseStreamConnectionFailed(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    response_stream_connection_failed: Annotated[
        ResponseStreamConnectionFailed, Field(alias='responseStreamConnectionFailed')
    ]


class ResponseStreamDisconnected(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    http_status_code: Annotated[
        StrictInt | None | MISSING, Field(alias='httpStatusCode', ge=0, le=65535)
    ] = MISSING


class CodexErrorInfoResponseStreamDisconnected(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    response_stream_disconnected: Annotated[
        ResponseStreamDisconnected, Field(alias='responseStreamDisconnected')
    ]


class ResponseTooManyFailedAttempts(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    http_status_code: Annotated[
        StrictInt | None | MISSING, Field(alias='httpStatusCode', ge=0, le=65535)
    ] = MISSING


class CodexErrorInfoResponseTooManyFailedAttempts(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    response_too_many_failed_attempts: Annotated[
        ResponseTooManyFailedAttempts, Field(alias='responseTooManyFailedAttempts')
    ]


class CollabAgentStatus(StrEnum):
    pending_init = 'pendingInit'
    running = 'running'
    interrupted = 'interrupted'
    completed = 'completed'
    errored = 'errored'
    shutdown = 'shutdown'
    not_found = 'notFound'


class CollabAgentTool(StrEnum):
    spawn_agent = 'spawnAgent'
    send_input = 'sendInput'
    resume_agent = 'resumeAgent'
    wait = 'wait'
    close_agent = 'closeAgent'
    send_message = 'sendMessage'
    followup_task = 'followupTask'
    interrupt_agent = 'interruptAgent'
    list_agents = 'listAgents'


class CollabAgentToolCallStatus(StrEnum):
    in_progress = 'inProgress'
    completed = 'completed'
    failed = 'failed'
    interrupted = 'interrupted'


class CollaborationModeListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class CommandActionListFiles(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['listFiles'], Field(title='ListFilesCommandActionType')] = (
        'listFiles'
    )
    command: str
    path: str | None


class CommandActionSearch(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['search'], Field(title='SearchCommandActionType')] = (
        'search'
    )
    command: str
    query: str | None
    path: str | None


class CommandActionUnknown(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['unknown'], Field(title='UnknownCommandActionType')] = (
        'unknown'
    )
    command: str


CommandExecOutputStream = TypeAliasType(
    "CommandExecOutputStream",
    Annotated[
        Literal['stdout'] | Literal['stderr'],
        Field(
            description="Which output a chunk came from (a PTY's output is all stdout)."
        ),
    ],
)


class CommandExecResizeResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class CommandExecResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    exit_code: Annotated[StrictInt, Field(alias='exitCode')]
    stdout: str
    stderr: str


class CommandExecTerminalSize(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    rows: Annotated[StrictInt, Field(ge=0, le=65535)]
    cols: Annotated[StrictInt, Field(ge=0, le=65535)]


class CommandExecTerminateParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    process_id: Annotated[str, Field(alias='processId')]


class CommandExecTerminateResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class CommandExecWriteParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    process_id: Annotated[str, Field(alias='processId')]
    delta_base64: Annotated[str | None | MISSING, Field(alias='deltaBase64')] = MISSING
    close_stdin: Annotated[StrictBool | MISSING, Field(alias='closeStdin')] = MISSING


class CommandExecWriteResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class CommandExecutionOutputDeltaNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    item_id: Annotated[str, Field(alias='itemId')]
    delta: str


class CommandExecutionSource(StrEnum):
    agent = 'agent'
    user_shell = 'userShell'
    unified_exec_startup = 'unifiedExecStartup'
    unified_exec_interaction = 'unifiedExecInteraction'


class CommandExecutionStatus(StrEnum):
    in_progress = 'inProgress'
    completed = 'completed'
    failed = 'failed'
    declined = 'declined'


class ComputerUseMacosConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    bundle_ids: dict[str, Any] | None


class ComputerUseMacosRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    bundle_ids: Annotated[dict[str, Any] | None, Field(alias='bundleIds')]


class ComputerUseWindowsExeConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    publisher_name: str
    product_name: str
    binary_name: str | None
    access: AllowDenyRequirement


class ComputerUseWindowsExeRequirement(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    publisher_name: Annotated[str, Field(alias='publisherName')]
    product_name: Annotated[str, Field(alias='productName')]
    binary_name: Annotated[str | None, Field(alias='binaryName')]
    access: AllowDenyRequirement


class ComputerUseWindowsRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    aumids: dict[str, Any] | None
    exes: list[ComputerUseWindowsExeRequirement] | None


class ConfigLayerSourcePackagedDefaults(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['packagedDefaults'],
        Field(title='PackagedDefaultsConfigLayerSourceType'),
    ] = 'packagedDefaults'
    file: AbsolutePathBuf


class ConfigLayerSourceMdm(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['mdm'], Field(title='MdmConfigLayerSourceType')] = 'mdm'
    domain: str
    key: str


class ConfigLayerSourceSystem(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['system'], Field(title='SystemConfigLayerSourceType')] = (
        'system'
    )
    file: AbsolutePathBuf


class ConfigLayerSourceEnterpriseManaged(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['enterpriseManaged'],
        Field(title='EnterpriseManagedConfigLayerSourceType'),
    ] = 'enterpriseManaged'
    id: str
    name: str


class ConfigLayerSourceUser(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['user'], Field(title='UserConfigLayerSourceType')] = 'user'
    file: AbsolutePathBuf
    profile: str | None


class ConfigLayerSourceProject(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['project'], Field(title='ProjectConfigLayerSourceType')] = (
        'project'
    )
    dot_codex_folder: Annotated[AbsolutePathBuf, Field(alias='dotCodexFolder')]


class ConfigLayerSourceSessionFlags(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['sessionFlags'], Field(title='SessionFlagsConfigLayerSourceType')
    ] = 'sessionFlags'


class ConfigLayerSourceLegacyManagedConfigTomlFromFile(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['legacyManagedConfigTomlFromFile'],
        Field(title='LegacyManagedConfigTomlFromFileConfigLayerSourceType'),
    ] = 'legacyManagedConfigTomlFromFile'
    file: AbsolutePathBuf


class ConfigLayerSourceLegacyManagedConfigTomlFromMdm(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['legacyManagedConfigTomlFromMdm'],
        Field(title='LegacyManagedConfigTomlFromMdmConfigLayerSourceType'),
    ] = 'legacyManagedConfigTomlFromMdm'


ConfigLayerSource = TypeAliasType(
    "ConfigLayerSource",
    Annotated[
        ConfigLayerSourcePackagedDefaults | ConfigLayerSourceMdm | ConfigLayerSourceSystem | ConfigLayerSourceEnterpriseManaged | ConfigLayerSourceUser | ConfigLayerSourceProject | ConfigLayerSourceSessionFlags | ConfigLayerSourceLegacyManagedConfigTomlFromFile | ConfigLayerSourceLegacyManagedConfigTomlFromMdm,
        Field(discriminator='type'),
    ],
)


class ConfigReadParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    include_layers: Annotated[StrictBool | MISSING, Field(alias='includeLayers')] = (
        MISSING
    )
    cwd: str | None | MISSING = MISSING


class ConfiguredHookHandlerCommand(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['command'], Field(title='CommandConfiguredHookHandlerType')
    ] = 'command'
    command: str
    command_windows: Annotated[str | None, Field(alias='commandWindows')]
    timeout_sec: Annotated[
        StrictInt | None, Field(alias='timeoutSec', ge=0, le=18446744073709551615)
    ]
    async_: Annotated[StrictBool, Field(alias='async')]
    status_message: Annotated[str | None, Field(alias='statusMessage')]
    additional_context_limit: Annotated[
        StrictInt | None, Field(alias='additionalContextLimit', ge=0)
    ]


class ConfiguredHookHandlerMcpTool(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['mcp_tool'], Field(title='McpToolConfiguredHookHandlerType')
    ] = 'mcp_tool'
    server: str
    tool: str
    input: dict[str, Any]
    timeout_sec: Annotated[
        StrictInt | None, Field(alias='timeoutSec', ge=0, le=18446744073709551615)
    ]
    status_message: Annotated[str | None, Field(alias='statusMessage')]


class ConfiguredHookHandlerPrompt(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['prompt'], Field(title='PromptConfiguredHookHandlerType')
    ] = 'prompt'


class ConfiguredHookHandlerAgent(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['agent'], Field(title='AgentConfiguredHookHandlerType')] = (
        'agent'
    )


ConfiguredHookHandler = TypeAliasType(
    "ConfiguredHookHandler",
    Annotated[
        ConfiguredHookHandlerCommand | ConfiguredHookHandlerMcpTool | ConfiguredHookHandlerPrompt | ConfiguredHookHandlerAgent,
        Field(discriminator='type'),
    ],
)


class ConfiguredHookMatcherGroup(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    matcher: str | None
    hooks: list[ConfiguredHookHandler]


class ContentItemInputText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['input_text'], Field(title='InputTextContentItemType')] = (
        'input_text'
    )
    text: str


class ContentItemInputAudio(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['input_audio'], Field(title='InputAudioContentItemType')
    ] = 'input_audio'
    audio_url: str | MISSING = MISSING
    file_id: str | MISSING = MISSING


class ContentItemOutputText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['output_text'], Field(title='OutputTextContentItemType')
    ] = 'output_text'
    text: str
    annotations: list[Any] | None | MISSING = MISSING
    logprobs: list[Any] | None | MISSING = MISSING


class CreditsSnapshot(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    has_credits: Annotated[StrictBool, Field(alias='hasCredits')]
    unlimited: StrictBool
    balance: str | None


class CyberAccessProgram(StrEnum):
    standard = 'standard'
    daybreak_blue = 'daybreakBlue'
    daybreak_red = 'daybreakRed'


class DeprecationNoticeNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    summary: str
    details: str | None


class DynamicToolCallOutputContentItemInputText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['inputText'],
        Field(title='InputTextDynamicToolCallOutputContentItemType'),
    ] = 'inputText'
    text: str


class DynamicToolCallOutputContentItemInputImage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['inputImage'],
        Field(title='InputImageDynamicToolCallOutputContentItemType'),
    ] = 'inputImage'
    image_url: Annotated[str, Field(alias='imageUrl')]


class DynamicToolCallOutputContentItemInputAudio(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['inputAudio'],
        Field(title='InputAudioDynamicToolCallOutputContentItemType'),
    ] = 'inputAudio'
    audio_url: Annotated[str, Field(alias='audioUrl')]


DynamicToolCallOutputContentItem = TypeAliasType(
    "DynamicToolCallOutputContentItem",
    Annotated[
        DynamicToolCallOutputContentItemInputText | DynamicToolCallOutputContentItemInputImage | DynamicToolCallOutputContentItemInputAudio,
        Field(discriminator='type'),
    ],
)


class DynamicToolCallStatus(StrEnum):
    in_progress = 'inProgress'
    completed = 'completed'
    failed = 'failed'


class DynamicToolNamespaceToolFunction(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['function'], Field(title='FunctionDynamicToolNamespaceToolType')
    ] = 'function'
    name: str
    description: str
    input_schema: Annotated[Any, Field(alias='inputSchema')]
    defer_loading: Annotated[StrictBool | MISSING, Field(alias='deferLoading')] = (
        MISSING
    )


DynamicToolNamespaceTool = TypeAliasType(
    "DynamicToolNamespaceTool",
    Annotated[DynamicToolNamespaceToolFunction, Field(discriminator='type')],
)


class DynamicToolSpecFunction(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['function'], Field(title='FunctionDynamicToolSpecType')] = (
        'function'
    )
    name: str
    description: str
    input_schema: Annotated[Any, Field(alias='inputSchema')]
    defer_loading: Annotated[StrictBool | MISSING, Field(alias='deferLoading')] = (
        MISSING
    )


class DynamicToolSpecNamespace(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['namespace'], Field(title='NamespaceDynamicToolSpecType')
    ] = 'namespace'
    name: str
    description: str
    tools: list[DynamicToolNamespaceTool]


DynamicToolSpec = TypeAliasType(
    "DynamicToolSpec",
    Annotated[
        DynamicToolSpecFunction | DynamicToolSpecNamespace, Field(discriminator='type')
    ],
)


class ExperimentalFeatureEnablementSetParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    enablement: dict[str, StrictBool]


class ExperimentalFeatureEnablementSetResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    enablement: dict[str, StrictBool]


class ExperimentalFeatureListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cursor: str | None | MISSING = MISSING
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0, le=4294967295)] = MISSING
    thread_id: Annotated[str | None | MISSING, Field(alias='threadId')] = MISSING


ExperimentalFeatureStage = TypeAliasType(
    "ExperimentalFeatureStage",
    Annotated[
        Literal['beta'] | Literal['underDevelopment'] | Literal['stable'] | Literal['deprecated'] | Literal['removed'],
        Field(description='How far along a feature is.'),
    ],
)


class FeedbackRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    enabled: StrictBool | None


class FeedbackUploadParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    classification: str
    reason: str | None | MISSING = MISSING
    thread_id: Annotated[str | None | MISSING, Field(alias='threadId')] = MISSING
    include_logs: Annotated[StrictBool | MISSING, Field(alias='includeLogs')] = MISSING
    extra_log_files: Annotated[
        list[str] | None | MISSING, Field(alias='extraLogFiles')
    ] = MISSING
    tags: dict[str, Any] | None | MISSING = MISSING


class FeedbackUploadResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    prompt_hash: Annotated[str | None, Field(alias='promptHash')] = None


ForcedChatgptWorkspaceIds = TypeAliasType("ForcedChatgptWorkspaceIds", str | list[str])


class ForcedLoginMethod(StrEnum):
    chatgpt = 'chatgpt'
    api = 'api'


class FsChangedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    watch_id: Annotated[str, Field(alias='watchId')]
    changed_paths: Annotated[list[AbsolutePathBuf], Field(alias='changedPaths')]


class FsCopyParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    source_path: Annotated[AbsolutePathBuf, Field(alias='sourcePath')]
    destination_path: Annotated[AbsolutePathBuf, Field(alias='destinationPath')]
    recursive: StrictBool | MISSING = MISSING


class FsCopyResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FsCreateDirectoryParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf
    recursive: StrictBool | None | MISSING = MISSING


class FsCreateDirectoryResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FsGetMetadataParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf


class FsGetMetadataResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    is_directory: Annotated[StrictBool, Field(alias='isDirectory')]
    is_file: Annotated[StrictBool, Field(alias='isFile')]
    is_symlink: Annotated[StrictBool, Field(alias='isSymlink')]
    created_at_ms: Annotated[StrictInt, Field(alias='createdAtMs')]
    modified_at_ms: Annotated[StrictInt, Field(alias='modifiedAtMs')]


class FsReadDirectoryEntry(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    file_name: Annotated[str, Field(alias='fileName')]
    is_directory: Annotated[StrictBool, Field(alias='isDirectory')]
    is_file: Annotated[StrictBool, Field(alias='isFile')]


class FsReadDirectoryParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf


class FsReadDirectoryResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    entries: list[FsReadDirectoryEntry]


class FsReadFileParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf


class FsReadFileResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data_base64: Annotated[str, Field(alias='dataBase64')]


class FsRemoveParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf
    recursive: StrictBool | None | MISSING = MISSING
    force: StrictBool | None | MISSING = MISSING


class FsRemoveResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FsUnwatchParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    watch_id: Annotated[str, Field(alias='watchId')]


class FsUnwatchResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FsWatchParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    watch_id: Annotated[str, Field(alias='watchId')]
    path: AbsolutePathBuf


class FsWatchResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf


class FsWriteFileParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf
    data_base64: Annotated[str, Field(alias='dataBase64')]


class FsWriteFileResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FunctionCallOutputContentItemInputText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['input_text'], Field(title='InputTextFunctionCallOutputContentItemType')
    ] = 'input_text'
    text: str


class FunctionCallOutputContentItemInputAudio(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['input_audio'],
        Field(title='InputAudioFunctionCallOutputContentItemType'),
    ] = 'input_audio'
    audio_url: str | MISSING = MISSING
    file_id: str | MISSING = MISSING


class FunctionCallOutputContentItemEncryptedContent(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['encrypted_content'],
        Field(title='EncryptedContentFunctionCallOutputContentItemType'),
    ] = 'encrypted_content'
    encrypted_content: str


class FuzzyFileSearchMatchType(StrEnum):
    file = 'file'
    directory = 'directory'


class FuzzyFileSearchParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    query: str
    roots: list[str]
    cancellation_token: Annotated[
        str | None | MISSING, Field(alias='cancellationToken')
    ] = MISSING


Indice = TypeAliasType("Indice", Annotated[StrictInt, Field(ge=0, le=4294967295)])


class FuzzyFileSearchResult(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    root: str
    path: str
    match_type: FuzzyFileSearchMatchType
    file_name: str
    score: Annotated[StrictInt, Field(ge=0, le=4294967295)]
    indices: list[Indice] | None


class FuzzyFileSearchSessionCompletedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    session_id: Annotated[str, Field(alias='sessionId')]


class FuzzyFileSearchSessionStartParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    session_id: Annotated[str, Field(alias='sessionId')]
    roots: list[str]


class FuzzyFileSearchSessionStartResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FuzzyFileSearchSessionStopParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    session_id: Annotated[str, Field(alias='sessionId')]


class FuzzyFileSearchSessionStopResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FuzzyFileSearchSessionUpdateParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    session_id: Annotated[str, Field(alias='sessionId')]
    query: str


class FuzzyFileSearchSessionUpdateResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class FuzzyFileSearchSessionUpdatedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    session_id: Annotated[str, Field(alias='sessionId')]
    query: str
    files: list[FuzzyFileSearchResult]


class GatewayAuthNone(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    mode: Annotated[Literal['none'], Field(title='NoneGatewayAuthMode')] = 'none'


class GatewayAuthEnvironmentVariable(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    mode: Annotated[
        Literal['environmentVariable'],
        Field(title='EnvironmentVariableGatewayAuthMode'),
    ] = 'environmentVariable'
    env_key: Annotated[str, Field(alias='envKey')]


class GatewayAuthExternallyConfigured(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    mode: Annotated[
        Literal['externallyConfigured'],
        Field(title='ExternallyConfiguredGatewayAuthMode'),
    ] = 'externallyConfigured'
    env_key: Annotated[str | None | MISSING, Field(alias='envKey')] = MISSING


GatewayAuth = TypeAliasType(
    "GatewayAuth",
    Annotated[
        GatewayAuthNone | GatewayAuthEnvironmentVariable | GatewayAuthExternallyConfigured,
        Field(
            description='How requests to a custom gateway authenticate.',
            discriminator='mode',
        ),
    ],
)


GcpProviderId = TypeAliasType(
    "GcpProviderId",
    Annotated[Literal['gcp'], Field(description='The built-in Vertex AI provider.')],
)


class GetAccountParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    refresh_token: Annotated[StrictBool | MISSING, Field(alias='refreshToken')] = (
        MISSING
    )


class GitInfo(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    sha: str | None
    branch: str | None
    origin_url: Annotated[str | None, Field(alias='originUrl')]


class HookErrorInfo(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: str
    message: str


class HookEventName(StrEnum):
    pre_model_request = 'preModelRequest'
    post_model_request = 'postModelRequest'
    pre_tool_use = 'preToolUse'
    permission_request = 'permissionRequest'
    post_tool_use = 'postToolUse'
    pre_compact = 'preCompact'
    post_compact = 'postCompact'
    session_start = 'sessionStart'
    session_end = 'sessionEnd'
    user_prompt_submit = 'userPromptSubmit'
    subagent_start = 'subagentStart'
    subagent_stop = 'subagentStop'
    stop = 'stop'
    interrupt = 'interrupt'


class HookPromptFragment(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    text: str
    hook_run_id: Annotated[str, Field(alias='hookRunId')]


class HookSource(StrEnum):
    system = 'system'
    user = 'user'
    project = 'project'
    mdm = 'mdm'
    session_flags = 'sessionFlags'
    plugin = 'plugin'
    cloud_requirements = 'cloudRequirements'
    cloud_managed_config = 'cloudManagedConfig'
    legacy_managed_config_file = 'legacyManagedConfigFile'
    legacy_managed_config_mdm = 'legacyManagedConfigMdm'
    unknown = 'unknown'


class HookTrustStatus(StrEnum):
    managed = 'managed'
    untrusted = 'untrusted'
    trusted = 'trusted'
    modified = 'modified'


class HooksListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cwds: list[str] | MISSING = MISSING
    thread_id: Annotated[str | None | MISSING, Field(alias='threadId')] = MISSING


class ImageDetail(StrEnum):
    auto = 'auto'
    low = 'low'
    high = 'high'
    original = 'original'


class ImageGenerationFailureUsageLimitExceeded(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['usageLimitExceeded'],
        Field(title='UsageLimitExceededImageGenerationFailureType'),
    ] = 'usageLimitExceeded'
    limit_id: Annotated[str, Field(alias='limitId')]
    resets_at: Annotated[StrictInt | None, Field(alias='resetsAt')]


ImageGenerationFailure = TypeAliasType(
    "ImageGenerationFailure",
    Annotated[ImageGenerationFailureUsageLimitExceeded, Field(discriminator='type')],
)


class ImageGenerationInputImage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: AbsolutePathBuf
    sha256: str


class InAppBrowserRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    allow_external_browser_settings_import: Annotated[
        StrictBool | None, Field(alias='allowExternalBrowserSettingsImport')
    ]


class InitializeCapabilities(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    required_human_approval: Annotated[
        StrictBool | MISSING, Field(alias='requiredHumanApproval')
    ] = MISSING
    explicit_gateway_oauth: Annotated[
        StrictBool | MISSING, Field(alias='explicitGatewayOauth')
    ] = MISSING
    experimental_api: Annotated[StrictBool, Field(alias='experimentalApi')] = False
    request_attestation: Annotated[StrictBool, Field(alias='requestAttestation')] = (
        False
    )
    mcp_server_openai_form_elicitation: Annotated[
        StrictBool | MISSING, Field(alias='mcpServerOpenaiFormElicitation')
    ] = MISSING
    opt_out_notification_methods: Annotated[
        list[str] | None | MISSING, Field(alias='optOutNotificationMethods')
    ] = MISSING
    extensions: dict[str, Any] | None | MISSING = MISSING


class InitializeParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    client_info: Annotated[ClientInfo, Field(alias='clientInfo')]
    capabilities: InitializeCapabilities | None | MISSING = MISSING


class InitializeResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    user_agent: Annotated[str, Field(alias='userAgent')]
    codex_home: Annotated[AbsolutePathBuf, Field(alias='codexHome')]
    platform_family: Annotated[str, Field(alias='platformFamily')]
    platform_os: Annotated[str, Field(alias='platformOs')]


InputModality = TypeAliasType("InputModality", Literal['text'] | Literal['image'] | Literal['audio'])


class InternalChatMessageMetadataPassthrough(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    turn_id: str | None | MISSING = MISSING


LegacyAppPathString = TypeAliasType("LegacyAppPathString", str)


class LocalShellActionExec(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['exec'], Field(title='ExecLocalShellActionType')] = 'exec'
    command: list[str]
    timeout_ms: Annotated[
        StrictInt | None | MISSING, Field(ge=0, le=18446744073709551615)
    ] = MISSING
    working_directory: str | None | MISSING = MISSING
    env: dict[str, Any] | None | MISSING = MISSING
    user: str | None | MISSING = MISSING


LocalShellAction = TypeAliasType(
    "LocalShellAction", Annotated[LocalShellActionExec, Field(discriminator='type')]
)


class LocalShellStatus(StrEnum):
    completed = 'completed'
    in_progress = 'in_progress'
    incomplete = 'incomplete'


class ManagedHooksRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    pre_model_request: Annotated[
        list[ConfiguredHookMatcherGroup],
        Field(alias='PreModelRequest', validate_default=True),
    ] = []
    post_model_request: Annotated[
        list[ConfiguredHookMatcherGroup],
        Field(alias='PostModelRequest', validate_default=True),
    ] = []
    managed_dir: Annotated[str | None, Field(alias='managedDir')]
    windows_managed_dir: Annotated[str | None, Field(alias='windowsManagedDir')]
    pre_tool_use: Annotated[list[ConfiguredHookMatcherGroup], Field(alias='PreToolUse')]
    permission_request: Annotated[
        list[ConfiguredHookMatcherGroup], Field(alias='PermissionRequest')
    ]
    post_tool_use: Annotated[
        list[ConfiguredHookMatcherGroup], Field(alias='PostToolUse')
    ]
    pre_compact: Annotated[list[ConfiguredHookMatcherGroup], Field(alias='PreCompact')]
    post_compact: Annotated[
        list[ConfiguredHookMatcherGroup], Field(alias='PostCompact')
    ]
    session_start: Annotated[
        list[ConfiguredHookMatcherGroup], Field(alias='SessionStart')
    ]
    session_end: Annotated[
        list[ConfiguredHookMatcherGroup],
        Field(alias='SessionEnd', validate_default=True),
    ] = []
    user_prompt_submit: Annotated[
        list[ConfiguredHookMatcherGroup], Field(alias='UserPromptSubmit')
    ]
    subagent_start: Annotated[
        list[ConfiguredHookMatcherGroup], Field(alias='SubagentStart')
    ]
    subagent_stop: Annotated[
        list[ConfiguredHookMatcherGroup], Field(alias='SubagentStop')
    ]
    stop: Annotated[list[ConfiguredHookMatcherGroup], Field(alias='Stop')]
    interrupt: Annotated[
        list[ConfiguredHookMatcherGroup],
        Field(alias='Interrupt', validate_default=True),
    ] = []


class McpAppDisplayMode(StrEnum):
    inline = 'inline'
    fullscreen = 'fullscreen'


class McpAppUi(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    resource_uri: Annotated[str, Field(alias='resourceUri')]
    preferred_model_display_mode: Annotated[
        McpAppDisplayMode, Field(alias='preferredModelDisplayMode')
    ]


class McpToolCallAppContext(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    connector_id: Annotated[str, Field(alias='connectorId')]
    link_id: Annotated[str | None, Field(alias='linkId')]
    resource_uri: Annotated[str | None, Field(alias='resourceUri')]
    app_name: Annotated[str | None, Field(alias='appName')]
    action_name: Annotated[str | None, Field(alias='actionName')]


class McpToolCallError(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    message: str


class McpToolCallResult(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    content: list[Any]
    structured_content: Annotated[Any, Field(alias='structuredContent')]
    field_meta: Annotated[Any, Field(alias='_meta')]


class McpToolCallStatus(StrEnum):
    in_progress = 'inProgress'
    completed = 'completed'
    failed = 'failed'


class MemoryCitationEntry(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: str
    line_start: Annotated[StrictInt, Field(alias='lineStart', ge=0, le=4294967295)]
    line_end: Annotated[StrictInt, Field(alias='lineEnd', ge=0, le=4294967295)]
    note: str


class MergeStrategy(StrEnum):
    replace = 'replace'
    upsert = 'upsert'


MessagePhase = TypeAliasType(
    "MessagePhase",
    Annotated[
        Literal['commentary'] | Literal['partial_answer'] | Literal['final_answer'],
        Field(description='Which phase of the turn an agent message belongs to.'),
    ],
)


class MisalignmentSteer(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    message: str


class ModeKind(StrEnum):
    plan = 'plan'
    default = 'default'


class ModelAccessPrograms(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cyber: list[CyberAccessProgram]


class ModelAvailabilityNux(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    message: str


class ModelListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    model_provider: Annotated[str | None | MISSING, Field(alias='modelProvider')] = (
        MISSING
    )
    cursor: str | None | MISSING = MISSING
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0, le=4294967295)] = MISSING
    include_hidden: Annotated[
        StrictBool | None | MISSING, Field(alias='includeHidden')
    ] = MISSING


class ModelProviderCapabilitiesReadParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ModelProviderCapabilitiesReadResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    image_generation: Annotated[StrictBool, Field(alias='imageGeneration')]
    web_search: Annotated[StrictBool, Field(alias='webSearch')]


class ModelProviderListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ModelServiceTier(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    name: str
    description: str


class ModelUpgradeInfo(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    model: str
    upgrade_copy: Annotated[str | None, Field(alias='upgradeCopy')]
    model_link: Annotated[str | None, Field(alias='modelLink')]
    migration_markdown: Annotated[str | None, Field(alias='migrationMarkdown')]
    retirement_at: Annotated[StrictInt | None, Field(alias='retirementAt')]


class MultiAgentMode1(StrEnum):
    explicit_request_only = 'explicitRequestOnly'
    proactive = 'proactive'


class MultiAgentModeCustom(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    custom: str


MultiAgentMode = TypeAliasType("MultiAgentMode", MultiAgentMode1 | MultiAgentModeCustom)


class MultiAgentVersion(StrEnum):
    disabled = 'disabled'
    v1 = 'v1'
    v2 = 'v2'


class NetworkAccess(StrEnum):
    restricted = 'restricted'
    enabled = 'enabled'


class NetworkDomainPermission(StrEnum):
    allow = 'allow'
    deny = 'deny'


class NetworkRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    enabled: StrictBool | None
    http_port: Annotated[StrictInt | None, Field(alias='httpPort', ge=0, le=65535)]
    socks_port: Annotated[StrictInt | None, Field(alias='socksPort', ge=0, le=65535)]
    allow_upstream_proxy: Annotated[
        StrictBool | None, Field(alias='allowUpstreamProxy')
    ]
    dangerously_allow_non_loopback_proxy: Annotated[
        StrictBool | None, Field(alias='dangerouslyAllowNonLoopbackProxy')
    ]
    dangerously_allow_all_unix_sockets: Annotated[
        StrictBool | None, Field(alias='dangerouslyAllowAllUnixSockets')
    ]
    domains: dict[str, Any] | None
    review_domains: Annotated[list[str] | None, Field(alias='reviewDomains')]
    managed_allowed_domains_only: Annotated[
        StrictBool | None, Field(alias='managedAllowedDomainsOnly')
    ]
    allowed_domains: Annotated[list[str] | None, Field(alias='allowedDomains')]
    denied_domains: Annotated[list[str] | None, Field(alias='deniedDomains')]
    unix_sockets: Annotated[dict[str, Any] | None, Field(alias='unixSockets')]
    allow_unix_sockets: Annotated[list[str] | None, Field(alias='allowUnixSockets')]
    allow_local_binding: Annotated[StrictBool | None, Field(alias='allowLocalBinding')]


class NetworkUnixSocketPermission(StrEnum):
    allow = 'allow'
    deny = 'deny'


class NonSteerableTurnKind(StrEnum):
    review = 'review'
    compact = 'compact'


class OtelExporter1(StrEnum):
    none = 'none'
    statsig = 'statsig'


class OtelHttpProtocol(StrEnum):
    binary = 'binary'
    json = 'json'


class OtelTlsConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    ca_certificate: Annotated[str | None, Field(alias='ca-certificate')]
    client_certificate: Annotated[str | None, Field(alias='client-certificate')]
    client_private_key: Annotated[str | None, Field(alias='client-private-key')]


class OtelToolResultLogConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    max_bytes: Annotated[StrictInt, Field(ge=0)]


class PatchApplyStatus(StrEnum):
    in_progress = 'inProgress'
    completed = 'completed'
    failed = 'failed'
    declined = 'declined'


class PatchChangeKindAdd(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['add'], Field(title='AddPatchChangeKindType')] = 'add'


class PatchChangeKindDelete(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['delete'], Field(title='DeletePatchChangeKindType')] = (
        'delete'
    )


class PatchChangeKindUpdate(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['update'], Field(title='UpdatePatchChangeKindType')] = (
        'update'
    )
    move_path: str | None


PatchChangeKind = TypeAliasType(
    "PatchChangeKind",
    Annotated[
        PatchChangeKindAdd | PatchChangeKindDelete | PatchChangeKindUpdate,
        Field(discriminator='type'),
    ],
)


class PermissionProfileListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cursor: str | None | MISSING = MISSING
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0, le=4294967295)] = MISSING
    cwd: str | None | MISSING = MISSING


class PermissionProfileSummary(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    description: str | None
    allowed: StrictBool


class Personality(StrEnum):
    none = 'none'
    friendly = 'friendly'
    pragmatic = 'pragmatic'


class PlanType(StrEnum):
    free = 'free'
    go = 'go'
    plus = 'plus'
    pro = 'pro'
    prolite = 'prolite'
    promax = 'promax'
    team = 'team'
    self_serve_business_prolite = 'self_serve_business_prolite'
    self_serve_business_usage_based = 'self_serve_business_usage_based'
    business = 'business'
    ent26 = 'ent26'
    enterprise_cbp_automation = 'enterprise_cbp_automation'
    enterprise_cbp_usage_based = 'enterprise_cbp_usage_based'
    enterprise = 'enterprise'
    edu = 'edu'
    edu_plus = 'edu_plus'
    edu_pro = 'edu_pro'
    sci = 'sci'
    sci_plus = 'sci_plus'
    unknown = 'unknown'


class ProviderSettingsOpenai(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['openai'], Field(title='OpenaiProviderSettingsType')] = (
        'openai'
    )


class ProviderSettingsCustomGateway(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['customGateway'], Field(title='CustomGatewayProviderSettingsType')
    ] = 'customGateway'
    auth: GatewayAuth


class ProviderSettingsBedrock(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['bedrock'], Field(title='BedrockProviderSettingsType')] = (
        'bedrock'
    )
    profile: str | None
    region: str | None


class ProviderSettingsGcp(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['gcp'], Field(title='GcpProviderSettingsType')] = 'gcp'
    project_id: Annotated[str | None, Field(alias='projectId')]
    location: str | None
    credential_file: Annotated[str | None, Field(alias='credentialFile')]


ProviderSettings = TypeAliasType(
    "ProviderSettings",
    Annotated[
        ProviderSettingsOpenai | ProviderSettingsCustomGateway | ProviderSettingsBedrock | ProviderSettingsGcp,
        Field(
            description='The kind of a model provider and its settings.',
            discriminator='type',
        ),
    ],
)


class ProviderSettingsPatchCustomGateway(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    type: Annotated[
        Literal['customGateway'], Field(title='CustomGatewayProviderSettingsPatchType')
    ] = 'customGateway'
    provider_id: Annotated[
        str | None | MISSING,
        Field(
            alias='providerId',
            description='An existing custom provider; omitted or null creates one.',
        ),
    ] = MISSING
    name: str | MISSING = MISSING
    base_url: Annotated[str | None | MISSING, Field(alias='baseUrl')] = MISSING
    env_key: Annotated[str | None | MISSING, Field(alias='envKey')] = MISSING


class ProviderSettingsPatchBedrock(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    type: Annotated[
        Literal['bedrock'], Field(title='BedrockProviderSettingsPatchType')
    ] = 'bedrock'
    provider_id: Annotated[BedrockProviderId, Field(alias='providerId')]
    profile: str | None | MISSING = MISSING
    region: str | None | MISSING = MISSING


class ProviderSettingsPatchGcp(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    type: Annotated[Literal['gcp'], Field(title='GcpProviderSettingsPatchType')] = 'gcp'
    provider_id: Annotated[GcpProviderId, Field(alias='providerId')]
    project_id: Annotated[str | None | MISSING, Field(alias='projectId')] = MISSING
    location: str | None | MISSING = MISSING
    credential_file: Annotated[str | None | MISSING, Field(alias='credentialFile')] = (
        MISSING
    )


ProviderSettingsPatch = TypeAliasType(
    "ProviderSettingsPatch",
    Annotated[
        ProviderSettingsPatchCustomGateway | ProviderSettingsPatchBedrock | ProviderSettingsPatchGcp,
        Field(
            description='The fields to change; an omitted field keeps its value and null clears it.',
            discriminator='type',
        ),
    ],
)


class RateLimitReachedType(StrEnum):
    rate_limit_reached = 'rate_limit_reached'
    workspace_owner_credits_depleted = 'workspace_owner_credits_depleted'
    workspace_member_credits_depleted = 'workspace_member_credits_depleted'
    workspace_owner_usage_limit_reached = 'workspace_owner_usage_limit_reached'
    workspace_member_usage_limit_reached = 'workspace_member_usage_limit_reached'


class RateLimitWindow(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    used_percent: Annotated[StrictInt, Field(alias='usedPercent')]
    window_duration_mins: Annotated[StrictInt | None, Field(alias='windowDurationMins')]
    resets_at: Annotated[StrictInt | None, Field(alias='resetsAt')]


class ReadOnlyAccessFullAccess(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['fullAccess'], Field(title='FullAccessReadOnlyAccessType')
    ] = 'fullAccess'


class ReadOnlyAccessRestricted(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['restricted'], Field(title='RestrictedReadOnlyAccessType')
    ] = 'restricted'
    include_platform_defaults: Annotated[
        StrictBool, Field(alias='includePlatformDefaults')
    ] = True
    readable_roots: Annotated[list[AbsolutePathBuf], Field(alias='readableRoots')] = []


ReadOnlyAccess = TypeAliasType(
    "ReadOnlyAccess",
    Annotated[
        ReadOnlyAccessFullAccess | ReadOnlyAccessRestricted,
        Field(
            description='spindle extension: which paths a sandboxed command may read. `fullAccess` (the default) reads everything; `restricted` reads only the platform defaults (when included) and `readableRoots`.',
            discriminator='type',
        ),
    ],
)


ReasoningEffort = TypeAliasType(
    "ReasoningEffort",
    Annotated[
        str,
        Field(
            description='How hard the model should think; a non-empty value the model advertises.',
            min_length=1,
        ),
    ],
)


class ReasoningEffortOption(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    reasoning_effort: Annotated[ReasoningEffort, Field(alias='reasoningEffort')]
    description: str


class ReasoningItemContentReasoningText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['reasoning_text'], Field(title='ReasoningTextReasoningItemContentType')
    ] = 'reasoning_text'
    text: str


class ReasoningItemContentText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['text'], Field(title='TextReasoningItemContentType')] = (
        'text'
    )
    text: str


ReasoningItemContent = TypeAliasType(
    "ReasoningItemContent",
    Annotated[
        ReasoningItemContentReasoningText | ReasoningItemContentText,
        Field(discriminator='type'),
    ],
)


class ReasoningItemReasoningSummarySummaryText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['summary_text'],
        Field(title='SummaryTextReasoningItemReasoningSummaryType'),
    ] = 'summary_text'
    text: str


ReasoningItemReasoningSummary = TypeAliasType(
    "ReasoningItemReasoningSummary",
    Annotated[ReasoningItemReasoningSummarySummaryText, Field(discriminator='type')],
)


class ReasoningSummary1(StrEnum):
    auto = 'auto'
    concise = 'concise'
    detailed = 'detailed'


ReasoningSummary = TypeAliasType("ReasoningSummary", ReasoningSummary1 | Literal['none'])


class ReasoningSummaryPartAddedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    item_id: Annotated[str, Field(alias='itemId')]
    summary_index: Annotated[StrictInt, Field(alias='summaryIndex')]


class ReasoningSummaryTextDeltaNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    item_id: Annotated[str, Field(alias='itemId')]
    delta: str
    summary_index: Annotated[StrictInt, Field(alias='summaryIndex')]


class ReasoningTextDeltaNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    item_id: Annotated[str, Field(alias='itemId')]
    delta: str
    content_index: Annotated[StrictInt, Field(alias='contentIndex')]


class RemoteControlConnectionStatus(StrEnum):
    disabled = 'disabled'
    connecting = 'connecting'
    connected = 'connected'
    errored = 'errored'


class RemoteControlStatusChangedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    status: RemoteControlConnectionStatus
    server_name: Annotated[str, Field(alias='serverName')]
    installation_id: Annotated[str, Field(alias='installationId')]
    environment_id: Annotated[str | None, Field(alias='environmentId')]


class RequestHeader(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: str
    value: str


RequestId = TypeAliasType(
    "RequestId",
    Annotated[
        str | StrictInt,
        Field(description='A JSON-RPC request id: a string or an integer.'),
    ],
)


ResidencyRequirement = TypeAliasType("ResidencyRequirement", Literal['us'])


class ResponseItemAdditionalTools(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['additional_tools'], Field(title='AdditionalToolsResponseItemType')
    ] = 'additional_tools'
    id: str | None | MISSING = MISSING
    role: str
    tools: list[Any]


class ResponseItemAgentMessage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['agent_message'], Field(title='AgentMessageResponseItemType')
    ] = 'agent_message'
    id: str | None | MISSING = MISSING
    author: str
    recipient: str
    content: list[AgentMessageInputContent]
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemReasoning(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['reasoning'], Field(title='ReasoningResponseItemType')] = (
        'reasoning'
    )
    id: str | None | MISSING = MISSING
    summary: list[ReasoningItemReasoningSummary]
    content: list[ReasoningItemContent] | None = None
    encrypted_content: str | None | MISSING = MISSING
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemLocalShellCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['local_shell_call'], Field(title='LocalShellCallResponseItemType')
    ] = 'local_shell_call'
    encrypted_content: str | None | MISSING = MISSING
    id: str | None | MISSING = MISSING
    call_id: str | None | MISSING = MISSING
    status: LocalShellStatus
    action: LocalShellAction
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemFunctionCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['function_call'], Field(title='FunctionCallResponseItemType')
    ] = 'function_call'
    encrypted_content: str | None | MISSING = MISSING
    status: str | None | MISSING = MISSING
    id: str | None | MISSING = MISSING
    name: str
    namespace: str | None | MISSING = MISSING
    arguments: str
    encrypted_function_args: list[str] | None | MISSING = MISSING
    call_id: str
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemToolSearchCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['tool_search_call'], Field(title='ToolSearchCallResponseItemType')
    ] = 'tool_search_call'
    encrypted_content: str | None | MISSING = MISSING
    id: str | None | MISSING = MISSING
    call_id: str | None | MISSING = MISSING
    status: str | None | MISSING = MISSING
    execution: str
    arguments: Any
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemCustomToolCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['custom_tool_call'], Field(title='CustomToolCallResponseItemType')
    ] = 'custom_tool_call'
    encrypted_content: str | None | MISSING = MISSING
    id: str | None | MISSING = MISSING
    status: str | None | MISSING = MISSING
    call_id: str
    name: str
    namespace: str | None | MISSING = MISSING
    input: str
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemToolSearchOutput(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['tool_search_output'], Field(title='ToolSearchOutputResponseItemType')
    ] = 'tool_search_output'
    id: str | None | MISSING = MISSING
    call_id: str | None | MISSING = MISSING
    status: str
    execution: str
    tools: list[Any]
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemImageGenerationCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['image_generation_call'],
        Field(title='ImageGenerationCallResponseItemType'),
    ] = 'image_generation_call'
    encrypted_content: str | None | MISSING = MISSING
    id: str | None | MISSING = MISSING
    status: str
    revised_prompt: str | None | MISSING = MISSING
    result: str
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemCompaction(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['compaction'], Field(title='CompactionResponseItemType')
    ] = 'compaction'
    id: str | None | MISSING = MISSING
    encrypted_content: str
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemCompactionTrigger(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['compaction_trigger'], Field(title='CompactionTriggerResponseItemType')
    ] = 'compaction_trigger'


class ResponseItemContextCompaction(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['context_compaction'], Field(title='ContextCompactionResponseItemType')
    ] = 'context_compaction'
    id: str | None | MISSING = MISSING
    encrypted_content: str | None | MISSING = MISSING
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemOther(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['other'], Field(title='OtherResponseItemType')] = 'other'


class ResponsesApiWebSearchActionSearch(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    queries: list[str] | None | MISSING = MISSING
    query: str | None | MISSING = MISSING
    type: Annotated[
        Literal['search'], Field(title='SearchResponsesApiWebSearchActionType')
    ] = 'search'


class ResponsesApiWebSearchActionOpenPage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['open_page'], Field(title='OpenPageResponsesApiWebSearchActionType')
    ] = 'open_page'
    url: str | None | MISSING = MISSING


class ResponsesApiWebSearchActionFindInPage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    pattern: str | None | MISSING = MISSING
    type: Annotated[
        Literal['find_in_page'],
        Field(title='FindInPageResponsesApiWebSearchActionType'),
    ] = 'find_in_page'
    url: str | None | MISSING = MISSING


class ResponsesApiWebSearchActionOther(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['other'], Field(title='OtherResponsesApiWebSearchActionType')
    ] = 'other'


ResponsesApiWebSearchAction = TypeAliasType(
    "ResponsesApiWebSearchAction",
    Annotated[
        ResponsesApiWebSearchActionSearch | ResponsesApiWebSearchActionOpenPage | ResponsesApiWebSearchActionFindInPage | ResponsesApiWebSearchActionOther,
        Field(discriminator='type'),
    ],
)


ReviewDelivery = TypeAliasType(
    "ReviewDelivery",
    Annotated[
        Literal['inline'],
        Field(
            description='Where the review runs: only on the given thread (`inline`).'
        ),
    ],
)


class ReviewTargetUncommittedChanges(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['uncommittedChanges'], Field(title='UncommittedChangesReviewTargetType')
    ] = 'uncommittedChanges'


class ReviewTargetBaseBranch(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['baseBranch'], Field(title='BaseBranchReviewTargetType')
    ] = 'baseBranch'
    branch: str


class ReviewTargetCommit(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['commit'], Field(title='CommitReviewTargetType')] = 'commit'
    sha: str
    title: Annotated[
        str | None | MISSING,
        Field(description='A label for the commit (its subject, say), shown to users.'),
    ] = MISSING


class ReviewTargetCustom(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['custom'], Field(title='CustomReviewTargetType')] = 'custom'
    instructions: str


ReviewTarget = TypeAliasType(
    "ReviewTarget",
    Annotated[
        ReviewTargetUncommittedChanges | ReviewTargetBaseBranch | ReviewTargetCommit | ReviewTargetCustom,
        Field(description='What to review, tagged by `type`.', discriminator='type'),
    ],
)


class SandboxMode(StrEnum):
    read_only = 'read-only'
    workspace_write = 'workspace-write'
    danger_full_access = 'danger-full-access'


class SandboxPolicyDangerFullAccess(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['dangerFullAccess'], Field(title='DangerFullAccessSandboxPolicyType')
    ] = 'dangerFullAccess'


class SandboxPolicyReadOnly(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['readOnly'], Field(title='ReadOnlySandboxPolicyType')] = (
        'readOnly'
    )
    network_access: Annotated[StrictBool, Field(alias='networkAccess')] = False
    access: ReadOnlyAccess | MISSING = MISSING


class SandboxPolicyExternalSandbox(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['externalSandbox'], Field(title='ExternalSandboxSandboxPolicyType')
    ] = 'externalSandbox'
    network_access: Annotated[NetworkAccess, Field(alias='networkAccess')] = (
        NetworkAccess.restricted
    )


class SandboxPolicyWorkspaceWrite(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['workspaceWrite'], Field(title='WorkspaceWriteSandboxPolicyType')
    ] = 'workspaceWrite'
    writable_roots: Annotated[list[AbsolutePathBuf], Field(alias='writableRoots')] = []
    network_access: Annotated[StrictBool, Field(alias='networkAccess')] = False
    exclude_tmpdir_env_var: Annotated[
        StrictBool, Field(alias='excludeTmpdirEnvVar')
    ] = False
    exclude_slash_tmp: Annotated[StrictBool, Field(alias='excludeSlashTmp')] = False
    read_only_access: Annotated[
        ReadOnlyAccess | MISSING, Field(alias='readOnlyAccess')
    ] = MISSING


SandboxPolicy = TypeAliasType(
    "SandboxPolicy",
    Annotated[
        SandboxPolicyDangerFullAccess | SandboxPolicyReadOnly | SandboxPolicyExternalSandbox | SandboxPolicyWorkspaceWrite,
        Field(
            description='What commands run by the agent may touch, tagged by `type`. spindle adds an optional read-access model (`access` / `readOnlyAccess`).',
            discriminator='type',
        ),
    ],
)


class SandboxWorkspaceWrite(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    writable_roots: list[str] = []
    network_access: StrictBool = False
    exclude_tmpdir_env_var: StrictBool = False
    exclude_slash_tmp: StrictBool = False


class SelectedCapabilityRoot(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    location: CapabilityRootLocation


class ServerRequestResolvedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    request_id: Annotated[RequestId, Field(alias='requestId')]


class SessionSource1(StrEnum):
    cli = 'cli'
    vscode = 'vscode'
    exec = 'exec'
    app_server = 'appServer'
    unknown = 'unknown'


class SessionSourceCustom(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    custom: str


class Settings(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    model: str
    reasoning_effort: ReasoningEffort | None
    developer_instructions: str | None


class SkillErrorInfo(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: str
    message: str


class SkillInterface(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    display_name: Annotated[str | MISSING, Field(alias='displayName')] = MISSING
    short_description: Annotated[str | MISSING, Field(alias='shortDescription')] = (
        MISSING
    )
    icon_small: Annotated[AbsolutePathBuf | MISSING, Field(alias='iconSmall')] = MISSING
    icon_large: Annotated[AbsolutePathBuf | MISSING, Field(alias='iconLarge')] = MISSING
    icon_small_url: Annotated[str | None, Field(alias='iconSmallUrl')]
    icon_large_url: Annotated[str | None, Field(alias='iconLargeUrl')]
    brand_color: Annotated[str | MISSING, Field(alias='brandColor')] = MISSING
    default_prompt: Annotated[str | MISSING, Field(alias='defaultPrompt')] = MISSING


class SkillScope(StrEnum):
    user = 'user'
    repo = 'repo'
    system = 'system'
    admin = 'admin'


class SkillToolDependency(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: str
    value: str
    description: str | MISSING = MISSING
    transport: str | MISSING = MISSING
    command: str | MISSING = MISSING
    url: str | MISSING = MISSING


class SkillsListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cwds: list[str] | MISSING = MISSING
    force_reload: Annotated[StrictBool | MISSING, Field(alias='forceReload')] = MISSING


class SortDirection(StrEnum):
    asc = 'asc'
    desc = 'desc'


class SpendControlLimitSnapshot(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    limit: str
    used: str
    remaining_percent: Annotated[StrictInt, Field(alias='remainingPercent')]
    resets_at: Annotated[StrictInt, Field(alias='resetsAt')]


class SubAgentActivityKind(StrEnum):
    started = 'started'
    interacted = 'interacted'
    interrupted = 'interrupted'
    completed = 'completed'


class SubAgentSource1(StrEnum):
    review = 'review'
    compact = 'compact'
    memory_consolidation = 'memory_consolidation'


class SubAgentSourceOther(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    other: str


class TerminalInteractionNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    item_id: Annotated[str, Field(alias='itemId')]
    process_id: Annotated[str, Field(alias='processId')]
    stdin: str


class TextElement(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    byte_range: Annotated[ByteRange, Field(alias='byteRange')]
    placeholder: str | None


class TextPosition(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    line: Annotated[StrictInt, Field(ge=0)]
    column: Annotated[StrictInt, Field(ge=0)]


class TextRange(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    start: TextPosition
    end: TextPosition


class ThreadActiveFlag(StrEnum):
    waiting_on_approval = 'waitingOnApproval'
    waiting_on_user_input = 'waitingOnUserInput'


class ThreadArchiveParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadArchiveResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ThreadArchivedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadClosedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadCompactStartParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadCompactStartResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ThreadDeleteParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadDeleteResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ThreadDeletedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadEnvironment(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    environment_id: Annotated[str, Field(alias='environmentId')]
    cwd: LegacyAppPathString
    runtime_workspace_roots: Annotated[
        list[LegacyAppPathString], Field(alias='runtimeWorkspaceRoots')
    ]


class ThreadExtra(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ThreadGoalClearResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cleared: StrictBool


class ThreadGoalClearedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadGoalGetParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadGoalMutationOrigin(StrEnum):
    user = 'user'
    automatic = 'automatic'


class ThreadGoalStatus(StrEnum):
    active = 'active'
    paused = 'paused'
    blocked = 'blocked'
    usage_limited = 'usageLimited'
    budget_limited = 'budgetLimited'
    complete = 'complete'


class ThreadHistoryMode(StrEnum):
    legacy = 'legacy'
    paginated = 'paginated'


ThreadId = TypeAliasType(
    "ThreadId", Annotated[str, Field(description='A thread identifier (a UUID).')]
)


class ThreadInjectItemsParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    items: Annotated[
        list[Any],
        Field(
            description="Raw Responses API items to append to the thread's model-visible history."
        ),
    ]


class ThreadInjectItemsResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ThreadItemHookPrompt(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['hookPrompt'], Field(title='HookPromptThreadItemType')] = (
        'hookPrompt'
    )
    id: str
    fragments: list[HookPromptFragment]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemPlan(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['plan'], Field(title='PlanThreadItemType')] = 'plan'
    id: str
    text: str
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemReasoning(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['reasoning'], Field(title='ReasoningThreadItemType')] = (
        'reasoning'
    )
    id: str
    summary: list[str] = []
    content: list[str] = []
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemMcpToolCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['mcpToolCall'], Field(title='McpToolCallThreadItemType')
    ] = 'mcpToolCall'
    id: str
    server: str
    tool: str
    status: McpToolCallStatus
    arguments: Any
    app_context: Annotated[McpToolCallAppContext | None, Field(alias='appContext')]
    mcp_app_resource_uri: Annotated[str | MISSING, Field(alias='mcpAppResourceUri')] = (
        MISSING
    )
    mcp_app_ui: Annotated[McpAppUi | None, Field(alias='mcpAppUi')]
    plugin_id: Annotated[str | None, Field(alias='pluginId')]
    read_only_hint: Annotated[StrictBool | None, Field(alias='readOnlyHint')]
    result: McpToolCallResult | None
    error: McpToolCallError | None
    duration_ms: Annotated[StrictInt | None, Field(alias='durationMs')]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemDynamicToolCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['dynamicToolCall'], Field(title='DynamicToolCallThreadItemType')
    ] = 'dynamicToolCall'
    id: str
    namespace: str | None
    tool: str
    arguments: Any
    status: DynamicToolCallStatus
    content_items: Annotated[
        list[DynamicToolCallOutputContentItem] | None, Field(alias='contentItems')
    ]
    success: StrictBool | None
    duration_ms: Annotated[StrictInt | None, Field(alias='durationMs')]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemSubAgentActivity(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['subAgentActivity'], Field(title='SubAgentActivityThreadItemType')
    ] = 'subAgentActivity'
    model: str | None
    reasoning_effort: Annotated[ReasoningEffort | None, Field(alias='reasoningEffort')]
    id: str
    kind: SubAgentActivityKind
    agent_thread_id: Annotated[str, Field(alias='agentThreadId')]
    agent_path: Annotated[str, Field(alias='agentPath')]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemImageView(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['imageView'], Field(title='ImageViewThreadItemType')] = (
        'imageView'
    )
    id: str
    path: LegacyAppPathString
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemSleep(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['sleep'], Field(title='SleepThreadItemType')] = 'sleep'
    id: str
    duration_ms: Annotated[
        StrictInt, Field(alias='durationMs', ge=0, le=18446744073709551615)
    ]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemImageGeneration(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['imageGeneration'], Field(title='ImageGenerationThreadItemType')
    ] = 'imageGeneration'
    id: str
    status: str
    revised_prompt: Annotated[str | None, Field(alias='revisedPrompt')]
    transparent_background: Annotated[
        StrictBool | MISSING, Field(alias='transparentBackground')
    ] = MISSING
    failure: ImageGenerationFailure | None = None
    saved_path: Annotated[AbsolutePathBuf | MISSING, Field(alias='savedPath')] = MISSING
    input_images: Annotated[
        list[ImageGenerationInputImage] | MISSING, Field(alias='inputImages')
    ] = MISSING
    generation_id: Annotated[str | None, Field(alias='generationId')] = None
    file_id: Annotated[str | MISSING, Field(alias='fileId')] = MISSING
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None
    result: str | MISSING = MISSING


class ThreadItemEnteredReviewMode(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['enteredReviewMode'], Field(title='EnteredReviewModeThreadItemType')
    ] = 'enteredReviewMode'
    id: str
    review: str
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemExitedReviewMode(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['exitedReviewMode'], Field(title='ExitedReviewModeThreadItemType')
    ] = 'exitedReviewMode'
    id: str
    review: str
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemContextCompaction(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['contextCompaction'], Field(title='ContextCompactionThreadItemType')
    ] = 'contextCompaction'
    id: str
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemOutputDeferral(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    command_execution: Annotated[
        StrictBool | MISSING, Field(alias='commandExecution')
    ] = MISSING
    mcp_tool_call: Annotated[StrictBool | MISSING, Field(alias='mcpToolCall')] = MISSING


class ThreadItemsListAnchorItem(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['item'], Field(title='ItemThreadItemsListAnchorType')] = (
        'item'
    )
    item_id: Annotated[str, Field(alias='itemId')]


ThreadItemsListAnchor = TypeAliasType(
    "ThreadItemsListAnchor",
    Annotated[
        ThreadItemsListAnchorItem,
        Field(
            description='An exclusive position at an item of the requested turn.',
            discriminator='type',
        ),
    ],
)


ThreadItemsListCursor = TypeAliasType(
    "ThreadItemsListCursor",
    Annotated[
        str | ThreadItemsListAnchor,
        Field(
            description='Where a page starts: an opaque cursor string or an item anchor.'
        ),
    ],
)


class ThreadItemsListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str | None | MISSING, Field(alias='turnId')] = MISSING
    cursor: ThreadItemsListCursor | None | MISSING = MISSING
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0)] = MISSING
    sort_direction: Annotated[
        SortDirection | None | MISSING, Field(alias='sortDirection')
    ] = MISSING
    defer_output: Annotated[
        ThreadItemOutputDeferral | None | MISSING, Field(alias='deferOutput')
    ] = MISSING


ThreadListCwdFilter = TypeAliasType("ThreadListCwdFilter", str | list[str])


class ThreadLoadedListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cursor: str | None | MISSING = MISSING
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0, le=4294967295)] = MISSING


class ThreadLoadedListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[str]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]


class ThreadMetadataGitInfoUpdateParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    sha: str | None | MISSING = MISSING
    branch: str | None | MISSING = MISSING
    origin_url: Annotated[str | None | MISSING, Field(alias='originUrl')] = MISSING


class ThreadMetadataUpdateParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    project_id: Annotated[str | None | MISSING, Field(alias='projectId')] = MISSING
    git_info: Annotated[
        ThreadMetadataGitInfoUpdateParams | None | MISSING, Field(alias='gitInfo')
    ] = MISSING
    daybreak_enabled: Annotated[
        StrictBool | None | MISSING, Field(alias='daybreakEnabled')
    ] = MISSING


class ThreadNameUpdatedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    thread_name: Annotated[str | MISSING, Field(alias='threadName')] = MISSING


class ThreadReadParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    include_turns: Annotated[StrictBool | MISSING, Field(alias='includeTurns')] = (
        MISSING
    )


class ThreadReadStateOperationRead(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['read'], Field(title='ReadThreadReadStateOperationType')
    ] = 'read'


class ThreadReadStateOperationUnread(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['unread'], Field(title='UnreadThreadReadStateOperationType')
    ] = 'unread'


ThreadReadStateOperation = TypeAliasType(
    "ThreadReadStateOperation",
    Annotated[
        ThreadReadStateOperationRead | ThreadReadStateOperationUnread,
        Field(
            description='What the reader did: caught up with everything, or wants the thread flagged again.',
            discriminator='type',
        ),
    ],
)


class ThreadReadStateUpdateParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    expected_revision: Annotated[str, Field(alias='expectedRevision')]
    operation: ThreadReadStateOperation


class ThreadSectionAppearance(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    icon: str | None
    color: str | None


class ThreadSetNameParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    name: str


class ThreadSetNameResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ThreadShellCommandParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    command: Annotated[
        str,
        Field(
            description="Shell command string evaluated by the thread's shell (pipes, redirects and quoting preserved). spindle runs it under the thread's sandbox policy."
        ),
    ]
    timeout_ms: Annotated[
        StrictInt | None | MISSING,
        Field(
            alias='timeoutMs',
            description='Maximum execution time in milliseconds; one hour when omitted or null. Zero times out at once.',
            ge=0,
        ),
    ] = MISSING


class ThreadShellCommandResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


class ThreadSortKey(StrEnum):
    created_at = 'created_at'
    updated_at = 'updated_at'
    recency_at = 'recency_at'
    section_position = 'section_position'


ThreadSource = TypeAliasType(
    "ThreadSource",
    Annotated[
        str,
        Field(
            description='A free-form label the client gives a thread when it starts or forks it.'
        ),
    ],
)


class ThreadSourceKind(StrEnum):
    cli = 'cli'
    vscode = 'vscode'
    exec = 'exec'
    app_server = 'appServer'
    sub_agent = 'subAgent'
    sub_agent_review = 'subAgentReview'
    sub_agent_compact = 'subAgentCompact'
    sub_agent_thread_spawn = 'subAgentThreadSpawn'
    sub_agent_other = 'subAgentOther'
    unknown = 'unknown'


class ThreadStartSource(StrEnum):
    startup = 'startup'
    clear = 'clear'


class ThreadStatusNotLoaded(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['notLoaded'], Field(title='NotLoadedThreadStatusType')] = (
        'notLoaded'
    )


class ThreadStatusIdle(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['idle'], Field(title='IdleThreadStatusType')] = 'idle'


class ThreadStatusSystemError(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['systemError'], Field(title='SystemErrorThreadStatusType')
    ] = 'systemError'


class ThreadStatusActive(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['active'], Field(title='ActiveThreadStatusType')] = 'active'
    active_flags: Annotated[list[ThreadActiveFlag], Field(alias='activeFlags')]


ThreadStatus = TypeAliasType(
    "ThreadStatus",
    Annotated[
        ThreadStatusNotLoaded | ThreadStatusIdle | ThreadStatusSystemError | ThreadStatusActive,
        Field(
            description='Whether the thread is loaded in this server process and, if so, whether a turn is running. Tagged by `type`.',
            discriminator='type',
        ),
    ],
)


class ThreadStatusChangedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    status: ThreadStatus


class ThreadUnarchiveParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadUnarchivedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadUnreadPositionThreadStart(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['threadStart'], Field(title='ThreadStartThreadUnreadPositionType')
    ] = 'threadStart'


class ThreadUnreadPositionTurn(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['turn'], Field(title='TurnThreadUnreadPositionType')] = (
        'turn'
    )
    turn_id: Annotated[str, Field(alias='turnId')]


ThreadUnreadPosition = TypeAliasType(
    "ThreadUnreadPosition",
    Annotated[
        ThreadUnreadPositionThreadStart | ThreadUnreadPositionTurn,
        Field(discriminator='type'),
    ],
)


class ThreadUnsubscribeParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]


class ThreadUnsubscribeStatus(StrEnum):
    not_loaded = 'notLoaded'
    not_subscribed = 'notSubscribed'
    unsubscribed = 'unsubscribed'


class TokenUsageBreakdown(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    total_tokens: Annotated[StrictInt, Field(alias='totalTokens')]
    input_tokens: Annotated[StrictInt, Field(alias='inputTokens')]
    cached_input_tokens: Annotated[StrictInt, Field(alias='cachedInputTokens')]
    cache_write_input_tokens: Annotated[
        StrictInt, Field(alias='cacheWriteInputTokens')
    ] = 0
    output_tokens: Annotated[StrictInt, Field(alias='outputTokens')]
    reasoning_output_tokens: Annotated[StrictInt, Field(alias='reasoningOutputTokens')]


class TurnEnvironmentParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    environment_id: Annotated[str, Field(alias='environmentId')]
    cwd: LegacyAppPathString
    runtime_workspace_roots: Annotated[
        list[LegacyAppPathString] | None | MISSING, Field(alias='runtimeWorkspaceRoots')
    ] = MISSING


class TurnInterruptParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]


class TurnInterruptResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )


TurnItemsView = TypeAliasType(
    "TurnItemsView",
    Annotated[
        Literal['notLoaded'] | Literal['summary'] | Literal['full'],
        Field(description="How much of each turn's items a response includes."),
    ],
)


class TurnStatus(StrEnum):
    completed = 'completed'
    interrupted = 'interrupted'
    failed = 'failed'
    in_progress = 'inProgress'


class TurnSteerResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    turn_id: Annotated[str, Field(alias='turnId')]


class UserInputText(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['text'], Field(title='TextUserInputType')] = 'text'
    text: str
    text_elements: Annotated[list[TextElement], Field(validate_default=True)] = []


class UserInputImage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['image'], Field(title='ImageUserInputType')] = 'image'
    detail: ImageDetail | MISSING = MISSING
    url: str | MISSING = MISSING
    file_id: Annotated[str | MISSING, Field(alias='fileId')] = MISSING


class UserInputLocalImage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['localImage'], Field(title='LocalImageUserInputType')] = (
        'localImage'
    )
    detail: ImageDetail | MISSING = MISSING
    path: str


class UserInputAudio(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['audio'], Field(title='AudioUserInputType')] = 'audio'
    url: str | MISSING = MISSING
    file_id: Annotated[str | MISSING, Field(alias='fileId')] = MISSING


class UserInputLocalAudio(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['localAudio'], Field(title='LocalAudioUserInputType')] = (
        'localAudio'
    )
    path: str


class UserInputSkill(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['skill'], Field(title='SkillUserInputType')] = 'skill'
    name: str
    path: str


class UserInputMention(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['mention'], Field(title='MentionUserInputType')] = 'mention'
    name: str
    path: str


UserInput = TypeAliasType(
    "UserInput",
    Annotated[
        UserInputText | UserInputImage | UserInputLocalImage | UserInputAudio | UserInputLocalAudio | UserInputSkill | UserInputMention,
        Field(
            description='One piece of what the user sent in a turn, told apart by `type`. An `image` or `audio` input carries either `url` or `fileId`.',
            discriminator='type',
        ),
    ],
)


class Verbosity(StrEnum):
    low = 'low'
    medium = 'medium'
    high = 'high'


class WarningNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str | None, Field(alias='threadId')]
    message: str


class WebSearchActionSearch(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['search'], Field(title='SearchWebSearchActionType')] = (
        'search'
    )
    query: str | None
    queries: list[str] | None


class WebSearchActionOpenPage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['openPage'], Field(title='OpenPageWebSearchActionType')] = (
        'openPage'
    )
    url: str | None


class WebSearchActionFindInPage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['findInPage'], Field(title='FindInPageWebSearchActionType')
    ] = 'findInPage'
    url: str | None
    pattern: str | None


class WebSearchActionOther(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['other'], Field(title='OtherWebSearchActionType')] = 'other'


WebSearchAction = TypeAliasType(
    "WebSearchAction",
    Annotated[
        WebSearchActionSearch | WebSearchActionOpenPage | WebSearchActionFindInPage | WebSearchActionOther,
        Field(discriminator='type'),
    ],
)


class WebSearchContextSize(StrEnum):
    low = 'low'
    medium = 'medium'
    high = 'high'


class WebSearchLocation(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    country: str | None
    region: str | None
    city: str | None
    timezone: str | None


class WebSearchMode(StrEnum):
    disabled = 'disabled'
    cached = 'cached'
    indexed = 'indexed'
    live = 'live'


class WebSearchProvider(StrEnum):
    standalone = 'standalone'
    search_mcp = 'search_mcp'


class WebSearchToolConfig(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    context_size: WebSearchContextSize | None
    allowed_domains: list[str] | None
    location: WebSearchLocation | None


class WindowsSandboxImplementation(StrEnum):
    elevated = 'elevated'
    unelevated = 'unelevated'
    mxc = 'mxc'


class WorkspaceRouting(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    chatgpt_account_id: Annotated[str, Field(alias='chatgptAccountId')]
    backend_origin: Annotated[str, Field(alias='backendOrigin')]
    account_routing_override: Annotated[
        AccountRoutingOverride, Field(alias='accountRoutingOverride')
    ]


class WriteStatus(StrEnum):
    ok = 'ok'
    ok_overridden = 'okOverridden'


class AccountChatgpt(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['chatgpt'], Field(title='ChatgptAccountType')] = 'chatgpt'
    email: str | None
    plan_type: Annotated[PlanType, Field(alias='planType')]
    workspace_name: Annotated[str | None, Field(alias='workspaceName')]


Account = TypeAliasType(
    "Account",
    Annotated[
        AccountApiKey | AccountChatgpt | AccountAmazonBedrock | AccountGcp,
        Field(discriminator='type'),
    ],
)


class AdditionalContextEntry(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    value: str
    kind: AdditionalContextKind
    name: str | None | MISSING = MISSING


class ApplicationNetworkRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    enabled: StrictBool
    domains: dict[str, NetworkDomainPermission]


class ApplicationStorageRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    default_project_parent: Annotated[
        LegacyAppPathString | None, Field(alias='defaultProjectParent')
    ]
    projectless_workspace_root: Annotated[
        LegacyAppPathString | None, Field(alias='projectlessWorkspaceRoot')
    ]


class AppsConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    field_default: Annotated[AppsDefaultConfig | None, Field(alias='_default')] = None


class BrowserUseConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    allow_history_access: StrictBool | None
    default_origin_policy: BrowserUseOriginPolicyConfig | None
    origins: dict[str, Any] | None


class BrowserUseExtensionRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    request_headers: Annotated[
        list[RequestHeader] | None, Field(alias='requestHeaders')
    ]


class BrowserUseRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    extension: BrowserUseExtensionRequirements | None
    allow_webmcp: Annotated[StrictBool | None, Field(alias='allowWebmcp')]
    allow_history_access: Annotated[
        StrictBool | None, Field(alias='allowHistoryAccess')
    ]
    disable_auto_review: Annotated[StrictBool | None, Field(alias='disableAutoReview')]
    allow_global_persistent_approval: Annotated[
        StrictBool | None, Field(alias='allowGlobalPersistentApproval')
    ]
    default_origin_policy: Annotated[
        BrowserUseOriginPolicy | None, Field(alias='defaultOriginPolicy')
    ]
    origins: dict[str, Any] | None


class ActiveTurnNotSteerable(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    turn_kind: Annotated[NonSteerableTurnKind, Field(alias='turnKind')]


class CodexErrorInfoActiveTurnNotSteerable(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    active_turn_not_steerable: Annotated[
        ActiveTurnNotSteerable, Field(alias='activeTurnNotSteerable')
    ]


CodexErrorInfo = TypeAliasType("CodexErrorInfo", CodexErrorInfo1 | Literal['inferenceHookDenied'] | CodexErrorInfoHttpConnectionFailed | CodexErrorInfoResponseStreamConnectionFailed | CodexErrorInfoResponseStreamDisconnected | CodexErrorInfoResponseTooManyFailedAttempts | CodexErrorInfoActiveTurnNotSteerable | str | dict[str, Any])


class CollabAgentState(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    status: CollabAgentStatus
    message: str | None


class CollaborationMode(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    mode: ModeKind
    settings: Settings


class CollaborationModeMask(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: str
    mode: ModeKind | None
    model: str | None
    reasoning_effort: ReasoningEffort | None


class CommandActionRead(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['read'], Field(title='ReadCommandActionType')] = 'read'
    command: str
    name: str
    path: LegacyAppPathString


CommandAction = TypeAliasType(
    "CommandAction",
    Annotated[
        CommandActionRead | CommandActionListFiles | CommandActionSearch | CommandActionUnknown,
        Field(discriminator='type'),
    ],
)


class CommandExecOutputDeltaNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    process_id: Annotated[str, Field(alias='processId')]
    stream: CommandExecOutputStream
    delta_base64: Annotated[str, Field(alias='deltaBase64')]
    cap_reached: Annotated[StrictBool, Field(alias='capReached')]


class CommandExecParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    command: list[str]
    process_id: Annotated[str | None | MISSING, Field(alias='processId')] = MISSING
    tty: StrictBool | MISSING = MISSING
    stream_stdin: Annotated[StrictBool | MISSING, Field(alias='streamStdin')] = MISSING
    stream_stdout_stderr: Annotated[
        StrictBool | MISSING, Field(alias='streamStdoutStderr')
    ] = MISSING
    output_bytes_cap: Annotated[
        StrictInt | None | MISSING,
        Field(alias='outputBytesCap', ge=0, le=18446744073709551615),
    ] = MISSING
    disable_output_cap: Annotated[
        StrictBool | MISSING, Field(alias='disableOutputCap')
    ] = MISSING
    disable_timeout: Annotated[StrictBool | MISSING, Field(alias='disableTimeout')] = (
        MISSING
    )
    timeout_ms: Annotated[StrictInt | None | MISSING, Field(alias='timeoutMs')] = (
        MISSING
    )
    cwd: str | None | MISSING = MISSING
    env: dict[str, Any] | None | MISSING = MISSING
    size: CommandExecTerminalSize | None | MISSING = MISSING
    sandbox_policy: Annotated[
        SandboxPolicy | None | MISSING, Field(alias='sandboxPolicy')
    ] = MISSING
    permission_profile: Annotated[
        str | None | MISSING, Field(alias='permissionProfile')
    ] = MISSING


class CommandExecResizeParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    process_id: Annotated[str, Field(alias='processId')]
    size: CommandExecTerminalSize


class ComputerUseRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    allow_locked_computer_use: Annotated[
        StrictBool | None, Field(alias='allowLockedComputerUse')
    ]
    allow_persistent_approval: Annotated[
        StrictBool | None, Field(alias='allowPersistentApproval')
    ]
    default_app_access: Annotated[
        AllowDenyRequirement | None, Field(alias='defaultAppAccess')
    ]
    macos: ComputerUseMacosRequirements | None
    windows: ComputerUseWindowsRequirements | None


class ComputerUseWindowsConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    aumids: dict[str, Any] | None
    exes: list[ComputerUseWindowsExeConfig] | None


class ConfigEdit(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    key_path: Annotated[str, Field(alias='keyPath')]
    value: Any
    merge_strategy: Annotated[MergeStrategy, Field(alias='mergeStrategy')]


class ConfigLayer(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: ConfigLayerSource
    version: str
    config: Any
    disabled_reason: Annotated[
        str | MISSING,
        Field(
            alias='disabledReason',
            description='Why the layer is not applied; absent when it is.',
        ),
    ] = MISSING


class ConfigLayerMetadata(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: ConfigLayerSource
    version: str


class ConfigValueWriteParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    key_path: Annotated[str, Field(alias='keyPath')]
    value: Any
    merge_strategy: Annotated[MergeStrategy, Field(alias='mergeStrategy')]
    file_path: Annotated[str | None | MISSING, Field(alias='filePath')] = MISSING
    expected_version: Annotated[
        str | None | MISSING, Field(alias='expectedVersion')
    ] = MISSING


class ConfigWarningNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    summary: str
    details: str | None
    path: str | MISSING = MISSING
    range: TextRange | MISSING = MISSING


class ConfigurationReasoning(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    effort: ReasoningEffort


class ContentItemInputImage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['input_image'], Field(title='InputImageContentItemType')
    ] = 'input_image'
    detail: ImageDetail | None | MISSING = MISSING
    image_url: str | MISSING = MISSING
    file_id: str | MISSING = MISSING


ContentItem = TypeAliasType(
    "ContentItem",
    Annotated[
        ContentItemInputText | ContentItemInputImage | ContentItemInputAudio | ContentItemOutputText,
        Field(discriminator='type'),
    ],
)


class ExperimentalFeature(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: str
    stage: ExperimentalFeatureStage
    display_name: Annotated[str | None, Field(alias='displayName')]
    description: str | None
    announcement: str | None
    enabled: StrictBool
    default_enabled: Annotated[StrictBool, Field(alias='defaultEnabled')]


class ExperimentalFeatureListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[ExperimentalFeature]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]


class FeedbackSaveParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    save_path: Annotated[LegacyAppPathString, Field(alias='savePath')]
    classification: str
    reason: str | None | MISSING = MISSING
    thread_id: Annotated[str | None | MISSING, Field(alias='threadId')] = MISSING
    include_logs: Annotated[StrictBool | MISSING, Field(alias='includeLogs')] = MISSING
    extra_log_files: Annotated[
        list[str] | None | MISSING, Field(alias='extraLogFiles')
    ] = MISSING
    tags: dict[str, Any] | None | MISSING = MISSING


class FeedbackSaveResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    saved_path: Annotated[LegacyAppPathString, Field(alias='savedPath')]
    thread_id: Annotated[str, Field(alias='threadId')]
    prompt_hash: Annotated[str | None, Field(alias='promptHash')]


class FileUpdateChange(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    path: str
    kind: PatchChangeKind
    diff: str


class FunctionCallOutputContentItemInputImage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['input_image'],
        Field(title='InputImageFunctionCallOutputContentItemType'),
    ] = 'input_image'
    detail: ImageDetail | MISSING = MISSING
    image_url: str | MISSING = MISSING
    file_id: str | MISSING = MISSING


FunctionCallOutputContentItem = TypeAliasType(
    "FunctionCallOutputContentItem",
    Annotated[
        FunctionCallOutputContentItemInputText | FunctionCallOutputContentItemInputImage | FunctionCallOutputContentItemInputAudio | FunctionCallOutputContentItemEncryptedContent,
        Field(discriminator='type'),
    ],
)


class FuzzyFileSearchResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    files: list[FuzzyFileSearchResult]


class GetAccountResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    account: Account | None
    user_id: Annotated[str | None, Field(alias='userId')] = None
    requires_openai_auth: Annotated[StrictBool, Field(alias='requiresOpenaiAuth')]
    workspace_routing: Annotated[
        WorkspaceRouting | None, Field(alias='workspaceRouting')
    ]


class HookMetadataCommand(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    key: str
    event_name: Annotated[HookEventName, Field(alias='eventName')]
    matcher: str | None
    timeout_sec: Annotated[StrictInt, Field(alias='timeoutSec', ge=0)]
    status_message: Annotated[str | None, Field(alias='statusMessage')]
    additional_context_limit: Annotated[
        StrictInt | None, Field(alias='additionalContextLimit', ge=0)
    ]
    source_path: Annotated[AbsolutePathBuf, Field(alias='sourcePath')]
    source: HookSource
    plugin_id: Annotated[str | None, Field(alias='pluginId')]
    environment_id: Annotated[str | None, Field(alias='environmentId')]
    display_order: Annotated[StrictInt, Field(alias='displayOrder')]
    enabled: StrictBool
    is_managed: Annotated[StrictBool, Field(alias='isManaged')]
    current_hash: Annotated[str, Field(alias='currentHash')]
    trust_status: Annotated[HookTrustStatus, Field(alias='trustStatus')]
    handler_type: Annotated[
        Literal['command'],
        Field(alias='handlerType', title='CommandHookMetadataHandlerType'),
    ] = 'command'
    command: str
    async_: Annotated[StrictBool, Field(alias='async')]


class HookMetadataMcpTool(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    key: str
    event_name: Annotated[HookEventName, Field(alias='eventName')]
    matcher: str | None
    timeout_sec: Annotated[StrictInt, Field(alias='timeoutSec', ge=0)]
    status_message: Annotated[str | None, Field(alias='statusMessage')]
    additional_context_limit: Annotated[
        StrictInt | None, Field(alias='additionalContextLimit', ge=0)
    ]
    source_path: Annotated[AbsolutePathBuf, Field(alias='sourcePath')]
    source: HookSource
    plugin_id: Annotated[str | None, Field(alias='pluginId')]
    environment_id: Annotated[str | None, Field(alias='environmentId')]
    display_order: Annotated[StrictInt, Field(alias='displayOrder')]
    enabled: StrictBool
    is_managed: Annotated[StrictBool, Field(alias='isManaged')]
    current_hash: Annotated[str, Field(alias='currentHash')]
    trust_status: Annotated[HookTrustStatus, Field(alias='trustStatus')]
    handler_type: Annotated[
        Literal['mcpTool'],
        Field(alias='handlerType', title='McpToolHookMetadataHandlerType'),
    ] = 'mcpTool'
    server: str
    tool: str


class HookMetadataPrompt(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    key: str
    event_name: Annotated[HookEventName, Field(alias='eventName')]
    matcher: str | None
    timeout_sec: Annotated[StrictInt, Field(alias='timeoutSec', ge=0)]
    status_message: Annotated[str | None, Field(alias='statusMessage')]
    additional_context_limit: Annotated[
        StrictInt | None, Field(alias='additionalContextLimit', ge=0)
    ]
    source_path: Annotated[AbsolutePathBuf, Field(alias='sourcePath')]
    source: HookSource
    plugin_id: Annotated[str | None, Field(alias='pluginId')]
    environment_id: Annotated[str | None, Field(alias='environmentId')]
    display_order: Annotated[StrictInt, Field(alias='displayOrder')]
    enabled: StrictBool
    is_managed: Annotated[StrictBool, Field(alias='isManaged')]
    current_hash: Annotated[str, Field(alias='currentHash')]
    trust_status: Annotated[HookTrustStatus, Field(alias='trustStatus')]
    handler_type: Annotated[
        Literal['prompt'],
        Field(alias='handlerType', title='PromptHookMetadataHandlerType'),
    ] = 'prompt'


class HookMetadataAgent(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    key: str
    event_name: Annotated[HookEventName, Field(alias='eventName')]
    matcher: str | None
    timeout_sec: Annotated[StrictInt, Field(alias='timeoutSec', ge=0)]
    status_message: Annotated[str | None, Field(alias='statusMessage')]
    additional_context_limit: Annotated[
        StrictInt | None, Field(alias='additionalContextLimit', ge=0)
    ]
    source_path: Annotated[AbsolutePathBuf, Field(alias='sourcePath')]
    source: HookSource
    plugin_id: Annotated[str | None, Field(alias='pluginId')]
    environment_id: Annotated[str | None, Field(alias='environmentId')]
    display_order: Annotated[StrictInt, Field(alias='displayOrder')]
    enabled: StrictBool
    is_managed: Annotated[StrictBool, Field(alias='isManaged')]
    current_hash: Annotated[str, Field(alias='currentHash')]
    trust_status: Annotated[HookTrustStatus, Field(alias='trustStatus')]
    handler_type: Annotated[
        Literal['agent'],
        Field(alias='handlerType', title='AgentHookMetadataHandlerType'),
    ] = 'agent'


HookMetadata = TypeAliasType(
    "HookMetadata",
    Annotated[
        HookMetadataCommand | HookMetadataMcpTool | HookMetadataPrompt | HookMetadataAgent,
        Field(
            description='One configured hook, told apart by `handlerType`.',
            discriminator='handler_type',
        ),
    ],
)


class HooksListEntry(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cwd: str
    hooks: list[HookMetadata]
    warnings: list[str]
    errors: list[HookErrorInfo]


class HooksListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[HooksListEntry]


class MemoryCitation(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    entries: list[MemoryCitationEntry]
    thread_ids: Annotated[list[str], Field(alias='threadIds')]


class MisalignmentErrorDetails(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    error_type: Annotated[str | None, Field(alias='errorType')]
    detailed_explanation: Annotated[str | None, Field(alias='detailedExplanation')]
    steer: MisalignmentSteer | None
    review_target: Annotated[str | None, Field(alias='reviewTarget')]


class Model(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    model: str
    upgrade: str | None
    upgrade_info: Annotated[ModelUpgradeInfo | None, Field(alias='upgradeInfo')]
    availability_nux: Annotated[
        ModelAvailabilityNux | None, Field(alias='availabilityNux')
    ]
    display_name: Annotated[str, Field(alias='displayName')]
    description: str
    model_specialty: Annotated[str | None, Field(alias='modelSpecialty')] = None
    hidden: StrictBool
    supported_reasoning_efforts: Annotated[
        list[ReasoningEffortOption], Field(alias='supportedReasoningEfforts')
    ]
    default_reasoning_effort: Annotated[
        ReasoningEffort, Field(alias='defaultReasoningEffort')
    ]
    input_modalities: Annotated[
        list[InputModality], Field(alias='inputModalities')
    ] = ['text', 'image']
    supports_personality: Annotated[StrictBool, Field(alias='supportsPersonality')] = (
        False
    )
    multi_agent_version: Annotated[
        MultiAgentVersion | None, Field(alias='multiAgentVersion')
    ]
    additional_speed_tiers: Annotated[
        list[str], Field(alias='additionalSpeedTiers')
    ] = []
    service_tiers: Annotated[
        list[ModelServiceTier], Field(alias='serviceTiers', validate_default=True)
    ] = []
    default_service_tier: Annotated[str | None, Field(alias='defaultServiceTier')] = (
        None
    )
    available_access_programs: Annotated[
        ModelAccessPrograms | None, Field(alias='availableAccessPrograms')
    ] = None
    is_default: Annotated[StrictBool, Field(alias='isDefault')]


class ModelListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[Model]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]


class ModelProviderConfigWriteParams(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    settings: ProviderSettingsPatch


class ModelProviderSummary(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    name: str
    can_edit: Annotated[StrictBool, Field(alias='canEdit')]
    base_url: Annotated[str | None, Field(alias='baseUrl')]
    settings: ProviderSettings


class NewThreadModelDefaults(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    model: str | None
    model_reasoning_effort: Annotated[
        ReasoningEffort | None, Field(alias='modelReasoningEffort')
    ]
    service_tier: Annotated[str | None, Field(alias='serviceTier')]


class OtlpHttp(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    endpoint: str
    headers: dict[str, str]
    protocol: OtelHttpProtocol
    tls: OtelTlsConfig | None | MISSING = MISSING


class OtelExporterOtlpHttp(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    otlp_http: Annotated[OtlpHttp, Field(alias='otlp-http')]


class OtlpGrpc(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    endpoint: str
    headers: dict[str, str]
    tls: OtelTlsConfig | None | MISSING = MISSING


class OtelExporterOtlpGrpc(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    otlp_grpc: Annotated[OtlpGrpc, Field(alias='otlp-grpc')]


OtelExporter = TypeAliasType("OtelExporter", OtelExporter1 | OtelExporterOtlpHttp | OtelExporterOtlpGrpc)


class OtelRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    tool_result: OtelToolResultLogConfig | None
    log_sse_deltas: StrictBool | None
    log_user_prompt: StrictBool | None
    log_agent_responses: StrictBool | None
    log_guardian_assessments: StrictBool | None
    environment: str | None
    exporter: OtelExporter | None
    trace_exporter: OtelExporter | None
    metrics_exporter: OtelExporter | None
    span_attributes: dict[str, Any] | None
    tracestate: dict[str, Any] | None


class OverriddenMetadata(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    message: str
    overriding_layer: Annotated[ConfigLayerMetadata, Field(alias='overridingLayer')]
    effective_value: Annotated[Any, Field(alias='effectiveValue')]


class PermissionProfileListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[PermissionProfileSummary]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]


class RateLimitSnapshot(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    limit_id: Annotated[str | None, Field(alias='limitId')]
    limit_name: Annotated[str | None, Field(alias='limitName')]
    normal_model_slug: Annotated[str | None, Field(alias='normalModelSlug')]
    primary: RateLimitWindow | None
    secondary: RateLimitWindow | None
    credits: CreditsSnapshot | None
    individual_limit: Annotated[
        SpendControlLimitSnapshot | None, Field(alias='individualLimit')
    ]
    spend_control_reached: Annotated[
        StrictBool | None, Field(alias='spendControlReached')
    ]
    plan_type: Annotated[PlanType | None, Field(alias='planType')]
    rate_limit_reached_type: Annotated[
        RateLimitReachedType | None, Field(alias='rateLimitReachedType')
    ]


class ResponseItemMessage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['message'], Field(title='MessageResponseItemType')] = (
        'message'
    )
    encrypted_content: str | None | MISSING = MISSING
    status: str | None | MISSING = MISSING
    id: str | None | MISSING = MISSING
    role: str
    content: list[ContentItem]
    phase: MessagePhase | None | MISSING = MISSING
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemWebSearchCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['web_search_call'], Field(title='WebSearchCallResponseItemType')
    ] = 'web_search_call'
    encrypted_content: str | None | MISSING = MISSING
    id: str | None | MISSING = MISSING
    status: str | None | MISSING = MISSING
    action: ResponsesApiWebSearchAction | None | MISSING = MISSING
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemConfigurationUpdate(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['configuration_update'],
        Field(title='ConfigurationUpdateResponseItemType'),
    ] = 'configuration_update'
    reasoning: ConfigurationReasoning


class ReviewStartParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    target: ReviewTarget
    delivery: Annotated[
        ReviewDelivery | None,
        Field(
            description='Only `inline` (the default): the review runs on the given thread.'
        ),
    ] = None


class SkillDependencies(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    tools: list[SkillToolDependency]


class SkillMetadata(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: str
    description: str
    short_description: Annotated[str | MISSING, Field(alias='shortDescription')] = (
        MISSING
    )
    interface: SkillInterface | MISSING = MISSING
    dependencies: SkillDependencies | MISSING = MISSING
    path: LegacyAppPathString
    scope: SkillScope
    enabled: StrictBool
    plugin_id: Annotated[str | None, Field(alias='pluginId')]


class SkillsListEntry(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    cwd: str
    skills: list[SkillMetadata]
    errors: list[SkillErrorInfo]


class SkillsListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[SkillsListEntry]


class ThreadSpawn(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    agent_nickname: str | None = None
    agent_path: AgentPath | None = None
    agent_role: str | None = None
    depth: StrictInt
    parent_thread_id: ThreadId


class SubAgentSourceThreadSpawn(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    thread_spawn: ThreadSpawn


SubAgentSource = TypeAliasType("SubAgentSource", SubAgentSource1 | SubAgentSourceThreadSpawn | SubAgentSourceOther)


class ThreadForkParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    experimental_prediction_mode: Annotated[
        StrictBool | MISSING, Field(alias='experimentalPredictionMode')
    ] = MISSING
    experimental_disable_prediction_mcp: Annotated[
        StrictBool | MISSING, Field(alias='experimentalDisablePredictionMcp')
    ] = MISSING
    last_turn_id: Annotated[str | None | MISSING, Field(alias='lastTurnId')] = MISSING
    before_turn_id: Annotated[str | None | MISSING, Field(alias='beforeTurnId')] = (
        MISSING
    )
    path: str | None = None
    model: str | None | MISSING = MISSING
    model_provider: Annotated[str | None | MISSING, Field(alias='modelProvider')] = (
        MISSING
    )
    service_tier: Annotated[str | None | MISSING, Field(alias='serviceTier')] = MISSING
    cwd: str | None | MISSING = MISSING
    runtime_workspace_roots: Annotated[
        list[AbsolutePathBuf] | None | MISSING, Field(alias='runtimeWorkspaceRoots')
    ] = MISSING
    approval_policy: Annotated[
        AskForApproval | None | MISSING, Field(alias='approvalPolicy')
    ] = MISSING
    approvals_reviewer: Annotated[
        ApprovalsReviewer | None | MISSING, Field(alias='approvalsReviewer')
    ] = MISSING
    sandbox: SandboxMode | None | MISSING = MISSING
    permissions: str | None | MISSING = MISSING
    config: dict[str, Any] | None | MISSING = MISSING
    base_instructions: Annotated[
        str | None | MISSING, Field(alias='baseInstructions')
    ] = MISSING
    developer_instructions: Annotated[
        str | None | MISSING, Field(alias='developerInstructions')
    ] = MISSING
    ephemeral: StrictBool | MISSING = MISSING
    attach_to_source: Annotated[StrictBool | MISSING, Field(alias='attachToSource')] = (
        MISSING
    )
    thread_source: Annotated[
        ThreadSource | None | MISSING, Field(alias='threadSource')
    ] = MISSING
    exclude_turns: Annotated[StrictBool | MISSING, Field(alias='excludeTurns')] = (
        MISSING
    )
    defer_goal_continuation: Annotated[
        StrictBool | MISSING, Field(alias='deferGoalContinuation')
    ] = MISSING


class ThreadGoal(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    objective: str
    status: ThreadGoalStatus
    token_budget: Annotated[StrictInt | None, Field(alias='tokenBudget')]
    tokens_used: Annotated[StrictInt, Field(alias='tokensUsed')]
    time_used_seconds: Annotated[StrictInt, Field(alias='timeUsedSeconds')]
    created_at: Annotated[StrictInt, Field(alias='createdAt')]
    updated_at: Annotated[StrictInt, Field(alias='updatedAt')]


class ThreadGoalClearParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    origin: ThreadGoalMutationOrigin | None | MISSING = MISSING


class ThreadGoalGetResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    goal: ThreadGoal | None


class ThreadGoalSetParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    origin: ThreadGoalMutationOrigin | None | MISSING = MISSING
    objective: str | None | MISSING = MISSING
    status: ThreadGoalStatus | None | MISSING = MISSING
    token_budget: Annotated[StrictInt | None | MISSING, Field(alias='tokenBudget')] = (
        MISSING
    )


class ThreadGoalSetResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    goal: ThreadGoal


class ThreadGoalUpdatedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str | None, Field(alias='turnId')]
    goal: ThreadGoal


class ThreadItemUserMessage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['userMessage'], Field(title='UserMessageThreadItemType')
    ] = 'userMessage'
    id: str
    client_id: Annotated[str | None, Field(alias='clientId')]
    content: list[UserInput]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemAgentMessage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['agentMessage'], Field(title='AgentMessageThreadItemType')
    ] = 'agentMessage'
    moderation: AgentMessageModeration | None = None
    id: str
    text: str
    phase: MessagePhase | None = None
    memory_citation: Annotated[MemoryCitation | None, Field(alias='memoryCitation')] = (
        None
    )
    delivery: AgentMessageDelivery | None = None
    questions: list[AsyncUserInputQuestion] | None = None
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemCommandExecution(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['commandExecution'], Field(title='CommandExecutionThreadItemType')
    ] = 'commandExecution'
    id: str
    plugin_id: Annotated[str | None, Field(alias='pluginId')] = None
    script_path: Annotated[str | None, Field(alias='scriptPath')] = None
    command: str
    cwd: LegacyAppPathString
    process_id: Annotated[str | None, Field(alias='processId')]
    source: CommandExecutionSource = CommandExecutionSource.agent
    status: CommandExecutionStatus
    command_actions: Annotated[list[CommandAction], Field(alias='commandActions')]
    aggregated_output: Annotated[str | None, Field(alias='aggregatedOutput')]
    exit_code: Annotated[StrictInt | None, Field(alias='exitCode')]
    duration_ms: Annotated[StrictInt | None, Field(alias='durationMs')]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemFileChange(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['fileChange'], Field(title='FileChangeThreadItemType')] = (
        'fileChange'
    )
    id: str
    changes: list[FileUpdateChange]
    status: PatchApplyStatus
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemCollabAgentToolCall(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['collabAgentToolCall'], Field(title='CollabAgentToolCallThreadItemType')
    ] = 'collabAgentToolCall'
    id: str
    tool: CollabAgentTool
    status: CollabAgentToolCallStatus
    sender_thread_id: Annotated[str, Field(alias='senderThreadId')]
    receiver_thread_ids: Annotated[list[str], Field(alias='receiverThreadIds')]
    prompt: str | None
    model: str | None
    reasoning_effort: Annotated[ReasoningEffort | None, Field(alias='reasoningEffort')]
    agents_states: Annotated[dict[str, CollabAgentState], Field(alias='agentsStates')]
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadItemWebSearch(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[Literal['webSearch'], Field(title='WebSearchThreadItemType')] = (
        'webSearch'
    )
    id: str
    query: str
    action: WebSearchAction | None
    results: list[Any] | None = None
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


class ThreadListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    include_attached_threads: Annotated[
        StrictBool | MISSING, Field(alias='includeAttachedThreads')
    ] = MISSING
    current_account_only: Annotated[
        StrictBool | MISSING, Field(alias='currentAccountOnly')
    ] = MISSING
    cursor: str | None | MISSING = MISSING
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0, le=4294967295)] = MISSING
    excluded_thread_ids: Annotated[
        list[str] | None | MISSING, Field(alias='excludedThreadIds')
    ] = MISSING
    sort_key: Annotated[ThreadSortKey | None | MISSING, Field(alias='sortKey')] = (
        MISSING
    )
    sort_direction: Annotated[
        SortDirection | None | MISSING, Field(alias='sortDirection')
    ] = MISSING
    model_providers: Annotated[
        list[str] | None | MISSING, Field(alias='modelProviders')
    ] = MISSING
    source_kinds: Annotated[
        list[ThreadSourceKind] | None | MISSING, Field(alias='sourceKinds')
    ] = MISSING
    originators: list[str] | None | MISSING = MISSING
    archived: StrictBool | None | MISSING = MISSING
    section_id: Annotated[str | None | MISSING, Field(alias='sectionId')] = MISSING
    project_id: Annotated[str | None | MISSING, Field(alias='projectId')] = MISSING
    cwd: ThreadListCwdFilter | None | MISSING = MISSING
    use_state_db_only: Annotated[
        StrictBool | MISSING, Field(alias='useStateDbOnly')
    ] = MISSING
    search_term: Annotated[str | None | MISSING, Field(alias='searchTerm')] = MISSING
    parent_thread_id: Annotated[str | None | MISSING, Field(alias='parentThreadId')] = (
        MISSING
    )
    ancestor_thread_id: Annotated[
        str | None | MISSING, Field(alias='ancestorThreadId')
    ] = MISSING
    attached_to_thread_id: Annotated[
        str | None | MISSING, Field(alias='attachedToThreadId')
    ] = MISSING


class ThreadReadState(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    first_unread: Annotated[ThreadUnreadPosition | None, Field(alias='firstUnread')]
    revision: str


class ThreadReadStateChangedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    read_state: Annotated[ThreadReadState, Field(alias='readState')]


class ThreadReadStateUpdateResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    read_state: Annotated[ThreadReadState, Field(alias='readState')]


class ThreadResumeInitialTurnsPageParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0, le=4294967295)] = MISSING
    sort_direction: Annotated[
        SortDirection | None | MISSING, Field(alias='sortDirection')
    ] = MISSING
    items_view: Annotated[TurnItemsView | None | MISSING, Field(alias='itemsView')] = (
        MISSING
    )


class ThreadSection(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    name: str
    appearance: ThreadSectionAppearance | None = None


class ThreadSettings(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    disabled_plugin_ids: Annotated[list[str], Field(alias='disabledPluginIds')]
    cwd: AbsolutePathBuf
    environments: list[ThreadEnvironment] | None
    approval_policy: Annotated[AskForApproval, Field(alias='approvalPolicy')]
    approvals_reviewer: Annotated[ApprovalsReviewer, Field(alias='approvalsReviewer')]
    sandbox_policy: Annotated[SandboxPolicy, Field(alias='sandboxPolicy')]
    active_permission_profile: Annotated[
        ActivePermissionProfile | None, Field(alias='activePermissionProfile')
    ]
    model: str
    model_provider: Annotated[str, Field(alias='modelProvider')]
    service_tier: Annotated[str | None, Field(alias='serviceTier')]
    effort: ReasoningEffort | None
    summary: ReasoningSummary | None
    collaboration_mode: Annotated[CollaborationMode, Field(alias='collaborationMode')]
    multi_agent_mode: Annotated[MultiAgentMode, Field(alias='multiAgentMode')]
    personality: Personality | None


class ThreadSettingsUpdatedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    thread_settings: Annotated[ThreadSettings, Field(alias='threadSettings')]


class ThreadStartParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    model: str | None | MISSING = MISSING
    model_provider: Annotated[str | None | MISSING, Field(alias='modelProvider')] = (
        MISSING
    )
    allow_provider_model_fallback: Annotated[
        StrictBool | MISSING, Field(alias='allowProviderModelFallback')
    ] = MISSING
    service_tier: Annotated[str | None | MISSING, Field(alias='serviceTier')] = MISSING
    cwd: str | None | MISSING = MISSING
    runtime_workspace_roots: Annotated[
        list[AbsolutePathBuf] | None | MISSING, Field(alias='runtimeWorkspaceRoots')
    ] = MISSING
    approval_policy: Annotated[
        AskForApproval | None | MISSING, Field(alias='approvalPolicy')
    ] = MISSING
    approvals_reviewer: Annotated[
        ApprovalsReviewer | None | MISSING, Field(alias='approvalsReviewer')
    ] = MISSING
    sandbox: SandboxMode | None | MISSING = MISSING
    permissions: str | None | MISSING = MISSING
    config: dict[str, Any] | None | MISSING = MISSING
    service_name: Annotated[str | None | MISSING, Field(alias='serviceName')] = MISSING
    base_instructions: Annotated[
        str | None | MISSING, Field(alias='baseInstructions')
    ] = MISSING
    developer_instructions: Annotated[
        str | None | MISSING, Field(alias='developerInstructions')
    ] = MISSING
    personality: Personality | None | MISSING = MISSING
    multi_agent_mode: Annotated[
        MultiAgentMode | None | MISSING, Field(alias='multiAgentMode')
    ] = MISSING
    ephemeral: StrictBool | None | MISSING = MISSING
    history_mode: Annotated[
        ThreadHistoryMode | None | MISSING, Field(alias='historyMode')
    ] = MISSING
    session_start_source: Annotated[
        ThreadStartSource | None | MISSING, Field(alias='sessionStartSource')
    ] = MISSING
    thread_source: Annotated[
        ThreadSource | None | MISSING, Field(alias='threadSource')
    ] = MISSING
    project_id: Annotated[str | None | MISSING, Field(alias='projectId')] = MISSING
    daybreak_enabled: Annotated[
        StrictBool | None | MISSING, Field(alias='daybreakEnabled')
    ] = MISSING
    environments: list[TurnEnvironmentParams] | None | MISSING = MISSING
    dynamic_tools: Annotated[
        list[DynamicToolSpec] | None, Field(alias='dynamicTools')
    ] = None
    selected_capability_roots: Annotated[
        list[SelectedCapabilityRoot] | None | MISSING,
        Field(alias='selectedCapabilityRoots'),
    ] = MISSING
    mock_experimental_field: Annotated[
        str | None | MISSING, Field(alias='mockExperimentalField')
    ] = MISSING
    experimental_raw_events: Annotated[
        StrictBool | MISSING, Field(alias='experimentalRawEvents')
    ] = MISSING


class ThreadTokenUsage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    total: TokenUsageBreakdown
    last: TokenUsageBreakdown
    model_context_window: Annotated[StrictInt | None, Field(alias='modelContextWindow')]


class ThreadTokenUsageUpdatedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    token_usage: Annotated[ThreadTokenUsage, Field(alias='tokenUsage')]


class ThreadTurnsListParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    cursor: str | None | MISSING = MISSING
    limit: Annotated[StrictInt | None | MISSING, Field(ge=0, le=4294967295)] = MISSING
    sort_direction: Annotated[
        SortDirection | None | MISSING, Field(alias='sortDirection')
    ] = MISSING
    items_view: Annotated[TurnItemsView | None | MISSING, Field(alias='itemsView')] = (
        MISSING
    )


class ThreadUnsubscribeResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    status: ThreadUnsubscribeStatus


class ToolsV2(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    web_search: WebSearchToolConfig | None


class TurnError(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    message: str
    codex_error_info: Annotated[CodexErrorInfo | None, Field(alias='codexErrorInfo')]
    additional_details: Annotated[str | None, Field(alias='additionalDetails')] = None
    misalignment: MisalignmentErrorDetails | None = None


class TurnSteerParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    input: list[UserInput]
    expected_turn_id: Annotated[
        str,
        Field(
            alias='expectedTurnId',
            description='Required active turn id precondition. The request fails when it does not match the currently active turn.',
        ),
    ]
    client_user_message_id: Annotated[
        str | None | MISSING, Field(alias='clientUserMessageId')
    ] = MISSING
    responsesapi_client_metadata: Annotated[
        dict[str, Any] | None | MISSING, Field(alias='responsesapiClientMetadata')
    ] = MISSING
    responsesapi_client_metadata_patch: Annotated[
        dict[str, Any] | None | MISSING, Field(alias='responsesapiClientMetadataPatch')
    ] = MISSING
    additional_context: Annotated[
        dict[str, Any] | None | MISSING, Field(alias='additionalContext')
    ] = MISSING


class AccountRateLimitsUpdatedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    rate_limits: Annotated[RateLimitSnapshot, Field(alias='rateLimits')]


class ApplicationRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    network: ApplicationNetworkRequirements | None
    storage: ApplicationStorageRequirements | None


class CollaborationModeListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[CollaborationModeMask]


class ComputerUseConfig(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    default_app_access: AllowDenyRequirement | None
    macos: ComputerUseMacosConfig | None
    windows: ComputerUseWindowsConfig | None


class Config(WireModel):
    model_config = ConfigDict(
        extra='allow',
        validate_by_name=True,
    )
    model: str | None
    review_model: str | None
    model_context_window: StrictInt | None
    model_auto_compact_token_limit: StrictInt | None
    model_auto_compact_token_limit_scope: AutoCompactTokenLimitScope | None
    model_provider: str | None
    approval_policy: AskForApproval | None
    approvals_reviewer: ApprovalsReviewer | None
    sandbox_mode: SandboxMode | None
    sandbox_workspace_write: SandboxWorkspaceWrite | None
    forced_chatgpt_workspace_id: ForcedChatgptWorkspaceIds | None
    forced_login_method: ForcedLoginMethod | None
    web_search: WebSearchMode | None
    client_search_provider: WebSearchProvider | None
    tools: ToolsV2 | None
    instructions: str | None
    developer_instructions: str | None
    compact_prompt: str | None
    model_reasoning_effort: ReasoningEffort | None
    model_reasoning_summary: ReasoningSummary | None
    model_verbosity: Verbosity | None
    service_tier: str | None
    analytics: AnalyticsConfig | None
    apps: AppsConfig | None = None
    browser_use: BrowserUseConfig | None
    computer_use: ComputerUseConfig | None
    desktop: dict[str, Any] | None


class ConfigBatchWriteParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    edits: list[ConfigEdit]
    file_path: Annotated[str | None | MISSING, Field(alias='filePath')] = MISSING
    expected_version: Annotated[
        str | None | MISSING, Field(alias='expectedVersion')
    ] = MISSING
    reload_user_config: Annotated[
        StrictBool | MISSING, Field(alias='reloadUserConfig')
    ] = MISSING


class ConfigReadResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    config: Config
    origins: dict[str, ConfigLayerMetadata]
    layers: Annotated[
        list[ConfigLayer] | MISSING,
        Field(
            description='The layers, highest precedence first; present only when `includeLayers` asked for them.'
        ),
    ] = MISSING


class ConfigWriteResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    status: WriteStatus
    version: str
    file_path: Annotated[AbsolutePathBuf, Field(alias='filePath')]
    overridden_metadata: Annotated[
        OverriddenMetadata | None, Field(alias='overriddenMetadata')
    ]


class ErrorNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    error: TurnError
    will_retry: Annotated[StrictBool, Field(alias='willRetry')]
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]


FunctionCallOutputBody = TypeAliasType("FunctionCallOutputBody", str | list[FunctionCallOutputContentItem])


class ModelProviderConfigWriteResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    provider: ModelProviderSummary


class ModelProviderListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[ModelProviderSummary]
    default_provider_id: Annotated[str, Field(alias='defaultProviderId')]
    can_change_default: Annotated[StrictBool, Field(alias='canChangeDefault')]


class ModelsRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    new_thread: Annotated[NewThreadModelDefaults | None, Field(alias='newThread')]


class ResponseItemFunctionCallOutput(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['function_call_output'],
        Field(title='FunctionCallOutputResponseItemType'),
    ] = 'function_call_output'
    id: str | None | MISSING = MISSING
    call_id: str | None | MISSING = MISSING
    name: str | None | MISSING = MISSING
    namespace: str | None | MISSING = MISSING
    output: FunctionCallOutputBody
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


class ResponseItemCustomToolCallOutput(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['custom_tool_call_output'],
        Field(title='CustomToolCallOutputResponseItemType'),
    ] = 'custom_tool_call_output'
    id: str | None | MISSING = MISSING
    call_id: str
    name: str | None | MISSING = MISSING
    output: FunctionCallOutputBody
    internal_chat_message_metadata_passthrough: (
        InternalChatMessageMetadataPassthrough | None | MISSING
    ) = MISSING


ResponseItem = TypeAliasType(
    "ResponseItem",
    Annotated[
        ResponseItemAdditionalTools | ResponseItemMessage | ResponseItemAgentMessage | ResponseItemReasoning | ResponseItemLocalShellCall | ResponseItemFunctionCall | ResponseItemToolSearchCall | ResponseItemFunctionCallOutput | ResponseItemCustomToolCall | ResponseItemCustomToolCallOutput | ResponseItemToolSearchOutput | ResponseItemWebSearchCall | ResponseItemImageGenerationCall | ResponseItemCompaction | ResponseItemConfigurationUpdate | ResponseItemCompactionTrigger | ResponseItemContextCompaction | ResponseItemOther,
        Field(discriminator='type'),
    ],
)


class SessionSourceSubAgent(WireModel):
    model_config = ConfigDict(
        extra='forbid',
        validate_by_name=True,
    )
    sub_agent: Annotated[SubAgentSource, Field(alias='subAgent')]


SessionSource = TypeAliasType(
    "SessionSource",
    Annotated[
        SessionSource1 | SessionSourceCustom | SessionSourceSubAgent,
        Field(description='Which surface created a thread.'),
    ],
)


class ThreadItemFunctionCallOutput(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    type: Annotated[
        Literal['functionCallOutput'], Field(title='FunctionCallOutputThreadItemType')
    ] = 'functionCallOutput'
    id: str
    name: str
    namespace: str | None
    output: FunctionCallOutputBody
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')] = None
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')] = None


ThreadItem = TypeAliasType(
    "ThreadItem",
    Annotated[
        ThreadItemUserMessage | ThreadItemHookPrompt | ThreadItemAgentMessage | ThreadItemFunctionCallOutput | ThreadItemPlan | ThreadItemReasoning | ThreadItemCommandExecution | ThreadItemFileChange | ThreadItemMcpToolCall | ThreadItemDynamicToolCall | ThreadItemCollabAgentToolCall | ThreadItemSubAgentActivity | ThreadItemWebSearch | ThreadItemImageView | ThreadItemSleep | ThreadItemImageGeneration | ThreadItemEnteredReviewMode | ThreadItemExitedReviewMode | ThreadItemContextCompaction,
        Field(
            description='One unit of a turn, told apart by `type`: a user message, an agent message, reasoning, a plan, or a tool activity. Start and completion times are in milliseconds.',
            discriminator='type',
        ),
    ],
)


class ThreadItemEntry(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    turn_id: Annotated[str, Field(alias='turnId')]
    item: ThreadItem
    output_deferred: Annotated[
        StrictBool | MISSING,
        Field(
            alias='outputDeferred',
            description='Present and true when the saved output was left out of this page.',
        ),
    ] = MISSING
    started_at_ms: Annotated[StrictInt | None, Field(alias='startedAtMs')]
    completed_at_ms: Annotated[StrictInt | None, Field(alias='completedAtMs')]


class ThreadItemsListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[ThreadItemEntry]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]
    backwards_cursor: Annotated[str | None, Field(alias='backwardsCursor')]


class ThreadResumeParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    history: list[ResponseItem] | None | MISSING = MISSING
    path: str | None = None
    model: str | None | MISSING = MISSING
    model_provider: Annotated[str | None | MISSING, Field(alias='modelProvider')] = (
        MISSING
    )
    service_tier: Annotated[str | None | MISSING, Field(alias='serviceTier')] = MISSING
    cwd: str | None | MISSING = MISSING
    runtime_workspace_roots: Annotated[
        list[AbsolutePathBuf] | None | MISSING, Field(alias='runtimeWorkspaceRoots')
    ] = MISSING
    approval_policy: Annotated[
        AskForApproval | None | MISSING, Field(alias='approvalPolicy')
    ] = MISSING
    approvals_reviewer: Annotated[
        ApprovalsReviewer | None | MISSING, Field(alias='approvalsReviewer')
    ] = MISSING
    sandbox: SandboxMode | None | MISSING = MISSING
    permissions: str | None | MISSING = MISSING
    config: dict[str, Any] | None | MISSING = MISSING
    base_instructions: Annotated[
        str | None | MISSING, Field(alias='baseInstructions')
    ] = MISSING
    developer_instructions: Annotated[
        str | None | MISSING, Field(alias='developerInstructions')
    ] = MISSING
    personality: Personality | None | MISSING = MISSING
    exclude_turns: Annotated[StrictBool | MISSING, Field(alias='excludeTurns')] = (
        MISSING
    )
    initial_turns_page: Annotated[
        ThreadResumeInitialTurnsPageParams | None | MISSING,
        Field(alias='initialTurnsPage'),
    ] = MISSING


class Turn(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    root_turn_id: Annotated[str | None, Field(alias='rootTurnId')]
    items: list[ThreadItem]
    items_view: Annotated[TurnItemsView, Field(alias='itemsView')] = 'full'
    status: TurnStatus
    error: TurnError | None
    started_at: Annotated[StrictInt | None, Field(alias='startedAt')]
    completed_at: Annotated[StrictInt | None, Field(alias='completedAt')]
    duration_ms: Annotated[StrictInt | None, Field(alias='durationMs')]


class TurnCompletedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn: Turn


class TurnStartResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    turn: Turn


class TurnStartedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    turn: Turn


class TurnToolOutput(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    name: str
    namespace: str | None | MISSING = MISSING
    output: FunctionCallOutputBody
    retain: StrictBool | MISSING = MISSING


class TurnsPage(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[Turn]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]
    backwards_cursor: Annotated[str | None, Field(alias='backwardsCursor')]


class ConfigRequirements(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    model_provider: Annotated[str | None, Field(alias='modelProvider')]
    model_providers: Annotated[dict[str, Any] | None, Field(alias='modelProviders')]
    allowed_login_methods: Annotated[
        list[ForcedLoginMethod] | None, Field(alias='allowedLoginMethods')
    ]
    cli_auth_credentials_store: Annotated[
        CliAuthCredentialsStoreMode | None, Field(alias='cliAuthCredentialsStore')
    ]
    chatgpt_base_url: Annotated[str | None, Field(alias='chatgptBaseUrl')]
    additional_developer_instructions: Annotated[
        str | None, Field(alias='additionalDeveloperInstructions')
    ]
    allowed_approval_policies: Annotated[
        list[AskForApproval] | None, Field(alias='allowedApprovalPolicies')
    ]
    allowed_approvals_reviewers: Annotated[
        list[ApprovalsReviewer] | None, Field(alias='allowedApprovalsReviewers')
    ]
    allowed_sandbox_modes: Annotated[
        list[SandboxMode] | None, Field(alias='allowedSandboxModes')
    ]
    allowed_windows_sandbox_implementations: Annotated[
        list[WindowsSandboxImplementation] | None,
        Field(alias='allowedWindowsSandboxImplementations'),
    ]
    allowed_permission_profiles: Annotated[
        dict[str, Any] | None, Field(alias='allowedPermissionProfiles')
    ]
    default_permissions: Annotated[str | None, Field(alias='defaultPermissions')]
    allowed_web_search_modes: Annotated[
        list[WebSearchMode] | None, Field(alias='allowedWebSearchModes')
    ]
    allow_managed_hooks_only: Annotated[
        StrictBool | None, Field(alias='allowManagedHooksOnly')
    ]
    allow_browser_and_computer_use: Annotated[
        StrictBool | None, Field(alias='allowBrowserAndComputerUse')
    ]
    allow_appshots: Annotated[StrictBool | None, Field(alias='allowAppshots')]
    allow_remote_control: Annotated[
        StrictBool | None, Field(alias='allowRemoteControl')
    ]
    computer_use: Annotated[ComputerUseRequirements | None, Field(alias='computerUse')]
    browser_use: Annotated[BrowserUseRequirements | None, Field(alias='browserUse')]
    in_app_browser: Annotated[
        InAppBrowserRequirements | None, Field(alias='inAppBrowser')
    ]
    feature_requirements: Annotated[
        dict[str, Any] | None, Field(alias='featureRequirements')
    ]
    hooks: ManagedHooksRequirements | None
    enforce_residency: Annotated[
        ResidencyRequirement | None, Field(alias='enforceResidency')
    ]
    network: NetworkRequirements | None
    application: ApplicationRequirements | None
    auto_review: Annotated[AutoReviewRequirements | None, Field(alias='autoReview')]
    models: ModelsRequirements | None
    sqlite_home: Annotated[str | None, Field(alias='sqliteHome')]
    log_dir: Annotated[str | None, Field(alias='logDir')]
    model_catalog_json: Annotated[str | None, Field(alias='modelCatalogJson')]
    check_for_update_on_startup: Annotated[
        StrictBool | None, Field(alias='checkForUpdateOnStartup')
    ]
    allow_login_shell: Annotated[StrictBool | None, Field(alias='allowLoginShell')]
    feedback: FeedbackRequirements | None
    otel: OtelRequirements | None


class ConfigRequirementsReadResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    supports_independent_speed_modes: Annotated[
        StrictBool | None, Field(alias='supportsIndependentSpeedModes')
    ] = None
    requirements: ConfigRequirements | None


class ItemCompletedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    item: ThreadItem
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    content_token_count: Annotated[
        StrictInt | None,
        Field(alias='contentTokenCount', ge=0, le=18446744073709551615),
    ] = None
    completed_at_ms: Annotated[StrictInt, Field(alias='completedAtMs')]


class ItemStartedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    item: ThreadItem
    thread_id: Annotated[str, Field(alias='threadId')]
    turn_id: Annotated[str, Field(alias='turnId')]
    started_at_ms: Annotated[StrictInt, Field(alias='startedAtMs')]


class ReviewStartResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    turn: Turn
    review_thread_id: Annotated[
        str,
        Field(
            alias='reviewThreadId', description='The thread given to `review/start`.'
        ),
    ]


class Thread(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    id: str
    environments: list[ThreadEnvironment] | None = None
    extra: ThreadExtra | None
    session_id: Annotated[str, Field(alias='sessionId')]
    forked_from_id: Annotated[str | None, Field(alias='forkedFromId')]
    attached_to_thread_id: Annotated[str | None, Field(alias='attachedToThreadId')]
    parent_thread_id: Annotated[str | None, Field(alias='parentThreadId')]
    preview: str
    ephemeral: StrictBool
    section: ThreadSection | None = None
    section_entered_at: Annotated[StrictInt | None, Field(alias='sectionEnteredAt')] = (
        None
    )
    project_id: Annotated[str | None, Field(alias='projectId')]
    history_mode: Annotated[ThreadHistoryMode, Field(alias='historyMode')] = (
        ThreadHistoryMode.legacy
    )
    model_provider: Annotated[str, Field(alias='modelProvider')]
    model: str | None
    reasoning_effort: Annotated[ReasoningEffort | None, Field(alias='reasoningEffort')]
    created_at: Annotated[StrictInt, Field(alias='createdAt')]
    updated_at: Annotated[StrictInt, Field(alias='updatedAt')]
    recency_at: Annotated[StrictInt | None, Field(alias='recencyAt')]
    status: ThreadStatus
    path: str | None
    cwd: AbsolutePathBuf
    cli_version: Annotated[str, Field(alias='cliVersion')]
    originator: str | None
    source: SessionSource
    can_accept_direct_input: Annotated[
        StrictBool | None, Field(alias='canAcceptDirectInput')
    ]
    thread_source: Annotated[ThreadSource | None, Field(alias='threadSource')]
    agent_nickname: Annotated[str | None, Field(alias='agentNickname')]
    agent_role: Annotated[str | None, Field(alias='agentRole')]
    git_info: Annotated[GitInfo | None, Field(alias='gitInfo')]
    name: str | None
    daybreak_enabled: Annotated[StrictBool | None, Field(alias='daybreakEnabled')]
    turns: list[Turn]


class ThreadForkResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread: Thread
    model: str
    model_provider: Annotated[str, Field(alias='modelProvider')]
    service_tier: Annotated[str | None, Field(alias='serviceTier')]
    disabled_plugin_ids: Annotated[list[str], Field(alias='disabledPluginIds')] = []
    cwd: AbsolutePathBuf
    runtime_workspace_roots: Annotated[
        list[AbsolutePathBuf], Field(alias='runtimeWorkspaceRoots')
    ] = []
    instruction_sources: Annotated[
        list[LegacyAppPathString], Field(alias='instructionSources')
    ] = []
    approval_policy: Annotated[AskForApproval, Field(alias='approvalPolicy')]
    approvals_reviewer: Annotated[ApprovalsReviewer, Field(alias='approvalsReviewer')]
    sandbox: SandboxPolicy
    active_permission_profile: Annotated[
        ActivePermissionProfile | None, Field(alias='activePermissionProfile')
    ] = None
    reasoning_effort: Annotated[ReasoningEffort | None, Field(alias='reasoningEffort')]
    multi_agent_mode: Annotated[
        MultiAgentMode, Field(alias='multiAgentMode', validate_default=True)
    ] = 'explicitRequestOnly'


class ThreadListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[Thread]
    read_states: Annotated[dict[str, Any] | None, Field(alias='readStates')]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]
    backwards_cursor: Annotated[str | None, Field(alias='backwardsCursor')]


class ThreadMetadataUpdateResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread: Thread


class ThreadReadResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread: Thread
    read_state: Annotated[ThreadReadState | None, Field(alias='readState')]


class ThreadResumeResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread: Thread
    model: str
    model_provider: Annotated[str, Field(alias='modelProvider')]
    service_tier: Annotated[str | None, Field(alias='serviceTier')]
    disabled_plugin_ids: Annotated[list[str], Field(alias='disabledPluginIds')] = []
    cwd: AbsolutePathBuf
    runtime_workspace_roots: Annotated[
        list[AbsolutePathBuf], Field(alias='runtimeWorkspaceRoots')
    ] = []
    instruction_sources: Annotated[
        list[LegacyAppPathString], Field(alias='instructionSources')
    ] = []
    approval_policy: Annotated[AskForApproval, Field(alias='approvalPolicy')]
    approvals_reviewer: Annotated[ApprovalsReviewer, Field(alias='approvalsReviewer')]
    sandbox: SandboxPolicy
    active_permission_profile: Annotated[
        ActivePermissionProfile | None, Field(alias='activePermissionProfile')
    ] = None
    reasoning_effort: Annotated[ReasoningEffort | None, Field(alias='reasoningEffort')]
    collaboration_mode: Annotated[
        CollaborationMode | None, Field(alias='collaborationMode')
    ]
    multi_agent_mode: Annotated[
        MultiAgentMode, Field(alias='multiAgentMode', validate_default=True)
    ] = 'explicitRequestOnly'
    initial_turns_page: Annotated[TurnsPage | None, Field(alias='initialTurnsPage')] = (
        None
    )
    turns_backwards_cursor: Annotated[
        str | None, Field(alias='turnsBackwardsCursor')
    ] = None
    items_backwards_cursor: Annotated[
        str | None, Field(alias='itemsBackwardsCursor')
    ] = None


class ThreadStartResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread: Thread
    model: str
    model_provider: Annotated[str, Field(alias='modelProvider')]
    service_tier: Annotated[str | None, Field(alias='serviceTier')]
    disabled_plugin_ids: Annotated[list[str], Field(alias='disabledPluginIds')] = []
    cwd: AbsolutePathBuf
    runtime_workspace_roots: Annotated[
        list[AbsolutePathBuf], Field(alias='runtimeWorkspaceRoots')
    ] = []
    instruction_sources: Annotated[
        list[LegacyAppPathString], Field(alias='instructionSources')
    ] = []
    approval_policy: Annotated[AskForApproval, Field(alias='approvalPolicy')]
    approvals_reviewer: Annotated[ApprovalsReviewer, Field(alias='approvalsReviewer')]
    sandbox: SandboxPolicy
    active_permission_profile: Annotated[
        ActivePermissionProfile | None, Field(alias='activePermissionProfile')
    ] = None
    reasoning_effort: Annotated[ReasoningEffort | None, Field(alias='reasoningEffort')]
    multi_agent_mode: Annotated[
        MultiAgentMode, Field(alias='multiAgentMode', validate_default=True)
    ] = 'explicitRequestOnly'


class ThreadStartedNotification(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread: Thread


class ThreadTurnsListResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    data: list[Turn]
    next_cursor: Annotated[str | None, Field(alias='nextCursor')]
    backwards_cursor: Annotated[str | None, Field(alias='backwardsCursor')]


class ThreadUnarchiveResponse(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread: Thread


class TurnStartParams(WireModel):
    model_config = ConfigDict(
        validate_by_name=True,
    )
    thread_id: Annotated[str, Field(alias='threadId')]
    disabled_plugin_ids: Annotated[
        list[str] | None | MISSING, Field(alias='disabledPluginIds')
    ] = MISSING
    client_user_message_id: Annotated[
        str | None | MISSING, Field(alias='clientUserMessageId')
    ] = MISSING
    input: list[UserInput]
    turn_trigger: Annotated[str | None | MISSING, Field(alias='turnTrigger')] = MISSING
    parent_turn_id: Annotated[str | None | MISSING, Field(alias='parentTurnId')] = (
        MISSING
    )
    root_turn_id: Annotated[str | None | MISSING, Field(alias='rootTurnId')] = MISSING
    tool_output: Annotated[
        TurnToolOutput | None | MISSING, Field(alias='toolOutput')
    ] = MISSING
    responsesapi_client_metadata: Annotated[
        dict[str, Any] | None | MISSING, Field(alias='responsesapiClientMetadata')
    ] = MISSING
    responsesapi_client_metadata_patch: Annotated[
        dict[str, Any] | None | MISSING, Field(alias='responsesapiClientMetadataPatch')
    ] = MISSING
    additional_context: Annotated[
        dict[str, Any] | None | MISSING, Field(alias='additionalContext')
    ] = MISSING
    environments: list[TurnEnvironmentParams] | None | MISSING = MISSING
    cwd: str | None | MISSING = MISSING
    runtime_workspace_roots: Annotated[
        list[AbsolutePathBuf] | None | MISSING, Field(alias='runtimeWorkspaceRoots')
    ] = MISSING
    approval_policy: Annotated[
        AskForApproval | None | MISSING, Field(alias='approvalPolicy')
    ] = MISSING
    approvals_reviewer: Annotated[
        ApprovalsReviewer | None | MISSING, Field(alias='approvalsReviewer')
    ] = MISSING
    sandbox_policy: Annotated[
        SandboxPolicy | None | MISSING, Field(alias='sandboxPolicy')
    ] = MISSING
    permissions: str | None | MISSING = MISSING
    model: str | None | MISSING = MISSING
    service_tier: Annotated[str | None | MISSING, Field(alias='serviceTier')] = MISSING
    service_tier_for_turn: Annotated[
        str | None | MISSING, Field(alias='serviceTierForTurn')
    ] = MISSING
    effort: ReasoningEffort | None | MISSING = MISSING
    summary: ReasoningSummary | None | MISSING = MISSING
    personality: Personality | None | MISSING = MISSING
    output_schema: Annotated[Any | MISSING, Field(alias='outputSchema')] = MISSING
    collaboration_mode: Annotated[
        CollaborationMode | None | MISSING, Field(alias='collaborationMode')
    ] = MISSING
    multi_agent_mode: Annotated[
        MultiAgentMode | None | MISSING, Field(alias='multiAgentMode')
    ] = MISSING
    cyber_access_program: Annotated[
        CyberAccessProgram | None | MISSING, Field(alias='cyberAccessProgram')
    ] = MISSING
