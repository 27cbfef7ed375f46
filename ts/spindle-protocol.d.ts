/* generated — do not edit; source schema/, regenerate with `nox -s schema`
(scripts/generate_protocol.py) */

/**
 * An absolute, normalised file system path.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AbsolutePathBuf".
 */
export type AbsolutePathBuf = string;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Account".
 */
export type Account = ApiKeyAccount | ChatgptAccount | AmazonBedrockAccount | GcpAccount;
export type ApiKeyAccountType = "apiKey";
export type ChatgptAccountType = "chatgpt";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "PlanType".
 */
export type PlanType =
  | "free"
  | "go"
  | "plus"
  | "pro"
  | "prolite"
  | "promax"
  | "team"
  | "self_serve_business_prolite"
  | "self_serve_business_usage_based"
  | "business"
  | "ent26"
  | "enterprise_cbp_automation"
  | "enterprise_cbp_usage_based"
  | "enterprise"
  | "edu"
  | "edu_plus"
  | "edu_pro"
  | "sci"
  | "sci_plus"
  | "unknown";
export type AmazonBedrockAccountType = "amazonBedrock";
export type GcpAccountType = "gcp";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "RateLimitReachedType".
 */
export type RateLimitReachedType =
  | "rate_limit_reached"
  | "workspace_owner_credits_depleted"
  | "workspace_member_credits_depleted"
  | "workspace_owner_usage_limit_reached"
  | "workspace_member_usage_limit_reached";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AccountRoutingOverride".
 */
export type AccountRoutingOverride = "NO_CONSTRAINT" | "us" | "us_cr";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AdditionalContextKind".
 */
export type AdditionalContextKind = "untrusted" | "application";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AgentMessageDelivery".
 */
export type AgentMessageDelivery = "async";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AgentMessageInputContent".
 */
export type AgentMessageInputContent = InputTextAgentMessageInputContent | EncryptedContentAgentMessageInputContent;
export type InputTextAgentMessageInputContentType = "input_text";
export type EncryptedContentAgentMessageInputContentType = "encrypted_content";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AgentPath".
 */
export type AgentPath = string;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AllowDenyRequirement".
 */
export type AllowDenyRequirement = "allow" | "deny";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AppToolApproval".
 */
export type AppToolApproval = "auto" | "prompt" | "writes" | "approve";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "NetworkDomainPermission".
 */
export type NetworkDomainPermission = "allow" | "deny";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "LegacyAppPathString".
 */
export type LegacyAppPathString = string;
/**
 * Who reviews approval requests.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ApprovalsReviewer".
 */
export type ApprovalsReviewer = "user" | "auto_review" | "guardian_subagent";
/**
 * When the agent asks the user before acting.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AskForApproval".
 */
export type AskForApproval = ("untrusted" | "on-request" | "never") | GranularAskForApproval;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AutoCompactTokenLimitScope".
 */
export type AutoCompactTokenLimitScope = "total" | "body_after_prefix";
/**
 * The built-in Bedrock providers.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "BedrockProviderId".
 */
export type BedrockProviderId = "amazon-bedrock" | "amazon-bedrock-runtime";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "BrowserUseAccessApprovalLifetime".
 */
export type BrowserUseAccessApprovalLifetime = "turn" | "thread";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CapabilityRootLocation".
 */
export type CapabilityRootLocation = EnvironmentCapabilityRootLocation;
export type EnvironmentCapabilityRootLocationType = "environment";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CliAuthCredentialsStoreMode".
 */
export type CliAuthCredentialsStoreMode = "file" | "keyring" | "auto" | "ephemeral";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CodexErrorInfo".
 */
export type CodexErrorInfo =
  | (
      | "contextWindowExceeded"
      | "sessionBudgetExceeded"
      | "usageLimitExceeded"
      | "rateLimitExceeded"
      | "flexUnavailable"
      | "serverOverloaded"
      | "modelNotFound"
      | "policyCapacityUnavailable"
      | "cyberPolicy"
      | "misalignmentPolicyViolation"
      | "tooManyDenials"
      | "internalServerError"
      | "unauthorized"
      | "badRequest"
      | "threadRollbackFailed"
      | "sandboxError"
      | "other"
    )
  | "inferenceHookDenied"
  | HttpConnectionFailedCodexErrorInfo
  | ResponseStreamConnectionFailedCodexErrorInfo
  | ResponseStreamDisconnectedCodexErrorInfo
  | ResponseTooManyFailedAttemptsCodexErrorInfo
  | ActiveTurnNotSteerableCodexErrorInfo
  | (string | {});
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "NonSteerableTurnKind".
 */
export type NonSteerableTurnKind = "review" | "compact";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollabAgentStatus".
 */
export type CollabAgentStatus =
  "pendingInit" | "running" | "interrupted" | "completed" | "errored" | "shutdown" | "notFound";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollabAgentTool".
 */
export type CollabAgentTool =
  | "spawnAgent"
  | "sendInput"
  | "resumeAgent"
  | "wait"
  | "closeAgent"
  | "sendMessage"
  | "followupTask"
  | "interruptAgent"
  | "listAgents";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollabAgentToolCallStatus".
 */
export type CollabAgentToolCallStatus = "inProgress" | "completed" | "failed" | "interrupted";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModeKind".
 */
export type ModeKind = "plan" | "default";
/**
 * How hard the model should think; a non-empty value the model advertises.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningEffort".
 */
export type ReasoningEffort = string;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandAction".
 */
export type CommandAction = ReadCommandAction | ListFilesCommandAction | SearchCommandAction | UnknownCommandAction;
export type ReadCommandActionType = "read";
export type ListFilesCommandActionType = "listFiles";
export type SearchCommandActionType = "search";
export type UnknownCommandActionType = "unknown";
/**
 * Which output a chunk came from (a PTY's output is all stdout).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecOutputStream".
 */
export type CommandExecOutputStream = "stdout" | "stderr";
/**
 * What commands run by the agent may touch, tagged by `type`. spindle adds an optional read-access model (`access` / `readOnlyAccess`).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SandboxPolicy".
 */
export type SandboxPolicy =
  DangerFullAccessSandboxPolicy | ReadOnlySandboxPolicy | ExternalSandboxSandboxPolicy | WorkspaceWriteSandboxPolicy;
export type DangerFullAccessSandboxPolicyType = "dangerFullAccess";
export type ReadOnlySandboxPolicyType = "readOnly";
export type FullAccessReadOnlyAccessType = "fullAccess";
export type RestrictedReadOnlyAccessType = "restricted";
export type ExternalSandboxSandboxPolicyType = "externalSandbox";
export type WorkspaceWriteSandboxPolicyType = "workspaceWrite";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecutionSource".
 */
export type CommandExecutionSource = "agent" | "userShell" | "unifiedExecStartup" | "unifiedExecInteraction";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecutionStatus".
 */
export type CommandExecutionStatus = "inProgress" | "completed" | "failed" | "declined";
/**
 * The coarse sandbox setting from the configuration.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SandboxMode".
 */
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ForcedChatgptWorkspaceIds".
 */
export type ForcedChatgptWorkspaceIds = string | string[];
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ForcedLoginMethod".
 */
export type ForcedLoginMethod = "chatgpt" | "api";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WebSearchMode".
 */
export type WebSearchMode = "disabled" | "cached" | "indexed" | "live";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WebSearchProvider".
 */
export type WebSearchProvider = "standalone" | "search_mcp";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WebSearchContextSize".
 */
export type WebSearchContextSize = "low" | "medium" | "high";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningSummary".
 */
export type ReasoningSummary = ("auto" | "concise" | "detailed") | "none";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Verbosity".
 */
export type Verbosity = "low" | "medium" | "high";
/**
 * How a written value meets what is already there: `replace` it, or `upsert` (merge tables key by key).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MergeStrategy".
 */
export type MergeStrategy = "replace" | "upsert";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigLayerSource".
 */
export type ConfigLayerSource =
  | PackagedDefaultsConfigLayerSource
  | MdmConfigLayerSource
  | SystemConfigLayerSource
  | EnterpriseManagedConfigLayerSource
  | UserConfigLayerSource
  | ProjectConfigLayerSource
  | SessionFlagsConfigLayerSource
  | LegacyManagedConfigTomlFromFileConfigLayerSource
  | LegacyManagedConfigTomlFromMdmConfigLayerSource;
export type PackagedDefaultsConfigLayerSourceType = "packagedDefaults";
export type MdmConfigLayerSourceType = "mdm";
export type SystemConfigLayerSourceType = "system";
export type EnterpriseManagedConfigLayerSourceType = "enterpriseManaged";
export type UserConfigLayerSourceType = "user";
export type ProjectConfigLayerSourceType = "project";
export type SessionFlagsConfigLayerSourceType = "sessionFlags";
export type LegacyManagedConfigTomlFromFileConfigLayerSourceType = "legacyManagedConfigTomlFromFile";
export type LegacyManagedConfigTomlFromMdmConfigLayerSourceType = "legacyManagedConfigTomlFromMdm";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WindowsSandboxImplementation".
 */
export type WindowsSandboxImplementation = "elevated" | "unelevated" | "mxc";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfiguredHookHandler".
 */
export type ConfiguredHookHandler =
  | CommandConfiguredHookHandler
  | McpToolConfiguredHookHandler
  | PromptConfiguredHookHandler
  | AgentConfiguredHookHandler;
export type CommandConfiguredHookHandlerType = "command";
export type McpToolConfiguredHookHandlerType = "mcp_tool";
export type PromptConfiguredHookHandlerType = "prompt";
export type AgentConfiguredHookHandlerType = "agent";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ResidencyRequirement".
 */
export type ResidencyRequirement = "us";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "NetworkUnixSocketPermission".
 */
export type NetworkUnixSocketPermission = "allow" | "deny";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "OtelExporter".
 */
export type OtelExporter = ("none" | "statsig") | OtlpHttpOtelExporter | OtlpGrpcOtelExporter;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "OtelHttpProtocol".
 */
export type OtelHttpProtocol = "binary" | "json";
/**
 * `okOverridden` when a higher layer still decides the written value.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WriteStatus".
 */
export type WriteStatus = "ok" | "okOverridden";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ContentItem".
 */
export type ContentItem = InputTextContentItem | InputImageContentItem | InputAudioContentItem | OutputTextContentItem;
export type InputTextContentItemType = "input_text";
export type InputImageContentItemType = "input_image";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ImageDetail".
 */
export type ImageDetail = "auto" | "low" | "high" | "original";
export type InputAudioContentItemType = "input_audio";
export type OutputTextContentItemType = "output_text";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CyberAccessProgram".
 */
export type CyberAccessProgram = "standard" | "daybreakBlue" | "daybreakRed";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "DynamicToolCallOutputContentItem".
 */
export type DynamicToolCallOutputContentItem =
  | InputTextDynamicToolCallOutputContentItem
  | InputImageDynamicToolCallOutputContentItem
  | InputAudioDynamicToolCallOutputContentItem;
export type InputTextDynamicToolCallOutputContentItemType = "inputText";
export type InputImageDynamicToolCallOutputContentItemType = "inputImage";
export type InputAudioDynamicToolCallOutputContentItemType = "inputAudio";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "DynamicToolCallStatus".
 */
export type DynamicToolCallStatus = "inProgress" | "completed" | "failed";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "DynamicToolNamespaceTool".
 */
export type DynamicToolNamespaceTool = FunctionDynamicToolNamespaceTool;
export type FunctionDynamicToolNamespaceToolType = "function";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "DynamicToolSpec".
 */
export type DynamicToolSpec = FunctionDynamicToolSpec | NamespaceDynamicToolSpec;
export type FunctionDynamicToolSpecType = "function";
export type NamespaceDynamicToolSpecType = "namespace";
/**
 * How far along a feature is.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ExperimentalFeatureStage".
 */
export type ExperimentalFeatureStage = "beta" | "underDevelopment" | "stable" | "deprecated" | "removed";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "PatchChangeKind".
 */
export type PatchChangeKind = AddPatchChangeKind | DeletePatchChangeKind | UpdatePatchChangeKind;
export type AddPatchChangeKindType = "add";
export type DeletePatchChangeKindType = "delete";
export type UpdatePatchChangeKindType = "update";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FunctionCallOutputBody".
 */
export type FunctionCallOutputBody = string | FunctionCallOutputContentItem[];
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FunctionCallOutputContentItem".
 */
export type FunctionCallOutputContentItem =
  | InputTextFunctionCallOutputContentItem
  | InputImageFunctionCallOutputContentItem
  | InputAudioFunctionCallOutputContentItem
  | EncryptedContentFunctionCallOutputContentItem;
export type InputTextFunctionCallOutputContentItemType = "input_text";
export type InputImageFunctionCallOutputContentItemType = "input_image";
export type InputAudioFunctionCallOutputContentItemType = "input_audio";
export type EncryptedContentFunctionCallOutputContentItemType = "encrypted_content";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchMatchType".
 */
export type FuzzyFileSearchMatchType = "file" | "directory";
/**
 * How requests to a custom gateway authenticate.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "GatewayAuth".
 */
export type GatewayAuth = NoneGatewayAuth | EnvironmentVariableGatewayAuth | ExternallyConfiguredGatewayAuth;
export type NoneGatewayAuthMode = "none";
export type EnvironmentVariableGatewayAuthMode = "environmentVariable";
export type ExternallyConfiguredGatewayAuthMode = "externallyConfigured";
/**
 * The built-in Vertex AI provider.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "GcpProviderId".
 */
export type GcpProviderId = "gcp";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HookEventName".
 */
export type HookEventName =
  | "preModelRequest"
  | "postModelRequest"
  | "preToolUse"
  | "permissionRequest"
  | "postToolUse"
  | "preCompact"
  | "postCompact"
  | "sessionStart"
  | "sessionEnd"
  | "userPromptSubmit"
  | "subagentStart"
  | "subagentStop"
  | "stop"
  | "interrupt";
/**
 * One configured hook, told apart by `handlerType`.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HookMetadata".
 */
export type HookMetadata = CommandHookMetadata | McpToolHookMetadata | PromptHookMetadata | AgentHookMetadata;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HookSource".
 */
export type HookSource =
  | "system"
  | "user"
  | "project"
  | "mdm"
  | "sessionFlags"
  | "plugin"
  | "cloudRequirements"
  | "cloudManagedConfig"
  | "legacyManagedConfigFile"
  | "legacyManagedConfigMdm"
  | "unknown";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HookTrustStatus".
 */
export type HookTrustStatus = "managed" | "untrusted" | "trusted" | "modified";
export type CommandHookMetadataHandlerType = "command";
export type McpToolHookMetadataHandlerType = "mcpTool";
export type PromptHookMetadataHandlerType = "prompt";
export type AgentHookMetadataHandlerType = "agent";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ImageGenerationFailure".
 */
export type ImageGenerationFailure = UsageLimitExceededImageGenerationFailure;
export type UsageLimitExceededImageGenerationFailureType = "usageLimitExceeded";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "InputModality".
 */
export type InputModality = "text" | "image" | "audio";
/**
 * One unit of a turn, told apart by `type`: a user message, an agent message, reasoning, a plan, or a tool activity. Start and completion times are in milliseconds.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadItem".
 */
export type ThreadItem =
  | UserMessageThreadItem
  | HookPromptThreadItem
  | AgentMessageThreadItem
  | FunctionCallOutputThreadItem
  | PlanThreadItem
  | ReasoningThreadItem
  | CommandExecutionThreadItem
  | FileChangeThreadItem
  | McpToolCallThreadItem
  | DynamicToolCallThreadItem
  | CollabAgentToolCallThreadItem
  | SubAgentActivityThreadItem
  | WebSearchThreadItem
  | ImageViewThreadItem
  | SleepThreadItem
  | ImageGenerationThreadItem
  | EnteredReviewModeThreadItem
  | ExitedReviewModeThreadItem
  | ContextCompactionThreadItem;
export type UserMessageThreadItemType = "userMessage";
/**
 * One piece of what the user sent in a turn, told apart by `type`. An `image` or `audio` input carries either `url` or `fileId`.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "UserInput".
 */
export type UserInput =
  | TextUserInput
  | ImageUserInput
  | LocalImageUserInput
  | AudioUserInput
  | LocalAudioUserInput
  | SkillUserInput
  | MentionUserInput;
export type TextUserInputType = "text";
export type ImageUserInputType = "image";
export type LocalImageUserInputType = "localImage";
export type AudioUserInputType = "audio";
export type LocalAudioUserInputType = "localAudio";
export type SkillUserInputType = "skill";
export type MentionUserInputType = "mention";
export type HookPromptThreadItemType = "hookPrompt";
export type AgentMessageThreadItemType = "agentMessage";
/**
 * Which phase of the turn an agent message belongs to.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MessagePhase".
 */
export type MessagePhase = "commentary" | "partial_answer" | "final_answer";
export type FunctionCallOutputThreadItemType = "functionCallOutput";
export type PlanThreadItemType = "plan";
export type ReasoningThreadItemType = "reasoning";
export type CommandExecutionThreadItemType = "commandExecution";
export type FileChangeThreadItemType = "fileChange";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "PatchApplyStatus".
 */
export type PatchApplyStatus = "inProgress" | "completed" | "failed" | "declined";
export type McpToolCallThreadItemType = "mcpToolCall";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "McpToolCallStatus".
 */
export type McpToolCallStatus = "inProgress" | "completed" | "failed";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "McpAppDisplayMode".
 */
export type McpAppDisplayMode = "inline" | "fullscreen";
export type DynamicToolCallThreadItemType = "dynamicToolCall";
export type CollabAgentToolCallThreadItemType = "collabAgentToolCall";
export type SubAgentActivityThreadItemType = "subAgentActivity";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SubAgentActivityKind".
 */
export type SubAgentActivityKind = "started" | "interacted" | "interrupted" | "completed";
export type WebSearchThreadItemType = "webSearch";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WebSearchAction".
 */
export type WebSearchAction =
  SearchWebSearchAction | OpenPageWebSearchAction | FindInPageWebSearchAction | OtherWebSearchAction;
export type SearchWebSearchActionType = "search";
export type OpenPageWebSearchActionType = "openPage";
export type FindInPageWebSearchActionType = "findInPage";
export type OtherWebSearchActionType = "other";
export type ImageViewThreadItemType = "imageView";
export type SleepThreadItemType = "sleep";
export type ImageGenerationThreadItemType = "imageGeneration";
export type EnteredReviewModeThreadItemType = "enteredReviewMode";
export type ExitedReviewModeThreadItemType = "exitedReviewMode";
export type ContextCompactionThreadItemType = "contextCompaction";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "LocalShellAction".
 */
export type LocalShellAction = ExecLocalShellAction;
export type ExecLocalShellActionType = "exec";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "LocalShellStatus".
 */
export type LocalShellStatus = "completed" | "in_progress" | "incomplete";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MultiAgentVersion".
 */
export type MultiAgentVersion = "disabled" | "v1" | "v2";
/**
 * The fields to change; an omitted field keeps its value and null clears it.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ProviderSettingsPatch".
 */
export type ProviderSettingsPatch =
  CustomGatewayProviderSettingsPatch | BedrockProviderSettingsPatch | GcpProviderSettingsPatch;
export type CustomGatewayProviderSettingsPatchType = "customGateway";
export type BedrockProviderSettingsPatchType = "bedrock";
export type GcpProviderSettingsPatchType = "gcp";
/**
 * The kind of a model provider and its settings.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ProviderSettings".
 */
export type ProviderSettings =
  OpenaiProviderSettings | CustomGatewayProviderSettings | BedrockProviderSettings | GcpProviderSettings;
export type OpenaiProviderSettingsType = "openai";
export type CustomGatewayProviderSettingsType = "customGateway";
export type BedrockProviderSettingsType = "bedrock";
export type GcpProviderSettingsType = "gcp";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MultiAgentMode".
 */
export type MultiAgentMode = ("explicitRequestOnly" | "proactive") | CustomMultiAgentMode;
/**
 * Whether sandboxed commands may use the network.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "NetworkAccess".
 */
export type NetworkAccess = "restricted" | "enabled";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Personality".
 */
export type Personality = "none" | "friendly" | "pragmatic";
/**
 * spindle extension: which paths a sandboxed command may read. `fullAccess` (the default) reads everything; `restricted` reads only the platform defaults (when included) and `readableRoots`.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReadOnlyAccess".
 */
export type ReadOnlyAccess = FullAccessReadOnlyAccess | RestrictedReadOnlyAccess;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningItemContent".
 */
export type ReasoningItemContent = ReasoningTextReasoningItemContent | TextReasoningItemContent;
export type ReasoningTextReasoningItemContentType = "reasoning_text";
export type TextReasoningItemContentType = "text";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningItemReasoningSummary".
 */
export type ReasoningItemReasoningSummary = SummaryTextReasoningItemReasoningSummary;
export type SummaryTextReasoningItemReasoningSummaryType = "summary_text";
/**
 * Where remote control stands for this server.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "RemoteControlConnectionStatus".
 */
export type RemoteControlConnectionStatus = "disabled" | "connecting" | "connected" | "errored";
/**
 * A JSON-RPC request id: a string or an integer.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "RequestId".
 */
export type RequestId = string | number;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ResponseItem".
 */
export type ResponseItem =
  | AdditionalToolsResponseItem
  | MessageResponseItem
  | AgentMessageResponseItem
  | ReasoningResponseItem
  | LocalShellCallResponseItem
  | FunctionCallResponseItem
  | ToolSearchCallResponseItem
  | FunctionCallOutputResponseItem
  | CustomToolCallResponseItem
  | CustomToolCallOutputResponseItem
  | ToolSearchOutputResponseItem
  | WebSearchCallResponseItem
  | ImageGenerationCallResponseItem
  | CompactionResponseItem
  | ConfigurationUpdateResponseItem
  | CompactionTriggerResponseItem
  | ContextCompactionResponseItem
  | OtherResponseItem;
export type AdditionalToolsResponseItemType = "additional_tools";
export type MessageResponseItemType = "message";
export type AgentMessageResponseItemType = "agent_message";
export type ReasoningResponseItemType = "reasoning";
export type LocalShellCallResponseItemType = "local_shell_call";
export type FunctionCallResponseItemType = "function_call";
export type ToolSearchCallResponseItemType = "tool_search_call";
export type FunctionCallOutputResponseItemType = "function_call_output";
export type CustomToolCallResponseItemType = "custom_tool_call";
export type CustomToolCallOutputResponseItemType = "custom_tool_call_output";
export type ToolSearchOutputResponseItemType = "tool_search_output";
export type WebSearchCallResponseItemType = "web_search_call";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ResponsesApiWebSearchAction".
 */
export type ResponsesApiWebSearchAction =
  | SearchResponsesApiWebSearchAction
  | OpenPageResponsesApiWebSearchAction
  | FindInPageResponsesApiWebSearchAction
  | OtherResponsesApiWebSearchAction;
export type SearchResponsesApiWebSearchActionType = "search";
export type OpenPageResponsesApiWebSearchActionType = "open_page";
export type FindInPageResponsesApiWebSearchActionType = "find_in_page";
export type OtherResponsesApiWebSearchActionType = "other";
export type ImageGenerationCallResponseItemType = "image_generation_call";
export type CompactionResponseItemType = "compaction";
export type ConfigurationUpdateResponseItemType = "configuration_update";
export type CompactionTriggerResponseItemType = "compaction_trigger";
export type ContextCompactionResponseItemType = "context_compaction";
export type OtherResponseItemType = "other";
/**
 * Where the review runs: only on the given thread (`inline`).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReviewDelivery".
 */
export type ReviewDelivery = "inline";
/**
 * What to review, tagged by `type`.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReviewTarget".
 */
export type ReviewTarget =
  UncommittedChangesReviewTarget | BaseBranchReviewTarget | CommitReviewTarget | CustomReviewTarget;
export type UncommittedChangesReviewTargetType = "uncommittedChanges";
export type BaseBranchReviewTargetType = "baseBranch";
export type CommitReviewTargetType = "commit";
export type CustomReviewTargetType = "custom";
/**
 * Lifecycle state of a turn.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnStatus".
 */
export type TurnStatus = "completed" | "interrupted" | "failed" | "inProgress";
/**
 * Which surface created a thread.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SessionSource".
 */
export type SessionSource =
  ("cli" | "vscode" | "exec" | "appServer" | "unknown") | CustomSessionSource | SubAgentSessionSource;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SubAgentSource".
 */
export type SubAgentSource =
  ("review" | "compact" | "memory_consolidation") | ThreadSpawnSubAgentSource | OtherSubAgentSource;
/**
 * A thread identifier (a UUID).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadId".
 */
export type ThreadId = string;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillScope".
 */
export type SkillScope = "user" | "repo" | "system" | "admin";
/**
 * Ascending or descending order.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SortDirection".
 */
export type SortDirection = "asc" | "desc";
/**
 * Whether the thread is loaded in this server process and, if so, whether a turn is running. Tagged by `type`.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadStatus".
 */
export type ThreadStatus = NotLoadedThreadStatus | IdleThreadStatus | SystemErrorThreadStatus | ActiveThreadStatus;
export type NotLoadedThreadStatusType = "notLoaded";
export type IdleThreadStatusType = "idle";
export type SystemErrorThreadStatusType = "systemError";
export type ActiveThreadStatusType = "active";
/**
 * Why an active thread is waiting.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadActiveFlag".
 */
export type ThreadActiveFlag = "waitingOnApproval" | "waitingOnUserInput";
/**
 * A free-form label the client gives a thread when it starts or forks it.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSource".
 */
export type ThreadSource = string;
/**
 * Lifecycle state of a thread goal.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalStatus".
 */
export type ThreadGoalStatus = "active" | "paused" | "blocked" | "usageLimited" | "budgetLimited" | "complete";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalMutationOrigin".
 */
export type ThreadGoalMutationOrigin = "user" | "automatic";
/**
 * How a thread's history is stored and paged.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadHistoryMode".
 */
export type ThreadHistoryMode = "legacy" | "paginated";
/**
 * An exclusive position at an item of the requested turn.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadItemsListAnchor".
 */
export type ThreadItemsListAnchor = ItemThreadItemsListAnchor;
export type ItemThreadItemsListAnchorType = "item";
/**
 * Where a page starts: an opaque cursor string or an item anchor.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadItemsListCursor".
 */
export type ThreadItemsListCursor = string | ThreadItemsListAnchor;
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadListCwdFilter".
 */
export type ThreadListCwdFilter = string | string[];
/**
 * Which timestamp orders a thread listing.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSortKey".
 */
export type ThreadSortKey = "created_at" | "updated_at" | "recency_at" | "section_position";
/**
 * The kind of client or agent that created a thread, for filtering listings.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSourceKind".
 */
export type ThreadSourceKind =
  | "cli"
  | "vscode"
  | "exec"
  | "appServer"
  | "subAgent"
  | "subAgentReview"
  | "subAgentCompact"
  | "subAgentThreadSpawn"
  | "subAgentOther"
  | "unknown";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadUnreadPosition".
 */
export type ThreadUnreadPosition = ThreadStartThreadUnreadPosition | TurnThreadUnreadPosition;
export type ThreadStartThreadUnreadPositionType = "threadStart";
export type TurnThreadUnreadPositionType = "turn";
/**
 * What the reader did: caught up with everything, or wants the thread flagged again.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadReadStateOperation".
 */
export type ThreadReadStateOperation = ReadThreadReadStateOperation | UnreadThreadReadStateOperation;
export type ReadThreadReadStateOperationType = "read";
export type UnreadThreadReadStateOperationType = "unread";
/**
 * How much of each turn's items a response includes.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnItemsView".
 */
export type TurnItemsView = "notLoaded" | "summary" | "full";
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadStartSource".
 */
export type ThreadStartSource = "startup" | "clear";
/**
 * Outcome of an unsubscribe.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadUnsubscribeStatus".
 */
export type ThreadUnsubscribeStatus = "notLoaded" | "notSubscribed" | "unsubscribed";

export interface SpindleProtocolSchema {
  AbsolutePathBuf?: AbsolutePathBuf;
  Account?: Account;
  AccountRateLimitsUpdatedNotification?: AccountRateLimitsUpdatedNotification;
  AccountRoutingOverride?: AccountRoutingOverride;
  ActivePermissionProfile?: ActivePermissionProfile;
  AdditionalContextEntry?: AdditionalContextEntry;
  AdditionalContextKind?: AdditionalContextKind;
  AgentMessageDelivery?: AgentMessageDelivery;
  AgentMessageDeltaNotification?: AgentMessageDeltaNotification;
  AgentMessageDisplay?: AgentMessageDisplay;
  AgentMessageInputContent?: AgentMessageInputContent;
  AgentMessageModeration?: AgentMessageModeration;
  AgentPath?: AgentPath;
  AllowDenyRequirement?: AllowDenyRequirement;
  AnalyticsConfig?: AnalyticsConfig;
  AppToolApproval?: AppToolApproval;
  ApplicationNetworkRequirements?: ApplicationNetworkRequirements;
  ApplicationRequirements?: ApplicationRequirements;
  ApplicationStorageRequirements?: ApplicationStorageRequirements;
  ApprovalsReviewer?: ApprovalsReviewer;
  AppsConfig?: AppsConfig;
  AppsDefaultConfig?: AppsDefaultConfig;
  AskForApproval?: AskForApproval;
  AsyncUserInputQuestion?: AsyncUserInputQuestion;
  AutoCompactTokenLimitScope?: AutoCompactTokenLimitScope;
  AutoReviewRequirements?: AutoReviewRequirements;
  BedrockProviderId?: BedrockProviderId;
  BrowserUseAccessApprovalLifetime?: BrowserUseAccessApprovalLifetime;
  BrowserUseConfig?: BrowserUseConfig;
  BrowserUseExtensionRequirements?: BrowserUseExtensionRequirements;
  BrowserUseOriginPolicy?: BrowserUseOriginPolicy;
  BrowserUseOriginPolicyConfig?: BrowserUseOriginPolicyConfig;
  BrowserUseRequirements?: BrowserUseRequirements;
  ByteRange?: ByteRange;
  CapabilityRootLocation?: CapabilityRootLocation;
  CliAuthCredentialsStoreMode?: CliAuthCredentialsStoreMode;
  ClientInfo?: ClientInfo;
  CodexErrorInfo?: CodexErrorInfo;
  CollabAgentState?: CollabAgentState;
  CollabAgentStatus?: CollabAgentStatus;
  CollabAgentTool?: CollabAgentTool;
  CollabAgentToolCallStatus?: CollabAgentToolCallStatus;
  CollaborationMode?: CollaborationMode;
  CollaborationModeListParams?: CollaborationModeListParams;
  CollaborationModeListResponse?: CollaborationModeListResponse;
  CollaborationModeMask?: CollaborationModeMask;
  CommandAction?: CommandAction;
  CommandExecOutputDeltaNotification?: CommandExecOutputDeltaNotification;
  CommandExecOutputStream?: CommandExecOutputStream;
  CommandExecParams?: CommandExecParams;
  CommandExecResizeParams?: CommandExecResizeParams;
  CommandExecResizeResponse?: CommandExecResizeResponse;
  CommandExecResponse?: CommandExecResponse;
  CommandExecTerminalSize?: CommandExecTerminalSize;
  CommandExecTerminateParams?: CommandExecTerminateParams;
  CommandExecTerminateResponse?: CommandExecTerminateResponse;
  CommandExecWriteParams?: CommandExecWriteParams;
  CommandExecWriteResponse?: CommandExecWriteResponse;
  CommandExecutionOutputDeltaNotification?: CommandExecutionOutputDeltaNotification;
  CommandExecutionSource?: CommandExecutionSource;
  CommandExecutionStatus?: CommandExecutionStatus;
  ComputerUseConfig?: ComputerUseConfig;
  ComputerUseMacosConfig?: ComputerUseMacosConfig;
  ComputerUseMacosRequirements?: ComputerUseMacosRequirements;
  ComputerUseRequirements?: ComputerUseRequirements;
  ComputerUseWindowsConfig?: ComputerUseWindowsConfig;
  ComputerUseWindowsExeConfig?: ComputerUseWindowsExeConfig;
  ComputerUseWindowsExeRequirement?: ComputerUseWindowsExeRequirement;
  ComputerUseWindowsRequirements?: ComputerUseWindowsRequirements;
  Config?: Config;
  ConfigBatchWriteParams?: ConfigBatchWriteParams;
  ConfigEdit?: ConfigEdit;
  ConfigLayer?: ConfigLayer;
  ConfigLayerMetadata?: ConfigLayerMetadata;
  ConfigLayerSource?: ConfigLayerSource;
  ConfigReadParams?: ConfigReadParams;
  ConfigReadResponse?: ConfigReadResponse;
  ConfigRequirements?: ConfigRequirements;
  ConfigRequirementsReadResponse?: ConfigRequirementsReadResponse;
  ConfigValueWriteParams?: ConfigValueWriteParams;
  ConfigWarningNotification?: ConfigWarningNotification;
  ConfigWriteResponse?: ConfigWriteResponse;
  ConfigurationReasoning?: ConfigurationReasoning;
  ConfiguredHookHandler?: ConfiguredHookHandler;
  ConfiguredHookMatcherGroup?: ConfiguredHookMatcherGroup;
  ContentItem?: ContentItem;
  CreditsSnapshot?: CreditsSnapshot;
  CyberAccessProgram?: CyberAccessProgram;
  DeprecationNoticeNotification?: DeprecationNoticeNotification;
  DynamicToolCallOutputContentItem?: DynamicToolCallOutputContentItem;
  DynamicToolCallStatus?: DynamicToolCallStatus;
  DynamicToolNamespaceTool?: DynamicToolNamespaceTool;
  DynamicToolSpec?: DynamicToolSpec;
  ErrorNotification?: ErrorNotification;
  ExperimentalFeature?: ExperimentalFeature;
  ExperimentalFeatureEnablementSetParams?: ExperimentalFeatureEnablementSetParams;
  ExperimentalFeatureEnablementSetResponse?: ExperimentalFeatureEnablementSetResponse;
  ExperimentalFeatureListParams?: ExperimentalFeatureListParams;
  ExperimentalFeatureListResponse?: ExperimentalFeatureListResponse;
  ExperimentalFeatureStage?: ExperimentalFeatureStage;
  FeedbackRequirements?: FeedbackRequirements;
  FeedbackSaveParams?: FeedbackSaveParams;
  FeedbackSaveResponse?: FeedbackSaveResponse;
  FeedbackUploadParams?: FeedbackUploadParams;
  FeedbackUploadResponse?: FeedbackUploadResponse;
  FileUpdateChange?: FileUpdateChange;
  ForcedChatgptWorkspaceIds?: ForcedChatgptWorkspaceIds;
  ForcedLoginMethod?: ForcedLoginMethod;
  FsChangedNotification?: FsChangedNotification;
  FsCopyParams?: FsCopyParams;
  FsCopyResponse?: FsCopyResponse;
  FsCreateDirectoryParams?: FsCreateDirectoryParams;
  FsCreateDirectoryResponse?: FsCreateDirectoryResponse;
  FsGetMetadataParams?: FsGetMetadataParams;
  FsGetMetadataResponse?: FsGetMetadataResponse;
  FsReadDirectoryEntry?: FsReadDirectoryEntry;
  FsReadDirectoryParams?: FsReadDirectoryParams;
  FsReadDirectoryResponse?: FsReadDirectoryResponse;
  FsReadFileParams?: FsReadFileParams;
  FsReadFileResponse?: FsReadFileResponse;
  FsRemoveParams?: FsRemoveParams;
  FsRemoveResponse?: FsRemoveResponse;
  FsUnwatchParams?: FsUnwatchParams;
  FsUnwatchResponse?: FsUnwatchResponse;
  FsWatchParams?: FsWatchParams;
  FsWatchResponse?: FsWatchResponse;
  FsWriteFileParams?: FsWriteFileParams;
  FsWriteFileResponse?: FsWriteFileResponse;
  FunctionCallOutputBody?: FunctionCallOutputBody;
  FunctionCallOutputContentItem?: FunctionCallOutputContentItem;
  FuzzyFileSearchMatchType?: FuzzyFileSearchMatchType;
  FuzzyFileSearchParams?: FuzzyFileSearchParams;
  FuzzyFileSearchResponse?: FuzzyFileSearchResponse;
  FuzzyFileSearchResult?: FuzzyFileSearchResult;
  FuzzyFileSearchSessionCompletedNotification?: FuzzyFileSearchSessionCompletedNotification;
  FuzzyFileSearchSessionStartParams?: FuzzyFileSearchSessionStartParams;
  FuzzyFileSearchSessionStartResponse?: FuzzyFileSearchSessionStartResponse;
  FuzzyFileSearchSessionStopParams?: FuzzyFileSearchSessionStopParams;
  FuzzyFileSearchSessionStopResponse?: FuzzyFileSearchSessionStopResponse;
  FuzzyFileSearchSessionUpdateParams?: FuzzyFileSearchSessionUpdateParams;
  FuzzyFileSearchSessionUpdateResponse?: FuzzyFileSearchSessionUpdateResponse;
  FuzzyFileSearchSessionUpdatedNotification?: FuzzyFileSearchSessionUpdatedNotification;
  GatewayAuth?: GatewayAuth;
  GcpProviderId?: GcpProviderId;
  GetAccountParams?: GetAccountParams;
  GetAccountResponse?: GetAccountResponse;
  GitInfo?: GitInfo;
  HookErrorInfo?: HookErrorInfo;
  HookEventName?: HookEventName;
  HookMetadata?: HookMetadata;
  HookPromptFragment?: HookPromptFragment;
  HookSource?: HookSource;
  HookTrustStatus?: HookTrustStatus;
  HooksListEntry?: HooksListEntry;
  HooksListParams?: HooksListParams;
  HooksListResponse?: HooksListResponse;
  ImageDetail?: ImageDetail;
  ImageGenerationFailure?: ImageGenerationFailure;
  ImageGenerationInputImage?: ImageGenerationInputImage;
  InAppBrowserRequirements?: InAppBrowserRequirements;
  InitializeCapabilities?: InitializeCapabilities;
  InitializeParams?: InitializeParams;
  InitializeResponse?: InitializeResponse;
  InputModality?: InputModality;
  InternalChatMessageMetadataPassthrough?: InternalChatMessageMetadataPassthrough;
  ItemCompletedNotification?: ItemCompletedNotification;
  ItemStartedNotification?: ItemStartedNotification;
  LegacyAppPathString?: LegacyAppPathString;
  LocalShellAction?: LocalShellAction;
  LocalShellStatus?: LocalShellStatus;
  ManagedHooksRequirements?: ManagedHooksRequirements;
  McpAppDisplayMode?: McpAppDisplayMode;
  McpAppUi?: McpAppUi;
  McpToolCallAppContext?: McpToolCallAppContext;
  McpToolCallError?: McpToolCallError;
  McpToolCallResult?: McpToolCallResult;
  McpToolCallStatus?: McpToolCallStatus;
  MemoryCitation?: MemoryCitation;
  MemoryCitationEntry?: MemoryCitationEntry;
  MergeStrategy?: MergeStrategy;
  MessagePhase?: MessagePhase;
  MisalignmentErrorDetails?: MisalignmentErrorDetails;
  MisalignmentSteer?: MisalignmentSteer;
  ModeKind?: ModeKind;
  Model?: Model;
  ModelAccessPrograms?: ModelAccessPrograms;
  ModelAvailabilityNux?: ModelAvailabilityNux;
  ModelListParams?: ModelListParams;
  ModelListResponse?: ModelListResponse;
  ModelProviderCapabilitiesReadParams?: ModelProviderCapabilitiesReadParams;
  ModelProviderCapabilitiesReadResponse?: ModelProviderCapabilitiesReadResponse;
  ModelProviderConfigWriteParams?: ModelProviderConfigWriteParams;
  ModelProviderConfigWriteResponse?: ModelProviderConfigWriteResponse;
  ModelProviderListParams?: ModelProviderListParams;
  ModelProviderListResponse?: ModelProviderListResponse;
  ModelProviderSummary?: ModelProviderSummary;
  ModelServiceTier?: ModelServiceTier;
  ModelUpgradeInfo?: ModelUpgradeInfo;
  ModelsRequirements?: ModelsRequirements;
  MultiAgentMode?: MultiAgentMode;
  MultiAgentVersion?: MultiAgentVersion;
  NetworkAccess?: NetworkAccess;
  NetworkDomainPermission?: NetworkDomainPermission;
  NetworkRequirements?: NetworkRequirements;
  NetworkUnixSocketPermission?: NetworkUnixSocketPermission;
  NewThreadModelDefaults?: NewThreadModelDefaults;
  NonSteerableTurnKind?: NonSteerableTurnKind;
  OtelExporter?: OtelExporter;
  OtelHttpProtocol?: OtelHttpProtocol;
  OtelRequirements?: OtelRequirements;
  OtelTlsConfig?: OtelTlsConfig;
  OtelToolResultLogConfig?: OtelToolResultLogConfig;
  OverriddenMetadata?: OverriddenMetadata;
  PatchApplyStatus?: PatchApplyStatus;
  PatchChangeKind?: PatchChangeKind;
  PermissionProfileListParams?: PermissionProfileListParams;
  PermissionProfileListResponse?: PermissionProfileListResponse;
  PermissionProfileSummary?: PermissionProfileSummary;
  Personality?: Personality;
  PlanType?: PlanType;
  ProviderSettings?: ProviderSettings;
  ProviderSettingsPatch?: ProviderSettingsPatch;
  RateLimitReachedType?: RateLimitReachedType;
  RateLimitSnapshot?: RateLimitSnapshot;
  RateLimitWindow?: RateLimitWindow;
  ReadOnlyAccess?: ReadOnlyAccess;
  ReasoningEffort?: ReasoningEffort;
  ReasoningEffortOption?: ReasoningEffortOption;
  ReasoningItemContent?: ReasoningItemContent;
  ReasoningItemReasoningSummary?: ReasoningItemReasoningSummary;
  ReasoningSummary?: ReasoningSummary;
  ReasoningSummaryPartAddedNotification?: ReasoningSummaryPartAddedNotification;
  ReasoningSummaryTextDeltaNotification?: ReasoningSummaryTextDeltaNotification;
  ReasoningTextDeltaNotification?: ReasoningTextDeltaNotification;
  RemoteControlConnectionStatus?: RemoteControlConnectionStatus;
  RemoteControlStatusChangedNotification?: RemoteControlStatusChangedNotification;
  RequestHeader?: RequestHeader;
  RequestId?: RequestId;
  ResidencyRequirement?: ResidencyRequirement;
  ResponseItem?: ResponseItem;
  ResponsesApiWebSearchAction?: ResponsesApiWebSearchAction;
  ReviewDelivery?: ReviewDelivery;
  ReviewStartParams?: ReviewStartParams;
  ReviewStartResponse?: ReviewStartResponse;
  ReviewTarget?: ReviewTarget;
  SandboxMode?: SandboxMode;
  SandboxPolicy?: SandboxPolicy;
  SandboxWorkspaceWrite?: SandboxWorkspaceWrite;
  SelectedCapabilityRoot?: SelectedCapabilityRoot;
  ServerRequestResolvedNotification?: ServerRequestResolvedNotification;
  SessionSource?: SessionSource;
  Settings?: Settings;
  SkillDependencies?: SkillDependencies;
  SkillErrorInfo?: SkillErrorInfo;
  SkillInterface?: SkillInterface;
  SkillMetadata?: SkillMetadata;
  SkillScope?: SkillScope;
  SkillToolDependency?: SkillToolDependency;
  SkillsListEntry?: SkillsListEntry;
  SkillsListParams?: SkillsListParams;
  SkillsListResponse?: SkillsListResponse;
  SortDirection?: SortDirection;
  SpendControlLimitSnapshot?: SpendControlLimitSnapshot;
  SubAgentActivityKind?: SubAgentActivityKind;
  SubAgentSource?: SubAgentSource;
  TerminalInteractionNotification?: TerminalInteractionNotification;
  TextElement?: TextElement;
  TextPosition?: TextPosition;
  TextRange?: TextRange;
  Thread?: Thread;
  ThreadActiveFlag?: ThreadActiveFlag;
  ThreadArchiveParams?: ThreadArchiveParams;
  ThreadArchiveResponse?: ThreadArchiveResponse;
  ThreadArchivedNotification?: ThreadArchivedNotification;
  ThreadClosedNotification?: ThreadClosedNotification;
  ThreadCompactStartParams?: ThreadCompactStartParams;
  ThreadCompactStartResponse?: ThreadCompactStartResponse;
  ThreadDeleteParams?: ThreadDeleteParams;
  ThreadDeleteResponse?: ThreadDeleteResponse;
  ThreadDeletedNotification?: ThreadDeletedNotification;
  ThreadEnvironment?: ThreadEnvironment;
  ThreadExtra?: ThreadExtra;
  ThreadForkParams?: ThreadForkParams;
  ThreadForkResponse?: ThreadForkResponse;
  ThreadGoal?: ThreadGoal;
  ThreadGoalClearParams?: ThreadGoalClearParams;
  ThreadGoalClearResponse?: ThreadGoalClearResponse;
  ThreadGoalClearedNotification?: ThreadGoalClearedNotification;
  ThreadGoalGetParams?: ThreadGoalGetParams;
  ThreadGoalGetResponse?: ThreadGoalGetResponse;
  ThreadGoalMutationOrigin?: ThreadGoalMutationOrigin;
  ThreadGoalSetParams?: ThreadGoalSetParams;
  ThreadGoalSetResponse?: ThreadGoalSetResponse;
  ThreadGoalStatus?: ThreadGoalStatus;
  ThreadGoalUpdatedNotification?: ThreadGoalUpdatedNotification;
  ThreadHistoryMode?: ThreadHistoryMode;
  ThreadId?: ThreadId;
  ThreadInjectItemsParams?: ThreadInjectItemsParams;
  ThreadInjectItemsResponse?: ThreadInjectItemsResponse;
  ThreadItem?: ThreadItem;
  ThreadItemEntry?: ThreadItemEntry;
  ThreadItemOutputDeferral?: ThreadItemOutputDeferral;
  ThreadItemsListAnchor?: ThreadItemsListAnchor;
  ThreadItemsListCursor?: ThreadItemsListCursor;
  ThreadItemsListParams?: ThreadItemsListParams;
  ThreadItemsListResponse?: ThreadItemsListResponse;
  ThreadListCwdFilter?: ThreadListCwdFilter;
  ThreadListParams?: ThreadListParams;
  ThreadListResponse?: ThreadListResponse;
  ThreadLoadedListParams?: ThreadLoadedListParams;
  ThreadLoadedListResponse?: ThreadLoadedListResponse;
  ThreadMetadataGitInfoUpdateParams?: ThreadMetadataGitInfoUpdateParams;
  ThreadMetadataUpdateParams?: ThreadMetadataUpdateParams;
  ThreadMetadataUpdateResponse?: ThreadMetadataUpdateResponse;
  ThreadNameUpdatedNotification?: ThreadNameUpdatedNotification;
  ThreadReadParams?: ThreadReadParams;
  ThreadReadResponse?: ThreadReadResponse;
  ThreadReadState?: ThreadReadState;
  ThreadReadStateChangedNotification?: ThreadReadStateChangedNotification;
  ThreadReadStateOperation?: ThreadReadStateOperation;
  ThreadReadStateUpdateParams?: ThreadReadStateUpdateParams;
  ThreadReadStateUpdateResponse?: ThreadReadStateUpdateResponse;
  ThreadResumeInitialTurnsPageParams?: ThreadResumeInitialTurnsPageParams;
  ThreadResumeParams?: ThreadResumeParams;
  ThreadResumeResponse?: ThreadResumeResponse;
  ThreadSection?: ThreadSection;
  ThreadSectionAppearance?: ThreadSectionAppearance;
  ThreadSetNameParams?: ThreadSetNameParams;
  ThreadSetNameResponse?: ThreadSetNameResponse;
  ThreadSettings?: ThreadSettings;
  ThreadSettingsUpdatedNotification?: ThreadSettingsUpdatedNotification;
  ThreadShellCommandParams?: ThreadShellCommandParams;
  ThreadShellCommandResponse?: ThreadShellCommandResponse;
  ThreadSortKey?: ThreadSortKey;
  ThreadSource?: ThreadSource;
  ThreadSourceKind?: ThreadSourceKind;
  ThreadStartParams?: ThreadStartParams;
  ThreadStartResponse?: ThreadStartResponse;
  ThreadStartSource?: ThreadStartSource;
  ThreadStartedNotification?: ThreadStartedNotification;
  ThreadStatus?: ThreadStatus;
  ThreadStatusChangedNotification?: ThreadStatusChangedNotification;
  ThreadTokenUsage?: ThreadTokenUsage;
  ThreadTokenUsageUpdatedNotification?: ThreadTokenUsageUpdatedNotification;
  ThreadTurnsListParams?: ThreadTurnsListParams;
  ThreadTurnsListResponse?: ThreadTurnsListResponse;
  ThreadUnarchiveParams?: ThreadUnarchiveParams;
  ThreadUnarchiveResponse?: ThreadUnarchiveResponse;
  ThreadUnarchivedNotification?: ThreadUnarchivedNotification;
  ThreadUnreadPosition?: ThreadUnreadPosition;
  ThreadUnsubscribeParams?: ThreadUnsubscribeParams;
  ThreadUnsubscribeResponse?: ThreadUnsubscribeResponse;
  ThreadUnsubscribeStatus?: ThreadUnsubscribeStatus;
  TokenUsageBreakdown?: TokenUsageBreakdown;
  ToolsV2?: ToolsV2;
  Turn?: Turn;
  TurnCompletedNotification?: TurnCompletedNotification;
  TurnEnvironmentParams?: TurnEnvironmentParams;
  TurnError?: TurnError;
  TurnInterruptParams?: TurnInterruptParams;
  TurnInterruptResponse?: TurnInterruptResponse;
  TurnItemsView?: TurnItemsView;
  TurnStartParams?: TurnStartParams;
  TurnStartResponse?: TurnStartResponse;
  TurnStartedNotification?: TurnStartedNotification;
  TurnStatus?: TurnStatus;
  TurnSteerParams?: TurnSteerParams;
  TurnSteerResponse?: TurnSteerResponse;
  TurnToolOutput?: TurnToolOutput;
  TurnsPage?: TurnsPage;
  UserInput?: UserInput;
  Verbosity?: Verbosity;
  WarningNotification?: WarningNotification;
  WebSearchAction?: WebSearchAction;
  WebSearchContextSize?: WebSearchContextSize;
  WebSearchLocation?: WebSearchLocation;
  WebSearchMode?: WebSearchMode;
  WebSearchProvider?: WebSearchProvider;
  WebSearchToolConfig?: WebSearchToolConfig;
  WindowsSandboxImplementation?: WindowsSandboxImplementation;
  WorkspaceRouting?: WorkspaceRouting;
  WriteStatus?: WriteStatus;
}
export interface ApiKeyAccount {
  type: ApiKeyAccountType;
}
export interface ChatgptAccount {
  type: ChatgptAccountType;
  email: string | null;
  planType: PlanType;
  workspaceName: string | null;
}
export interface AmazonBedrockAccount {
  type: AmazonBedrockAccountType;
  usesCodexManagedCredentials?: boolean;
}
export interface GcpAccount {
  type: GcpAccountType;
}
/**
 * The account's rate-limit snapshot changed (sent after each model call).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AccountRateLimitsUpdatedNotification".
 */
export interface AccountRateLimitsUpdatedNotification {
  rateLimits: RateLimitSnapshot;
}
/**
 * Usage against the account's rate limits at one moment; members are null when the provider does not report them.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "RateLimitSnapshot".
 */
export interface RateLimitSnapshot {
  limitId: string | null;
  limitName: string | null;
  normalModelSlug: string | null;
  primary: RateLimitWindow | null;
  secondary: RateLimitWindow | null;
  credits: CreditsSnapshot | null;
  individualLimit: SpendControlLimitSnapshot | null;
  spendControlReached: boolean | null;
  planType: PlanType | null;
  rateLimitReachedType: RateLimitReachedType | null;
}
/**
 * One rate-limit window: how much is used and when it resets.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "RateLimitWindow".
 */
export interface RateLimitWindow {
  usedPercent: number;
  windowDurationMins: number | null;
  resetsAt: number | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CreditsSnapshot".
 */
export interface CreditsSnapshot {
  hasCredits: boolean;
  unlimited: boolean;
  balance: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SpendControlLimitSnapshot".
 */
export interface SpendControlLimitSnapshot {
  limit: string;
  used: string;
  remainingPercent: number;
  resetsAt: number;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ActivePermissionProfile".
 */
export interface ActivePermissionProfile {
  id: string;
  extends?: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AdditionalContextEntry".
 */
export interface AdditionalContextEntry {
  value: string;
  kind: AdditionalContextKind;
  name?: string | null;
}
/**
 * A piece of agent message text, streamed as it arrives.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AgentMessageDeltaNotification".
 */
export interface AgentMessageDeltaNotification {
  threadId: string;
  turnId: string;
  itemId: string;
  delta: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AgentMessageDisplay".
 */
export interface AgentMessageDisplay {
  action: string;
  blockType: string | null;
  cyberTrustedAccess: boolean | null;
  checkTrustedContacts: boolean | null;
}
export interface InputTextAgentMessageInputContent {
  type: InputTextAgentMessageInputContentType;
  text: string;
}
export interface EncryptedContentAgentMessageInputContent {
  type: EncryptedContentAgentMessageInputContentType;
  encrypted_content: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AgentMessageModeration".
 */
export interface AgentMessageModeration {
  moderated: boolean;
  display: AgentMessageDisplay | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AnalyticsConfig".
 */
export interface AnalyticsConfig {
  enabled: boolean | null;
  [k: string]: unknown;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ApplicationNetworkRequirements".
 */
export interface ApplicationNetworkRequirements {
  enabled: boolean;
  domains: {
    [k: string]: NetworkDomainPermission;
  };
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ApplicationRequirements".
 */
export interface ApplicationRequirements {
  network: ApplicationNetworkRequirements | null;
  storage: ApplicationStorageRequirements | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ApplicationStorageRequirements".
 */
export interface ApplicationStorageRequirements {
  defaultProjectParent: LegacyAppPathString | null;
  projectlessWorkspaceRoot: LegacyAppPathString | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AppsConfig".
 */
export interface AppsConfig {
  _default?: AppsDefaultConfig | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AppsDefaultConfig".
 */
export interface AppsDefaultConfig {
  enabled?: boolean;
  approvals_reviewer: ApprovalsReviewer | null;
  destructive_enabled?: boolean;
  open_world_enabled?: boolean;
  default_tools_approval_mode: AppToolApproval | null;
}
export interface GranularAskForApproval {
  granular: {
    mcp_elicitations: boolean;
    request_permissions?: boolean;
    rules: boolean;
    sandbox_approval: boolean;
    skill_approval?: boolean;
  };
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AsyncUserInputQuestion".
 */
export interface AsyncUserInputQuestion {
  title: string;
  options: string[] | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "AutoReviewRequirements".
 */
export interface AutoReviewRequirements {
  requiredOnModels: string[] | null;
  ignoreRules: string[] | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "BrowserUseConfig".
 */
export interface BrowserUseConfig {
  allow_history_access: boolean | null;
  default_origin_policy: BrowserUseOriginPolicyConfig | null;
  origins: {
    [k: string]: BrowserUseOriginPolicyConfig;
  } | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "BrowserUseOriginPolicyConfig".
 */
export interface BrowserUseOriginPolicyConfig {
  access: AllowDenyRequirement | null;
  downloads: AllowDenyRequirement | null;
  uploads: AllowDenyRequirement | null;
  full_cdp_access: AllowDenyRequirement | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "BrowserUseExtensionRequirements".
 */
export interface BrowserUseExtensionRequirements {
  requestHeaders: RequestHeader[] | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "RequestHeader".
 */
export interface RequestHeader {
  name: string;
  value: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "BrowserUseOriginPolicy".
 */
export interface BrowserUseOriginPolicy {
  access: AllowDenyRequirement | null;
  downloads: AllowDenyRequirement | null;
  uploads: AllowDenyRequirement | null;
  fullCdpAccess: AllowDenyRequirement | null;
  autoReview: AllowDenyRequirement | null;
  persistentApproval: boolean | null;
  accessApprovalLifetime: BrowserUseAccessApprovalLifetime | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "BrowserUseRequirements".
 */
export interface BrowserUseRequirements {
  extension: BrowserUseExtensionRequirements | null;
  allowWebmcp: boolean | null;
  allowHistoryAccess: boolean | null;
  disableAutoReview: boolean | null;
  allowGlobalPersistentApproval: boolean | null;
  defaultOriginPolicy: BrowserUseOriginPolicy | null;
  origins: {
    [k: string]: BrowserUseOriginPolicy;
  } | null;
}
/**
 * A half-open byte range inside a UTF-8 string.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ByteRange".
 */
export interface ByteRange {
  start: number;
  end: number;
}
export interface EnvironmentCapabilityRootLocation {
  type: EnvironmentCapabilityRootLocationType;
  environmentId: string;
  path: string;
}
/**
 * The connecting client's name and version; the name becomes the thread originator.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ClientInfo".
 */
export interface ClientInfo {
  name: string;
  title?: string | null;
  version: string;
}
export interface HttpConnectionFailedCodexErrorInfo {
  httpConnectionFailed: {
    httpStatusCode?: number | null;
  };
}
export interface ResponseStreamConnectionFailedCodexErrorInfo {
  responseStreamConnectionFailed: {
    httpStatusCode?: number | null;
  };
}
export interface ResponseStreamDisconnectedCodexErrorInfo {
  responseStreamDisconnected: {
    httpStatusCode?: number | null;
  };
}
export interface ResponseTooManyFailedAttemptsCodexErrorInfo {
  responseTooManyFailedAttempts: {
    httpStatusCode?: number | null;
  };
}
export interface ActiveTurnNotSteerableCodexErrorInfo {
  activeTurnNotSteerable: {
    turnKind: NonSteerableTurnKind;
  };
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollabAgentState".
 */
export interface CollabAgentState {
  status: CollabAgentStatus;
  message: string | null;
}
/**
 * A collaboration preset and its settings.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollaborationMode".
 */
export interface CollaborationMode {
  mode: ModeKind;
  settings: Settings;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Settings".
 */
export interface Settings {
  model: string;
  reasoning_effort: ReasoningEffort | null;
  developer_instructions: string | null;
}
/**
 * No parameters.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollaborationModeListParams".
 */
export interface CollaborationModeListParams {}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollaborationModeListResponse".
 */
export interface CollaborationModeListResponse {
  data: CollaborationModeMask[];
}
/**
 * A collaboration mode preset: its display name, mode and optional model and effort overrides.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CollaborationModeMask".
 */
export interface CollaborationModeMask {
  name: string;
  mode: ModeKind | null;
  model: string | null;
  reasoning_effort: ReasoningEffort | null;
}
export interface ReadCommandAction {
  type: ReadCommandActionType;
  command: string;
  name: string;
  path: LegacyAppPathString;
}
export interface ListFilesCommandAction {
  type: ListFilesCommandActionType;
  command: string;
  path: string | null;
}
export interface SearchCommandAction {
  type: SearchCommandActionType;
  command: string;
  query: string | null;
  path: string | null;
}
export interface UnknownCommandAction {
  type: UnknownCommandActionType;
  command: string;
}
/**
 * A chunk of a streamed command's output.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecOutputDeltaNotification".
 */
export interface CommandExecOutputDeltaNotification {
  processId: string;
  stream: CommandExecOutputStream;
  deltaBase64: string;
  capReached: boolean;
}
/**
 * Run an argv; the answer comes when the process has exited.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecParams".
 */
export interface CommandExecParams {
  command: string[];
  processId?: string | null;
  tty?: boolean;
  streamStdin?: boolean;
  streamStdoutStderr?: boolean;
  outputBytesCap?: number | null;
  disableOutputCap?: boolean;
  disableTimeout?: boolean;
  timeoutMs?: number | null;
  cwd?: string | null;
  env?: {
    [k: string]: string | null;
  } | null;
  size?: CommandExecTerminalSize | null;
  sandboxPolicy?: SandboxPolicy | null;
  permissionProfile?: string | null;
}
/**
 * A terminal size in character cells.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecTerminalSize".
 */
export interface CommandExecTerminalSize {
  rows: number;
  cols: number;
}
export interface DangerFullAccessSandboxPolicy {
  type: DangerFullAccessSandboxPolicyType;
}
export interface ReadOnlySandboxPolicy {
  type: ReadOnlySandboxPolicyType;
  networkAccess?: boolean;
  /**
   * spindle extension: which paths a sandboxed command may read. `fullAccess` (the default) reads everything; `restricted` reads only the platform defaults (when included) and `readableRoots`.
   */
  access?: FullAccessReadOnlyAccess | RestrictedReadOnlyAccess;
}
export interface FullAccessReadOnlyAccess {
  type: FullAccessReadOnlyAccessType;
}
export interface RestrictedReadOnlyAccess {
  type: RestrictedReadOnlyAccessType;
  includePlatformDefaults?: boolean;
  readableRoots?: AbsolutePathBuf[];
}
export interface ExternalSandboxSandboxPolicy {
  type: ExternalSandboxSandboxPolicyType;
  /**
   * Whether sandboxed commands may use the network.
   */
  networkAccess?: "restricted" | "enabled";
}
export interface WorkspaceWriteSandboxPolicy {
  type: WorkspaceWriteSandboxPolicyType;
  writableRoots?: AbsolutePathBuf[];
  networkAccess?: boolean;
  excludeTmpdirEnvVar?: boolean;
  excludeSlashTmp?: boolean;
  /**
   * spindle extension: which paths a sandboxed command may read. `fullAccess` (the default) reads everything; `restricted` reads only the platform defaults (when included) and `readableRoots`.
   */
  readOnlyAccess?: FullAccessReadOnlyAccess | RestrictedReadOnlyAccess;
}
/**
 * Resize the PTY of a running command.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecResizeParams".
 */
export interface CommandExecResizeParams {
  processId: string;
  size: CommandExecTerminalSize;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecResizeResponse".
 */
export interface CommandExecResizeResponse {}
/**
 * How the command ended and what it printed (streams sent as deltas are empty here).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecResponse".
 */
export interface CommandExecResponse {
  exitCode: number;
  stdout: string;
  stderr: string;
}
/**
 * Kill a running command.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecTerminateParams".
 */
export interface CommandExecTerminateParams {
  processId: string;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecTerminateResponse".
 */
export interface CommandExecTerminateResponse {}
/**
 * Write to a running command's stdin, close it, or both.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecWriteParams".
 */
export interface CommandExecWriteParams {
  processId: string;
  deltaBase64?: string | null;
  closeStdin?: boolean;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecWriteResponse".
 */
export interface CommandExecWriteResponse {}
/**
 * A piece of a running command item's output, streamed as it is produced.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "CommandExecutionOutputDeltaNotification".
 */
export interface CommandExecutionOutputDeltaNotification {
  threadId: string;
  turnId: string;
  itemId: string;
  delta: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseConfig".
 */
export interface ComputerUseConfig {
  default_app_access: AllowDenyRequirement | null;
  macos: ComputerUseMacosConfig | null;
  windows: ComputerUseWindowsConfig | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseMacosConfig".
 */
export interface ComputerUseMacosConfig {
  bundle_ids: {
    [k: string]: AllowDenyRequirement;
  } | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseWindowsConfig".
 */
export interface ComputerUseWindowsConfig {
  aumids: {
    [k: string]: AllowDenyRequirement;
  } | null;
  exes: ComputerUseWindowsExeConfig[] | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseWindowsExeConfig".
 */
export interface ComputerUseWindowsExeConfig {
  publisher_name: string;
  product_name: string;
  binary_name: string | null;
  access: AllowDenyRequirement;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseMacosRequirements".
 */
export interface ComputerUseMacosRequirements {
  bundleIds: {
    [k: string]: AllowDenyRequirement;
  } | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseRequirements".
 */
export interface ComputerUseRequirements {
  allowLockedComputerUse: boolean | null;
  allowPersistentApproval: boolean | null;
  defaultAppAccess: AllowDenyRequirement | null;
  macos: ComputerUseMacosRequirements | null;
  windows: ComputerUseWindowsRequirements | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseWindowsRequirements".
 */
export interface ComputerUseWindowsRequirements {
  aumids: {
    [k: string]: AllowDenyRequirement;
  } | null;
  exes: ComputerUseWindowsExeRequirement[] | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ComputerUseWindowsExeRequirement".
 */
export interface ComputerUseWindowsExeRequirement {
  publisherName: string;
  productName: string;
  binaryName: string | null;
  access: AllowDenyRequirement;
}
/**
 * The effective configuration, as the configuration file keys (snake_case).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Config".
 */
export interface Config {
  model: string | null;
  review_model: string | null;
  model_context_window: number | null;
  model_auto_compact_token_limit: number | null;
  model_auto_compact_token_limit_scope: AutoCompactTokenLimitScope | null;
  model_provider: string | null;
  approval_policy: AskForApproval | null;
  approvals_reviewer: ApprovalsReviewer | null;
  sandbox_mode: SandboxMode | null;
  sandbox_workspace_write: SandboxWorkspaceWrite | null;
  forced_chatgpt_workspace_id: ForcedChatgptWorkspaceIds | null;
  forced_login_method: ForcedLoginMethod | null;
  web_search: WebSearchMode | null;
  client_search_provider: WebSearchProvider | null;
  tools: ToolsV2 | null;
  instructions: string | null;
  developer_instructions: string | null;
  compact_prompt: string | null;
  model_reasoning_effort: ReasoningEffort | null;
  model_reasoning_summary: ReasoningSummary | null;
  model_verbosity: Verbosity | null;
  service_tier: string | null;
  analytics: AnalyticsConfig | null;
  apps?: AppsConfig | null;
  browser_use: BrowserUseConfig | null;
  computer_use: ComputerUseConfig | null;
  desktop: {
    [k: string]: unknown;
  } | null;
  [k: string]: unknown;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SandboxWorkspaceWrite".
 */
export interface SandboxWorkspaceWrite {
  writable_roots?: string[];
  network_access?: boolean;
  exclude_tmpdir_env_var?: boolean;
  exclude_slash_tmp?: boolean;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ToolsV2".
 */
export interface ToolsV2 {
  web_search: WebSearchToolConfig | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WebSearchToolConfig".
 */
export interface WebSearchToolConfig {
  context_size: WebSearchContextSize | null;
  allowed_domains: string[] | null;
  location: WebSearchLocation | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WebSearchLocation".
 */
export interface WebSearchLocation {
  country: string | null;
  region: string | null;
  city: string | null;
  timezone: string | null;
}
/**
 * Apply several edits to the user's config.toml at once: all of them or none.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigBatchWriteParams".
 */
export interface ConfigBatchWriteParams {
  edits: ConfigEdit[];
  filePath?: string | null;
  expectedVersion?: string | null;
  reloadUserConfig?: boolean;
}
/**
 * One edit of a batch: a dotted key path, the value (null removes the key) and the merge strategy.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigEdit".
 */
export interface ConfigEdit {
  keyPath: string;
  value: unknown;
  mergeStrategy: MergeStrategy;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigLayer".
 */
export interface ConfigLayer {
  name: ConfigLayerSource;
  version: string;
  config: unknown;
  /**
   * Why the layer is not applied; absent when it is.
   */
  disabledReason?: string;
}
export interface PackagedDefaultsConfigLayerSource {
  type: PackagedDefaultsConfigLayerSourceType;
  file: AbsolutePathBuf;
}
export interface MdmConfigLayerSource {
  type: MdmConfigLayerSourceType;
  domain: string;
  key: string;
}
export interface SystemConfigLayerSource {
  type: SystemConfigLayerSourceType;
  file: AbsolutePathBuf;
}
export interface EnterpriseManagedConfigLayerSource {
  type: EnterpriseManagedConfigLayerSourceType;
  id: string;
  name: string;
}
export interface UserConfigLayerSource {
  type: UserConfigLayerSourceType;
  file: AbsolutePathBuf;
  profile: string | null;
}
export interface ProjectConfigLayerSource {
  type: ProjectConfigLayerSourceType;
  dotCodexFolder: AbsolutePathBuf;
}
export interface SessionFlagsConfigLayerSource {
  type: SessionFlagsConfigLayerSourceType;
}
export interface LegacyManagedConfigTomlFromFileConfigLayerSource {
  type: LegacyManagedConfigTomlFromFileConfigLayerSourceType;
  file: AbsolutePathBuf;
}
export interface LegacyManagedConfigTomlFromMdmConfigLayerSource {
  type: LegacyManagedConfigTomlFromMdmConfigLayerSourceType;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigLayerMetadata".
 */
export interface ConfigLayerMetadata {
  name: ConfigLayerSource;
  version: string;
}
/**
 * Read the effective configuration, optionally with its layers.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigReadParams".
 */
export interface ConfigReadParams {
  includeLayers?: boolean;
  cwd?: string | null;
}
/**
 * The effective configuration and where each value came from.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigReadResponse".
 */
export interface ConfigReadResponse {
  config: Config;
  origins: {
    [k: string]: ConfigLayerMetadata;
  };
  /**
   * The layers, highest precedence first; present only when `includeLayers` asked for them.
   */
  layers?: ConfigLayer[];
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigRequirements".
 */
export interface ConfigRequirements {
  modelProvider: string | null;
  modelProviders: {
    [k: string]: unknown;
  } | null;
  allowedLoginMethods: ForcedLoginMethod[] | null;
  cliAuthCredentialsStore: CliAuthCredentialsStoreMode | null;
  chatgptBaseUrl: string | null;
  additionalDeveloperInstructions: string | null;
  allowedApprovalPolicies: AskForApproval[] | null;
  allowedApprovalsReviewers: ApprovalsReviewer[] | null;
  allowedSandboxModes: SandboxMode[] | null;
  allowedWindowsSandboxImplementations: WindowsSandboxImplementation[] | null;
  allowedPermissionProfiles: {
    [k: string]: boolean;
  } | null;
  defaultPermissions: string | null;
  allowedWebSearchModes: WebSearchMode[] | null;
  allowManagedHooksOnly: boolean | null;
  allowBrowserAndComputerUse: boolean | null;
  allowAppshots: boolean | null;
  allowRemoteControl: boolean | null;
  computerUse: ComputerUseRequirements | null;
  browserUse: BrowserUseRequirements | null;
  inAppBrowser: InAppBrowserRequirements | null;
  featureRequirements: {
    [k: string]: boolean;
  } | null;
  hooks: ManagedHooksRequirements | null;
  enforceResidency: ResidencyRequirement | null;
  network: NetworkRequirements | null;
  application: ApplicationRequirements | null;
  autoReview: AutoReviewRequirements | null;
  models: ModelsRequirements | null;
  sqliteHome: string | null;
  logDir: string | null;
  modelCatalogJson: string | null;
  checkForUpdateOnStartup: boolean | null;
  allowLoginShell: boolean | null;
  feedback: FeedbackRequirements | null;
  otel: OtelRequirements | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "InAppBrowserRequirements".
 */
export interface InAppBrowserRequirements {
  allowExternalBrowserSettingsImport: boolean | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ManagedHooksRequirements".
 */
export interface ManagedHooksRequirements {
  PreModelRequest?: ConfiguredHookMatcherGroup[];
  PostModelRequest?: ConfiguredHookMatcherGroup[];
  managedDir: string | null;
  windowsManagedDir: string | null;
  PreToolUse: ConfiguredHookMatcherGroup[];
  PermissionRequest: ConfiguredHookMatcherGroup[];
  PostToolUse: ConfiguredHookMatcherGroup[];
  PreCompact: ConfiguredHookMatcherGroup[];
  PostCompact: ConfiguredHookMatcherGroup[];
  SessionStart: ConfiguredHookMatcherGroup[];
  SessionEnd?: ConfiguredHookMatcherGroup[];
  UserPromptSubmit: ConfiguredHookMatcherGroup[];
  SubagentStart: ConfiguredHookMatcherGroup[];
  SubagentStop: ConfiguredHookMatcherGroup[];
  Stop: ConfiguredHookMatcherGroup[];
  Interrupt?: ConfiguredHookMatcherGroup[];
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfiguredHookMatcherGroup".
 */
export interface ConfiguredHookMatcherGroup {
  matcher: string | null;
  hooks: ConfiguredHookHandler[];
}
export interface CommandConfiguredHookHandler {
  type: CommandConfiguredHookHandlerType;
  command: string;
  commandWindows: string | null;
  timeoutSec: number | null;
  async: boolean;
  statusMessage: string | null;
  additionalContextLimit: number | null;
}
export interface McpToolConfiguredHookHandler {
  type: McpToolConfiguredHookHandlerType;
  server: string;
  tool: string;
  input: {
    [k: string]: unknown;
  };
  timeoutSec: number | null;
  statusMessage: string | null;
}
export interface PromptConfiguredHookHandler {
  type: PromptConfiguredHookHandlerType;
}
export interface AgentConfiguredHookHandler {
  type: AgentConfiguredHookHandlerType;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "NetworkRequirements".
 */
export interface NetworkRequirements {
  enabled: boolean | null;
  httpPort: number | null;
  socksPort: number | null;
  allowUpstreamProxy: boolean | null;
  dangerouslyAllowNonLoopbackProxy: boolean | null;
  dangerouslyAllowAllUnixSockets: boolean | null;
  domains: {
    [k: string]: NetworkDomainPermission;
  } | null;
  reviewDomains: string[] | null;
  managedAllowedDomainsOnly: boolean | null;
  allowedDomains: string[] | null;
  deniedDomains: string[] | null;
  unixSockets: {
    [k: string]: NetworkUnixSocketPermission;
  } | null;
  allowUnixSockets: string[] | null;
  allowLocalBinding: boolean | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelsRequirements".
 */
export interface ModelsRequirements {
  newThread: NewThreadModelDefaults | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "NewThreadModelDefaults".
 */
export interface NewThreadModelDefaults {
  model: string | null;
  modelReasoningEffort: ReasoningEffort | null;
  serviceTier: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FeedbackRequirements".
 */
export interface FeedbackRequirements {
  enabled: boolean | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "OtelRequirements".
 */
export interface OtelRequirements {
  tool_result: OtelToolResultLogConfig | null;
  log_sse_deltas: boolean | null;
  log_user_prompt: boolean | null;
  log_agent_responses: boolean | null;
  log_guardian_assessments: boolean | null;
  environment: string | null;
  exporter: OtelExporter | null;
  trace_exporter: OtelExporter | null;
  metrics_exporter: OtelExporter | null;
  span_attributes: {
    [k: string]: string;
  } | null;
  tracestate: {
    [k: string]: {
      [k: string]: string;
    };
  } | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "OtelToolResultLogConfig".
 */
export interface OtelToolResultLogConfig {
  max_bytes: number;
}
export interface OtlpHttpOtelExporter {
  "otlp-http": {
    endpoint: string;
    headers: {
      [k: string]: string;
    };
    protocol: OtelHttpProtocol;
    tls?: OtelTlsConfig | null;
  };
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "OtelTlsConfig".
 */
export interface OtelTlsConfig {
  "ca-certificate": string | null;
  "client-certificate": string | null;
  "client-private-key": string | null;
}
export interface OtlpGrpcOtelExporter {
  "otlp-grpc": {
    endpoint: string;
    headers: {
      [k: string]: string;
    };
    tls?: OtelTlsConfig | null;
  };
}
/**
 * Constraints an administrator placed on the configuration, if any.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigRequirementsReadResponse".
 */
export interface ConfigRequirementsReadResponse {
  supportsIndependentSpeedModes?: boolean | null;
  requirements: ConfigRequirements | null;
}
/**
 * Write one value into the user's config.toml.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigValueWriteParams".
 */
export interface ConfigValueWriteParams {
  keyPath: string;
  value: unknown;
  mergeStrategy: MergeStrategy;
  filePath?: string | null;
  expectedVersion?: string | null;
}
/**
 * Something in the configuration needs the user's attention.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigWarningNotification".
 */
export interface ConfigWarningNotification {
  summary: string;
  details: string | null;
  path?: string;
  range?: TextRange;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TextRange".
 */
export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TextPosition".
 */
export interface TextPosition {
  line: number;
  column: number;
}
/**
 * Where the edit went and the file's new version.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigWriteResponse".
 */
export interface ConfigWriteResponse {
  status: WriteStatus;
  version: string;
  filePath: AbsolutePathBuf;
  overriddenMetadata: OverriddenMetadata | null;
}
/**
 * Which layer overrides a written value, and the value that wins.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "OverriddenMetadata".
 */
export interface OverriddenMetadata {
  message: string;
  overridingLayer: ConfigLayerMetadata;
  effectiveValue: unknown;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ConfigurationReasoning".
 */
export interface ConfigurationReasoning {
  effort: ReasoningEffort;
}
export interface InputTextContentItem {
  type: InputTextContentItemType;
  text: string;
}
export interface InputImageContentItem {
  type: InputImageContentItemType;
  detail?: ImageDetail | null;
  image_url?: string;
  file_id?: string;
}
export interface InputAudioContentItem {
  type: InputAudioContentItemType;
  audio_url?: string;
  file_id?: string;
}
export interface OutputTextContentItem {
  type: OutputTextContentItemType;
  text: string;
  annotations?: unknown[] | null;
  logprobs?: unknown[] | null;
}
/**
 * The client used something that is going away.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "DeprecationNoticeNotification".
 */
export interface DeprecationNoticeNotification {
  summary: string;
  details: string | null;
}
export interface InputTextDynamicToolCallOutputContentItem {
  type: InputTextDynamicToolCallOutputContentItemType;
  text: string;
}
export interface InputImageDynamicToolCallOutputContentItem {
  type: InputImageDynamicToolCallOutputContentItemType;
  imageUrl: string;
}
export interface InputAudioDynamicToolCallOutputContentItem {
  type: InputAudioDynamicToolCallOutputContentItemType;
  audioUrl: string;
}
export interface FunctionDynamicToolNamespaceTool {
  type: FunctionDynamicToolNamespaceToolType;
  name: string;
  description: string;
  inputSchema: unknown;
  deferLoading?: boolean;
}
export interface FunctionDynamicToolSpec {
  type: FunctionDynamicToolSpecType;
  name: string;
  description: string;
  inputSchema: unknown;
  deferLoading?: boolean;
}
export interface NamespaceDynamicToolSpec {
  type: NamespaceDynamicToolSpecType;
  name: string;
  description: string;
  tools: DynamicToolNamespaceTool[];
}
/**
 * A turn hit an error; `willRetry` says whether the server tries again.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ErrorNotification".
 */
export interface ErrorNotification {
  error: TurnError;
  willRetry: boolean;
  threadId: string;
  turnId: string;
}
/**
 * Why a turn failed, as shown to the user.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnError".
 */
export interface TurnError {
  message: string;
  codexErrorInfo: CodexErrorInfo | null;
  additionalDetails?: string | null;
  misalignment?: MisalignmentErrorDetails | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MisalignmentErrorDetails".
 */
export interface MisalignmentErrorDetails {
  errorType: string | null;
  detailedExplanation: string | null;
  steer: MisalignmentSteer | null;
  reviewTarget: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MisalignmentSteer".
 */
export interface MisalignmentSteer {
  message: string;
}
/**
 * A feature flag and whether it is on.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ExperimentalFeature".
 */
export interface ExperimentalFeature {
  name: string;
  stage: ExperimentalFeatureStage;
  displayName: string | null;
  description: string | null;
  announcement: string | null;
  enabled: boolean;
  defaultEnabled: boolean;
}
/**
 * Turn features on or off for this server.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ExperimentalFeatureEnablementSetParams".
 */
export interface ExperimentalFeatureEnablementSetParams {
  enablement: {
    [k: string]: boolean;
  };
}
/**
 * The features whose enablement changed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ExperimentalFeatureEnablementSetResponse".
 */
export interface ExperimentalFeatureEnablementSetResponse {
  enablement: {
    [k: string]: boolean;
  };
}
/**
 * List feature flags, a page at a time.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ExperimentalFeatureListParams".
 */
export interface ExperimentalFeatureListParams {
  cursor?: string | null;
  limit?: number | null;
  threadId?: string | null;
}
/**
 * One page of features.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ExperimentalFeatureListResponse".
 */
export interface ExperimentalFeatureListResponse {
  data: ExperimentalFeature[];
  nextCursor: string | null;
}
/**
 * Save a feedback report locally.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FeedbackSaveParams".
 */
export interface FeedbackSaveParams {
  savePath: LegacyAppPathString;
  classification: string;
  reason?: string | null;
  threadId?: string | null;
  includeLogs?: boolean;
  extraLogFiles?: string[] | null;
  tags?: {
    [k: string]: string;
  } | null;
}
/**
 * Where the report was saved.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FeedbackSaveResponse".
 */
export interface FeedbackSaveResponse {
  savedPath: LegacyAppPathString;
  threadId: string;
  promptHash: string | null;
}
/**
 * Send a feedback report, optionally with logs.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FeedbackUploadParams".
 */
export interface FeedbackUploadParams {
  classification: string;
  reason?: string | null;
  threadId?: string | null;
  includeLogs?: boolean;
  extraLogFiles?: string[] | null;
  tags?: {
    [k: string]: string;
  } | null;
}
/**
 * The id of the uploaded report.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FeedbackUploadResponse".
 */
export interface FeedbackUploadResponse {
  threadId: string;
  promptHash?: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FileUpdateChange".
 */
export interface FileUpdateChange {
  path: string;
  kind: PatchChangeKind;
  diff: string;
}
export interface AddPatchChangeKind {
  type: AddPatchChangeKindType;
}
export interface DeletePatchChangeKind {
  type: DeletePatchChangeKindType;
}
export interface UpdatePatchChangeKind {
  type: UpdatePatchChangeKindType;
  move_path: string | null;
}
/**
 * Paths under an fs/watch that changed, batched and sorted.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsChangedNotification".
 */
export interface FsChangedNotification {
  watchId: string;
  changedPaths: AbsolutePathBuf[];
}
/**
 * Copy a file, a symlink or (with recursive) a directory tree.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsCopyParams".
 */
export interface FsCopyParams {
  sourcePath: AbsolutePathBuf;
  destinationPath: AbsolutePathBuf;
  recursive?: boolean;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsCopyResponse".
 */
export interface FsCopyResponse {}
/**
 * Create a directory; recursive (the default) also creates its parents.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsCreateDirectoryParams".
 */
export interface FsCreateDirectoryParams {
  path: AbsolutePathBuf;
  recursive?: boolean | null;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsCreateDirectoryResponse".
 */
export interface FsCreateDirectoryResponse {}
/**
 * Describe one path.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsGetMetadataParams".
 */
export interface FsGetMetadataParams {
  path: AbsolutePathBuf;
}
/**
 * What a path is and when it was created and modified (unix ms, 0 when unknown).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsGetMetadataResponse".
 */
export interface FsGetMetadataResponse {
  isDirectory: boolean;
  isFile: boolean;
  isSymlink: boolean;
  createdAtMs: number;
  modifiedAtMs: number;
}
/**
 * One child of a listed directory.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsReadDirectoryEntry".
 */
export interface FsReadDirectoryEntry {
  fileName: string;
  isDirectory: boolean;
  isFile: boolean;
}
/**
 * List the direct children of a directory.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsReadDirectoryParams".
 */
export interface FsReadDirectoryParams {
  path: AbsolutePathBuf;
}
/**
 * The directory's children, in the order the file system returns them.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsReadDirectoryResponse".
 */
export interface FsReadDirectoryResponse {
  entries: FsReadDirectoryEntry[];
}
/**
 * Read a whole file.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsReadFileParams".
 */
export interface FsReadFileParams {
  path: AbsolutePathBuf;
}
/**
 * The file's bytes, base64-encoded.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsReadFileResponse".
 */
export interface FsReadFileResponse {
  dataBase64: string;
}
/**
 * Remove a file or a directory; recursive and force both default to true.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsRemoveParams".
 */
export interface FsRemoveParams {
  path: AbsolutePathBuf;
  recursive?: boolean | null;
  force?: boolean | null;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsRemoveResponse".
 */
export interface FsRemoveResponse {}
/**
 * Stop an fs/watch of this connection.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsUnwatchParams".
 */
export interface FsUnwatchParams {
  watchId: string;
}
/**
 * Empty, whether or not the watch existed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsUnwatchResponse".
 */
export interface FsUnwatchResponse {}
/**
 * Watch a file or directory (not recursively) under a connection-scoped id.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsWatchParams".
 */
export interface FsWatchParams {
  watchId: string;
  path: AbsolutePathBuf;
}
/**
 * The normalised path being watched.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsWatchResponse".
 */
export interface FsWatchResponse {
  path: AbsolutePathBuf;
}
/**
 * Create or replace a file with the given bytes.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsWriteFileParams".
 */
export interface FsWriteFileParams {
  path: AbsolutePathBuf;
  dataBase64: string;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FsWriteFileResponse".
 */
export interface FsWriteFileResponse {}
export interface InputTextFunctionCallOutputContentItem {
  type: InputTextFunctionCallOutputContentItemType;
  text: string;
}
export interface InputImageFunctionCallOutputContentItem {
  type: InputImageFunctionCallOutputContentItemType;
  detail?: ImageDetail;
  image_url?: string;
  file_id?: string;
}
export interface InputAudioFunctionCallOutputContentItem {
  type: InputAudioFunctionCallOutputContentItemType;
  audio_url?: string;
  file_id?: string;
}
export interface EncryptedContentFunctionCallOutputContentItem {
  type: EncryptedContentFunctionCallOutputContentItemType;
  encrypted_content: string;
}
/**
 * Search the roots for paths matching the query.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchParams".
 */
export interface FuzzyFileSearchParams {
  query: string;
  roots: string[];
  cancellationToken?: string | null;
}
/**
 * The best matches, best first.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchResponse".
 */
export interface FuzzyFileSearchResponse {
  files: FuzzyFileSearchResult[];
}
/**
 * One matching path, relative to its root, with the matched character positions.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchResult".
 */
export interface FuzzyFileSearchResult {
  root: string;
  path: string;
  match_type: FuzzyFileSearchMatchType;
  file_name: string;
  score: number;
  indices: number[] | null;
}
/**
 * A session's search for its latest query has finished.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionCompletedNotification".
 */
export interface FuzzyFileSearchSessionCompletedNotification {
  sessionId: string;
}
/**
 * Open (or reopen) a search session over some roots.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionStartParams".
 */
export interface FuzzyFileSearchSessionStartParams {
  sessionId: string;
  roots: string[];
}
/**
 * Empty on success; results come as notifications.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionStartResponse".
 */
export interface FuzzyFileSearchSessionStartResponse {}
/**
 * Close a search session.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionStopParams".
 */
export interface FuzzyFileSearchSessionStopParams {
  sessionId: string;
}
/**
 * Empty, whether or not the session existed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionStopResponse".
 */
export interface FuzzyFileSearchSessionStopResponse {}
/**
 * Search the session's roots for a new query.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionUpdateParams".
 */
export interface FuzzyFileSearchSessionUpdateParams {
  sessionId: string;
  query: string;
}
/**
 * Empty on success; results come as notifications.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionUpdateResponse".
 */
export interface FuzzyFileSearchSessionUpdateResponse {}
/**
 * The current results of a session's latest query.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "FuzzyFileSearchSessionUpdatedNotification".
 */
export interface FuzzyFileSearchSessionUpdatedNotification {
  sessionId: string;
  query: string;
  files: FuzzyFileSearchResult[];
}
export interface NoneGatewayAuth {
  mode: NoneGatewayAuthMode;
}
export interface EnvironmentVariableGatewayAuth {
  mode: EnvironmentVariableGatewayAuthMode;
  envKey: string;
}
export interface ExternallyConfiguredGatewayAuth {
  mode: ExternallyConfiguredGatewayAuthMode;
  envKey?: string | null;
}
/**
 * Read the signed-in account.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "GetAccountParams".
 */
export interface GetAccountParams {
  refreshToken?: boolean;
}
/**
 * The account, if any, and whether the model provider needs one.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "GetAccountResponse".
 */
export interface GetAccountResponse {
  account: Account | null;
  userId?: string | null;
  requiresOpenaiAuth: boolean;
  workspaceRouting: WorkspaceRouting | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WorkspaceRouting".
 */
export interface WorkspaceRouting {
  chatgptAccountId: string;
  backendOrigin: string;
  accountRoutingOverride: AccountRoutingOverride;
}
/**
 * The git commit, branch and remote URL recorded for a thread's working directory.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "GitInfo".
 */
export interface GitInfo {
  sha: string | null;
  branch: string | null;
  originUrl: string | null;
}
/**
 * A hook configuration that could not be loaded, and why.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HookErrorInfo".
 */
export interface HookErrorInfo {
  path: string;
  message: string;
}
export interface CommandHookMetadata {
  key: string;
  eventName: HookEventName;
  matcher: string | null;
  timeoutSec: number;
  statusMessage: string | null;
  additionalContextLimit: number | null;
  sourcePath: AbsolutePathBuf;
  source: HookSource;
  pluginId: string | null;
  environmentId: string | null;
  displayOrder: number;
  enabled: boolean;
  isManaged: boolean;
  currentHash: string;
  trustStatus: HookTrustStatus;
  handlerType: CommandHookMetadataHandlerType;
  command: string;
  async: boolean;
}
export interface McpToolHookMetadata {
  key: string;
  eventName: HookEventName;
  matcher: string | null;
  timeoutSec: number;
  statusMessage: string | null;
  additionalContextLimit: number | null;
  sourcePath: AbsolutePathBuf;
  source: HookSource;
  pluginId: string | null;
  environmentId: string | null;
  displayOrder: number;
  enabled: boolean;
  isManaged: boolean;
  currentHash: string;
  trustStatus: HookTrustStatus;
  handlerType: McpToolHookMetadataHandlerType;
  server: string;
  tool: string;
}
export interface PromptHookMetadata {
  key: string;
  eventName: HookEventName;
  matcher: string | null;
  timeoutSec: number;
  statusMessage: string | null;
  additionalContextLimit: number | null;
  sourcePath: AbsolutePathBuf;
  source: HookSource;
  pluginId: string | null;
  environmentId: string | null;
  displayOrder: number;
  enabled: boolean;
  isManaged: boolean;
  currentHash: string;
  trustStatus: HookTrustStatus;
  handlerType: PromptHookMetadataHandlerType;
}
export interface AgentHookMetadata {
  key: string;
  eventName: HookEventName;
  matcher: string | null;
  timeoutSec: number;
  statusMessage: string | null;
  additionalContextLimit: number | null;
  sourcePath: AbsolutePathBuf;
  source: HookSource;
  pluginId: string | null;
  environmentId: string | null;
  displayOrder: number;
  enabled: boolean;
  isManaged: boolean;
  currentHash: string;
  trustStatus: HookTrustStatus;
  handlerType: AgentHookMetadataHandlerType;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HookPromptFragment".
 */
export interface HookPromptFragment {
  text: string;
  hookRunId: string;
}
/**
 * The hooks found for one working directory.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HooksListEntry".
 */
export interface HooksListEntry {
  cwd: string;
  hooks: HookMetadata[];
  warnings: string[];
  errors: HookErrorInfo[];
}
/**
 * Which working directories (or which loaded thread) to list hooks for.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HooksListParams".
 */
export interface HooksListParams {
  cwds?: string[];
  threadId?: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "HooksListResponse".
 */
export interface HooksListResponse {
  data: HooksListEntry[];
}
export interface UsageLimitExceededImageGenerationFailure {
  type: UsageLimitExceededImageGenerationFailureType;
  limitId: string;
  resetsAt: number | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ImageGenerationInputImage".
 */
export interface ImageGenerationInputImage {
  path: AbsolutePathBuf;
  sha256: string;
}
/**
 * Optional protocol features the client opts into.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "InitializeCapabilities".
 */
export interface InitializeCapabilities {
  requiredHumanApproval?: boolean;
  explicitGatewayOauth?: boolean;
  experimentalApi?: boolean;
  requestAttestation?: boolean;
  mcpServerOpenaiFormElicitation?: boolean;
  optOutNotificationMethods?: string[] | null;
  extensions?: {
    [k: string]: unknown;
  } | null;
}
/**
 * What a client says about itself when it connects.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "InitializeParams".
 */
export interface InitializeParams {
  clientInfo: ClientInfo;
  capabilities?: InitializeCapabilities | null;
}
/**
 * What the server says about itself in reply to `initialize`.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "InitializeResponse".
 */
export interface InitializeResponse {
  userAgent: string;
  codexHome: AbsolutePathBuf;
  platformFamily: string;
  platformOs: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "InternalChatMessageMetadataPassthrough".
 */
export interface InternalChatMessageMetadataPassthrough {
  turn_id?: string | null;
}
/**
 * An item finished; `item` holds its final content.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ItemCompletedNotification".
 */
export interface ItemCompletedNotification {
  item: ThreadItem;
  threadId: string;
  turnId: string;
  contentTokenCount?: number | null;
  completedAtMs: number;
}
export interface UserMessageThreadItem {
  type: UserMessageThreadItemType;
  id: string;
  clientId: string | null;
  content: UserInput[];
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface TextUserInput {
  type: TextUserInputType;
  text: string;
  text_elements?: TextElement[];
}
/**
 * A span inside user text that a client renders specially (for example a mention).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TextElement".
 */
export interface TextElement {
  byteRange: ByteRange;
  placeholder: string | null;
}
export interface ImageUserInput {
  type: ImageUserInputType;
  detail?: ImageDetail;
  url?: string;
  fileId?: string;
}
export interface LocalImageUserInput {
  type: LocalImageUserInputType;
  detail?: ImageDetail;
  path: string;
}
export interface AudioUserInput {
  type: AudioUserInputType;
  url?: string;
  fileId?: string;
}
export interface LocalAudioUserInput {
  type: LocalAudioUserInputType;
  path: string;
}
export interface SkillUserInput {
  type: SkillUserInputType;
  name: string;
  path: string;
}
export interface MentionUserInput {
  type: MentionUserInputType;
  name: string;
  path: string;
}
export interface HookPromptThreadItem {
  type: HookPromptThreadItemType;
  id: string;
  fragments: HookPromptFragment[];
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface AgentMessageThreadItem {
  type: AgentMessageThreadItemType;
  moderation?: AgentMessageModeration | null;
  id: string;
  text: string;
  phase?: MessagePhase | null;
  memoryCitation?: MemoryCitation | null;
  delivery?: AgentMessageDelivery | null;
  questions?: AsyncUserInputQuestion[] | null;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MemoryCitation".
 */
export interface MemoryCitation {
  entries: MemoryCitationEntry[];
  threadIds: string[];
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "MemoryCitationEntry".
 */
export interface MemoryCitationEntry {
  path: string;
  lineStart: number;
  lineEnd: number;
  note: string;
}
export interface FunctionCallOutputThreadItem {
  type: FunctionCallOutputThreadItemType;
  id: string;
  name: string;
  namespace: string | null;
  output: FunctionCallOutputBody;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface PlanThreadItem {
  type: PlanThreadItemType;
  id: string;
  text: string;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface ReasoningThreadItem {
  type: ReasoningThreadItemType;
  id: string;
  summary?: string[];
  content?: string[];
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface CommandExecutionThreadItem {
  type: CommandExecutionThreadItemType;
  id: string;
  pluginId?: string | null;
  scriptPath?: string | null;
  command: string;
  cwd: LegacyAppPathString;
  processId: string | null;
  source?: "agent" | "userShell" | "unifiedExecStartup" | "unifiedExecInteraction";
  status: CommandExecutionStatus;
  commandActions: CommandAction[];
  aggregatedOutput: string | null;
  exitCode: number | null;
  durationMs: number | null;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface FileChangeThreadItem {
  type: FileChangeThreadItemType;
  id: string;
  changes: FileUpdateChange[];
  status: PatchApplyStatus;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface McpToolCallThreadItem {
  type: McpToolCallThreadItemType;
  id: string;
  server: string;
  tool: string;
  status: McpToolCallStatus;
  arguments: unknown;
  appContext: McpToolCallAppContext | null;
  mcpAppResourceUri?: string;
  mcpAppUi: McpAppUi | null;
  pluginId: string | null;
  readOnlyHint: boolean | null;
  result: McpToolCallResult | null;
  error: McpToolCallError | null;
  durationMs: number | null;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "McpToolCallAppContext".
 */
export interface McpToolCallAppContext {
  connectorId: string;
  linkId: string | null;
  resourceUri: string | null;
  appName: string | null;
  actionName: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "McpAppUi".
 */
export interface McpAppUi {
  resourceUri: string;
  preferredModelDisplayMode: McpAppDisplayMode;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "McpToolCallResult".
 */
export interface McpToolCallResult {
  content: unknown[];
  structuredContent: unknown;
  _meta: unknown;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "McpToolCallError".
 */
export interface McpToolCallError {
  message: string;
}
export interface DynamicToolCallThreadItem {
  type: DynamicToolCallThreadItemType;
  id: string;
  namespace: string | null;
  tool: string;
  arguments: unknown;
  status: DynamicToolCallStatus;
  contentItems: DynamicToolCallOutputContentItem[] | null;
  success: boolean | null;
  durationMs: number | null;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface CollabAgentToolCallThreadItem {
  type: CollabAgentToolCallThreadItemType;
  id: string;
  tool: CollabAgentTool;
  status: CollabAgentToolCallStatus;
  senderThreadId: string;
  receiverThreadIds: string[];
  prompt: string | null;
  model: string | null;
  reasoningEffort: ReasoningEffort | null;
  agentsStates: {
    [k: string]: CollabAgentState;
  };
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface SubAgentActivityThreadItem {
  type: SubAgentActivityThreadItemType;
  model: string | null;
  reasoningEffort: ReasoningEffort | null;
  id: string;
  kind: SubAgentActivityKind;
  agentThreadId: string;
  agentPath: string;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface WebSearchThreadItem {
  type: WebSearchThreadItemType;
  id: string;
  query: string;
  action: WebSearchAction | null;
  results?: unknown[] | null;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface SearchWebSearchAction {
  type: SearchWebSearchActionType;
  query: string | null;
  queries: string[] | null;
}
export interface OpenPageWebSearchAction {
  type: OpenPageWebSearchActionType;
  url: string | null;
}
export interface FindInPageWebSearchAction {
  type: FindInPageWebSearchActionType;
  url: string | null;
  pattern: string | null;
}
export interface OtherWebSearchAction {
  type: OtherWebSearchActionType;
}
export interface ImageViewThreadItem {
  type: ImageViewThreadItemType;
  id: string;
  path: LegacyAppPathString;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface SleepThreadItem {
  type: SleepThreadItemType;
  id: string;
  durationMs: number;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface ImageGenerationThreadItem {
  type: ImageGenerationThreadItemType;
  id: string;
  status: string;
  revisedPrompt: string | null;
  transparentBackground?: boolean;
  failure?: ImageGenerationFailure | null;
  savedPath?: AbsolutePathBuf;
  inputImages?: ImageGenerationInputImage[];
  generationId?: string | null;
  fileId?: string;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
  result?: string;
}
export interface EnteredReviewModeThreadItem {
  type: EnteredReviewModeThreadItemType;
  id: string;
  review: string;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface ExitedReviewModeThreadItem {
  type: ExitedReviewModeThreadItemType;
  id: string;
  review: string;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
export interface ContextCompactionThreadItem {
  type: ContextCompactionThreadItemType;
  id: string;
  startedAtMs?: number | null;
  completedAtMs?: number | null;
}
/**
 * An item began inside a turn.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ItemStartedNotification".
 */
export interface ItemStartedNotification {
  item: ThreadItem;
  threadId: string;
  turnId: string;
  startedAtMs: number;
}
export interface ExecLocalShellAction {
  type: ExecLocalShellActionType;
  command: string[];
  timeout_ms?: number | null;
  working_directory?: string | null;
  env?: {
    [k: string]: string;
  } | null;
  user?: string | null;
}
/**
 * A model a client can choose, with its defaults and capabilities.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Model".
 */
export interface Model {
  id: string;
  model: string;
  upgrade: string | null;
  upgradeInfo: ModelUpgradeInfo | null;
  availabilityNux: ModelAvailabilityNux | null;
  displayName: string;
  description: string;
  modelSpecialty?: string | null;
  hidden: boolean;
  supportedReasoningEfforts: ReasoningEffortOption[];
  defaultReasoningEffort: ReasoningEffort;
  inputModalities?: InputModality[];
  supportsPersonality?: boolean;
  multiAgentVersion: MultiAgentVersion | null;
  additionalSpeedTiers?: string[];
  serviceTiers?: ModelServiceTier[];
  defaultServiceTier?: string | null;
  availableAccessPrograms?: ModelAccessPrograms | null;
  isDefault: boolean;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelUpgradeInfo".
 */
export interface ModelUpgradeInfo {
  model: string;
  upgradeCopy: string | null;
  modelLink: string | null;
  migrationMarkdown: string | null;
  retirementAt: number | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelAvailabilityNux".
 */
export interface ModelAvailabilityNux {
  message: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningEffortOption".
 */
export interface ReasoningEffortOption {
  reasoningEffort: ReasoningEffort;
  description: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelServiceTier".
 */
export interface ModelServiceTier {
  id: string;
  name: string;
  description: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelAccessPrograms".
 */
export interface ModelAccessPrograms {
  cyber: CyberAccessProgram[];
}
/**
 * Page through the models a client can choose.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelListParams".
 */
export interface ModelListParams {
  modelProvider?: string | null;
  cursor?: string | null;
  limit?: number | null;
  includeHidden?: boolean | null;
}
/**
 * One page of models.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelListResponse".
 */
export interface ModelListResponse {
  data: Model[];
  nextCursor: string | null;
}
/**
 * What the default provider can do.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelProviderCapabilitiesReadParams".
 */
export interface ModelProviderCapabilitiesReadParams {}
/**
 * Tools the default provider offers.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelProviderCapabilitiesReadResponse".
 */
export interface ModelProviderCapabilitiesReadResponse {
  imageGeneration: boolean;
  webSearch: boolean;
}
/**
 * Create or edit one provider in the user's config.toml.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelProviderConfigWriteParams".
 */
export interface ModelProviderConfigWriteParams {
  settings: ProviderSettingsPatch;
}
export interface CustomGatewayProviderSettingsPatch {
  type: CustomGatewayProviderSettingsPatchType;
  /**
   * An existing custom provider; omitted or null creates one.
   */
  providerId?: string | null;
  name?: string;
  baseUrl?: string | null;
  envKey?: string | null;
}
/**
 * The AWS profile and region of a built-in Bedrock provider.
 */
export interface BedrockProviderSettingsPatch {
  type: BedrockProviderSettingsPatchType;
  providerId: BedrockProviderId;
  profile?: string | null;
  region?: string | null;
}
/**
 * The Vertex AI project, location and credential file (a path on the server).
 */
export interface GcpProviderSettingsPatch {
  type: GcpProviderSettingsPatchType;
  providerId: GcpProviderId;
  projectId?: string | null;
  location?: string | null;
  credentialFile?: string | null;
}
/**
 * The provider as it is configured after the write.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelProviderConfigWriteResponse".
 */
export interface ModelProviderConfigWriteResponse {
  provider: ModelProviderSummary;
}
/**
 * One model provider from config.toml or built in.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelProviderSummary".
 */
export interface ModelProviderSummary {
  id: string;
  name: string;
  canEdit: boolean;
  baseUrl: string | null;
  settings: ProviderSettings;
}
export interface OpenaiProviderSettings {
  type: OpenaiProviderSettingsType;
}
export interface CustomGatewayProviderSettings {
  type: CustomGatewayProviderSettingsType;
  auth: GatewayAuth;
}
export interface BedrockProviderSettings {
  type: BedrockProviderSettingsType;
  profile: string | null;
  region: string | null;
}
export interface GcpProviderSettings {
  type: GcpProviderSettingsType;
  projectId: string | null;
  location: string | null;
  credentialFile: string | null;
}
/**
 * List the model providers.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelProviderListParams".
 */
export interface ModelProviderListParams {}
/**
 * Every provider, and the one used by default.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ModelProviderListResponse".
 */
export interface ModelProviderListResponse {
  data: ModelProviderSummary[];
  defaultProviderId: string;
  canChangeDefault: boolean;
}
export interface CustomMultiAgentMode {
  custom: string;
}
/**
 * List permission profiles, a page at a time.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "PermissionProfileListParams".
 */
export interface PermissionProfileListParams {
  cursor?: string | null;
  limit?: number | null;
  cwd?: string | null;
}
/**
 * One page of profiles.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "PermissionProfileListResponse".
 */
export interface PermissionProfileListResponse {
  data: PermissionProfileSummary[];
  nextCursor: string | null;
}
/**
 * A permission profile a command can run under.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "PermissionProfileSummary".
 */
export interface PermissionProfileSummary {
  id: string;
  description: string | null;
  allowed: boolean;
}
export interface ReasoningTextReasoningItemContent {
  type: ReasoningTextReasoningItemContentType;
  text: string;
}
export interface TextReasoningItemContent {
  type: TextReasoningItemContentType;
  text: string;
}
export interface SummaryTextReasoningItemReasoningSummary {
  type: SummaryTextReasoningItemReasoningSummaryType;
  text: string;
}
/**
 * A new reasoning summary section started.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningSummaryPartAddedNotification".
 */
export interface ReasoningSummaryPartAddedNotification {
  threadId: string;
  turnId: string;
  itemId: string;
  summaryIndex: number;
}
/**
 * A piece of reasoning summary text, streamed as it arrives.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningSummaryTextDeltaNotification".
 */
export interface ReasoningSummaryTextDeltaNotification {
  threadId: string;
  turnId: string;
  itemId: string;
  delta: string;
  summaryIndex: number;
}
/**
 * A piece of raw reasoning text, streamed as it arrives.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReasoningTextDeltaNotification".
 */
export interface ReasoningTextDeltaNotification {
  threadId: string;
  turnId: string;
  itemId: string;
  delta: string;
  contentIndex: number;
}
/**
 * Remote control's status and this server's identity as remote clients would see it.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "RemoteControlStatusChangedNotification".
 */
export interface RemoteControlStatusChangedNotification {
  status: RemoteControlConnectionStatus;
  serverName: string;
  installationId: string;
  environmentId: string | null;
}
export interface AdditionalToolsResponseItem {
  type: AdditionalToolsResponseItemType;
  id?: string | null;
  role: string;
  tools: unknown[];
}
export interface MessageResponseItem {
  type: MessageResponseItemType;
  encrypted_content?: string | null;
  status?: string | null;
  id?: string | null;
  role: string;
  content: ContentItem[];
  phase?: MessagePhase | null;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface AgentMessageResponseItem {
  type: AgentMessageResponseItemType;
  id?: string | null;
  author: string;
  recipient: string;
  content: AgentMessageInputContent[];
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface ReasoningResponseItem {
  type: ReasoningResponseItemType;
  id?: string | null;
  summary: ReasoningItemReasoningSummary[];
  content?: ReasoningItemContent[] | null;
  encrypted_content?: string | null;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface LocalShellCallResponseItem {
  type: LocalShellCallResponseItemType;
  encrypted_content?: string | null;
  id?: string | null;
  call_id?: string | null;
  status: LocalShellStatus;
  action: LocalShellAction;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface FunctionCallResponseItem {
  type: FunctionCallResponseItemType;
  encrypted_content?: string | null;
  status?: string | null;
  id?: string | null;
  name: string;
  namespace?: string | null;
  arguments: string;
  encrypted_function_args?: string[] | null;
  call_id: string;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface ToolSearchCallResponseItem {
  type: ToolSearchCallResponseItemType;
  encrypted_content?: string | null;
  id?: string | null;
  call_id?: string | null;
  status?: string | null;
  execution: string;
  arguments: unknown;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface FunctionCallOutputResponseItem {
  type: FunctionCallOutputResponseItemType;
  id?: string | null;
  call_id?: string | null;
  name?: string | null;
  namespace?: string | null;
  output: FunctionCallOutputBody;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface CustomToolCallResponseItem {
  type: CustomToolCallResponseItemType;
  encrypted_content?: string | null;
  id?: string | null;
  status?: string | null;
  call_id: string;
  name: string;
  namespace?: string | null;
  input: string;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface CustomToolCallOutputResponseItem {
  type: CustomToolCallOutputResponseItemType;
  id?: string | null;
  call_id: string;
  name?: string | null;
  output: FunctionCallOutputBody;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface ToolSearchOutputResponseItem {
  type: ToolSearchOutputResponseItemType;
  id?: string | null;
  call_id?: string | null;
  status: string;
  execution: string;
  tools: unknown[];
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface WebSearchCallResponseItem {
  type: WebSearchCallResponseItemType;
  encrypted_content?: string | null;
  id?: string | null;
  status?: string | null;
  action?: ResponsesApiWebSearchAction | null;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface SearchResponsesApiWebSearchAction {
  queries?: string[] | null;
  query?: string | null;
  type: SearchResponsesApiWebSearchActionType;
}
export interface OpenPageResponsesApiWebSearchAction {
  type: OpenPageResponsesApiWebSearchActionType;
  url?: string | null;
}
export interface FindInPageResponsesApiWebSearchAction {
  pattern?: string | null;
  type: FindInPageResponsesApiWebSearchActionType;
  url?: string | null;
}
export interface OtherResponsesApiWebSearchAction {
  type: OtherResponsesApiWebSearchActionType;
}
export interface ImageGenerationCallResponseItem {
  type: ImageGenerationCallResponseItemType;
  encrypted_content?: string | null;
  id?: string | null;
  status: string;
  revised_prompt?: string | null;
  result: string;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface CompactionResponseItem {
  type: CompactionResponseItemType;
  id?: string | null;
  encrypted_content: string;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface ConfigurationUpdateResponseItem {
  type: ConfigurationUpdateResponseItemType;
  reasoning: ConfigurationReasoning;
}
export interface CompactionTriggerResponseItem {
  type: CompactionTriggerResponseItemType;
}
export interface ContextCompactionResponseItem {
  type: ContextCompactionResponseItemType;
  id?: string | null;
  encrypted_content?: string | null;
  internal_chat_message_metadata_passthrough?: InternalChatMessageMetadataPassthrough | null;
}
export interface OtherResponseItem {
  type: OtherResponseItemType;
}
/**
 * Start a review turn on a loaded thread.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReviewStartParams".
 */
export interface ReviewStartParams {
  threadId: string;
  target: ReviewTarget;
  /**
   * Only `inline` (the default): the review runs on the given thread.
   */
  delivery?: ReviewDelivery | null;
}
/**
 * The working tree: staged, unstaged and untracked changes.
 */
export interface UncommittedChangesReviewTarget {
  type: UncommittedChangesReviewTargetType;
}
/**
 * What the current branch would merge into `branch`.
 */
export interface BaseBranchReviewTarget {
  type: BaseBranchReviewTargetType;
  branch: string;
}
/**
 * The changes one commit introduced.
 */
export interface CommitReviewTarget {
  type: CommitReviewTargetType;
  sha: string;
  /**
   * A label for the commit (its subject, say), shown to users.
   */
  title?: string | null;
}
/**
 * Free-form review instructions.
 */
export interface CustomReviewTarget {
  type: CustomReviewTargetType;
  instructions: string;
}
/**
 * The review's turn (its one item: what is reviewed) and the thread it runs on.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ReviewStartResponse".
 */
export interface ReviewStartResponse {
  turn: Turn;
  /**
   * The thread given to `review/start`.
   */
  reviewThreadId: string;
}
/**
 * One turn of a thread: its items (as much of them as `itemsView` says were loaded), its status, error and timing.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Turn".
 */
export interface Turn {
  id: string;
  rootTurnId: string | null;
  items: ThreadItem[];
  /**
   * How much of each turn's items a response includes.
   */
  itemsView?: "notLoaded" | "summary" | "full";
  status: TurnStatus;
  error: TurnError | null;
  startedAt: number | null;
  completedAt: number | null;
  durationMs: number | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SelectedCapabilityRoot".
 */
export interface SelectedCapabilityRoot {
  id: string;
  location: CapabilityRootLocation;
}
/**
 * A request the server sent to its clients got its answer (or is no longer wanted).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ServerRequestResolvedNotification".
 */
export interface ServerRequestResolvedNotification {
  threadId: string;
  requestId: RequestId;
}
export interface CustomSessionSource {
  custom: string;
}
export interface SubAgentSessionSource {
  subAgent: SubAgentSource;
}
export interface ThreadSpawnSubAgentSource {
  thread_spawn: {
    agent_nickname?: string | null;
    agent_path?: AgentPath | null;
    agent_role?: string | null;
    depth: number;
    parent_thread_id: ThreadId;
  };
}
export interface OtherSubAgentSource {
  other: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillDependencies".
 */
export interface SkillDependencies {
  tools: SkillToolDependency[];
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillToolDependency".
 */
export interface SkillToolDependency {
  type: string;
  value: string;
  description?: string;
  transport?: string;
  command?: string;
  url?: string;
}
/**
 * A skill file that could not be loaded, and why.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillErrorInfo".
 */
export interface SkillErrorInfo {
  path: string;
  message: string;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillInterface".
 */
export interface SkillInterface {
  displayName?: string;
  shortDescription?: string;
  iconSmall?: AbsolutePathBuf;
  iconLarge?: AbsolutePathBuf;
  iconSmallUrl: string | null;
  iconLargeUrl: string | null;
  brandColor?: string;
  defaultPrompt?: string;
}
/**
 * One skill: its name, where it lives and whether it is enabled.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillMetadata".
 */
export interface SkillMetadata {
  name: string;
  description: string;
  shortDescription?: string;
  interface?: SkillInterface;
  dependencies?: SkillDependencies;
  path: LegacyAppPathString;
  scope: SkillScope;
  enabled: boolean;
  pluginId: string | null;
}
/**
 * The skills found for one working directory.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillsListEntry".
 */
export interface SkillsListEntry {
  cwd: string;
  skills: SkillMetadata[];
  errors: SkillErrorInfo[];
}
/**
 * Which working directories to list skills for; none means the server's own.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillsListParams".
 */
export interface SkillsListParams {
  cwds?: string[];
  forceReload?: boolean;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "SkillsListResponse".
 */
export interface SkillsListResponse {
  data: SkillsListEntry[];
}
/**
 * Input written to a running command item's terminal.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TerminalInteractionNotification".
 */
export interface TerminalInteractionNotification {
  threadId: string;
  turnId: string;
  itemId: string;
  processId: string;
  stdin: string;
}
/**
 * One conversation with an agent as the server reports it. Members appear in the order the reference server writes them; nullable members are always present, as null when unknown.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "Thread".
 */
export interface Thread {
  id: string;
  environments?: ThreadEnvironment[] | null;
  extra: ThreadExtra | null;
  sessionId: string;
  forkedFromId: string | null;
  attachedToThreadId: string | null;
  parentThreadId: string | null;
  preview: string;
  ephemeral: boolean;
  section?: ThreadSection | null;
  sectionEnteredAt?: number | null;
  projectId: string | null;
  /**
   * How a thread's history is stored and paged.
   */
  historyMode?: "legacy" | "paginated";
  modelProvider: string;
  model: string | null;
  reasoningEffort: ReasoningEffort | null;
  createdAt: number;
  updatedAt: number;
  recencyAt: number | null;
  status: ThreadStatus;
  path: string | null;
  cwd: AbsolutePathBuf;
  cliVersion: string;
  originator: string | null;
  source: SessionSource;
  canAcceptDirectInput: boolean | null;
  threadSource: ThreadSource | null;
  agentNickname: string | null;
  agentRole: string | null;
  gitInfo: GitInfo | null;
  name: string | null;
  daybreakEnabled: boolean | null;
  turns: Turn[];
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadEnvironment".
 */
export interface ThreadEnvironment {
  environmentId: string;
  cwd: LegacyAppPathString;
  runtimeWorkspaceRoots: LegacyAppPathString[];
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadExtra".
 */
export interface ThreadExtra {}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSection".
 */
export interface ThreadSection {
  id: string;
  name: string;
  appearance?: ThreadSectionAppearance | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSectionAppearance".
 */
export interface ThreadSectionAppearance {
  icon: string | null;
  color: string | null;
}
export interface NotLoadedThreadStatus {
  type: NotLoadedThreadStatusType;
}
export interface IdleThreadStatus {
  type: IdleThreadStatusType;
}
export interface SystemErrorThreadStatus {
  type: SystemErrorThreadStatusType;
}
export interface ActiveThreadStatus {
  type: ActiveThreadStatusType;
  activeFlags: ThreadActiveFlag[];
}
/**
 * Archive a thread.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadArchiveParams".
 */
export interface ThreadArchiveParams {
  threadId: string;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadArchiveResponse".
 */
export interface ThreadArchiveResponse {}
/**
 * A thread was archived.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadArchivedNotification".
 */
export interface ThreadArchivedNotification {
  threadId: string;
}
/**
 * A thread was unloaded from this server process.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadClosedNotification".
 */
export interface ThreadClosedNotification {
  threadId: string;
}
/**
 * Summarise a loaded thread's history now, in a turn of its own.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadCompactStartParams".
 */
export interface ThreadCompactStartParams {
  threadId: string;
}
/**
 * Empty: the compaction turn reports its progress as notifications.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadCompactStartResponse".
 */
export interface ThreadCompactStartResponse {}
/**
 * Delete a thread for good: its rollout, its rows and its sub-agents.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadDeleteParams".
 */
export interface ThreadDeleteParams {
  threadId: string;
}
/**
 * Empty: the thread is gone.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadDeleteResponse".
 */
export interface ThreadDeleteResponse {}
/**
 * A thread was deleted.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadDeletedNotification".
 */
export interface ThreadDeletedNotification {
  threadId: string;
}
/**
 * Copy an existing thread into a new one.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadForkParams".
 */
export interface ThreadForkParams {
  threadId: string;
  experimentalPredictionMode?: boolean;
  experimentalDisablePredictionMcp?: boolean;
  lastTurnId?: string | null;
  beforeTurnId?: string | null;
  path?: string | null;
  model?: string | null;
  modelProvider?: string | null;
  serviceTier?: string | null;
  cwd?: string | null;
  runtimeWorkspaceRoots?: AbsolutePathBuf[] | null;
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
  sandbox?: SandboxMode | null;
  permissions?: string | null;
  config?: {
    [k: string]: unknown;
  } | null;
  baseInstructions?: string | null;
  developerInstructions?: string | null;
  ephemeral?: boolean;
  attachToSource?: boolean;
  threadSource?: ThreadSource | null;
  excludeTurns?: boolean;
  deferGoalContinuation?: boolean;
}
/**
 * The new forked thread and the settings it will run with.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadForkResponse".
 */
export interface ThreadForkResponse {
  thread: Thread;
  model: string;
  modelProvider: string;
  serviceTier: string | null;
  disabledPluginIds?: string[];
  cwd: AbsolutePathBuf;
  runtimeWorkspaceRoots?: AbsolutePathBuf[];
  instructionSources?: LegacyAppPathString[];
  approvalPolicy: AskForApproval;
  approvalsReviewer: ApprovalsReviewer;
  sandbox: SandboxPolicy;
  activePermissionProfile?: ActivePermissionProfile | null;
  reasoningEffort: ReasoningEffort | null;
  multiAgentMode?: ("explicitRequestOnly" | "proactive") | CustomMultiAgentMode;
}
/**
 * The objective attached to a thread, its status, budget and usage so far. Times are unix seconds.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoal".
 */
export interface ThreadGoal {
  threadId: string;
  objective: string;
  status: ThreadGoalStatus;
  tokenBudget: number | null;
  tokensUsed: number;
  timeUsedSeconds: number;
  createdAt: number;
  updatedAt: number;
}
/**
 * Remove a thread's goal.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalClearParams".
 */
export interface ThreadGoalClearParams {
  threadId: string;
  origin?: ThreadGoalMutationOrigin | null;
}
/**
 * Whether a goal existed and was removed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalClearResponse".
 */
export interface ThreadGoalClearResponse {
  cleared: boolean;
}
/**
 * A thread goal was removed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalClearedNotification".
 */
export interface ThreadGoalClearedNotification {
  threadId: string;
}
/**
 * Read a thread's goal.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalGetParams".
 */
export interface ThreadGoalGetParams {
  threadId: string;
}
/**
 * The goal, or null when the thread has none.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalGetResponse".
 */
export interface ThreadGoalGetResponse {
  goal: ThreadGoal | null;
}
/**
 * Create or change a thread's goal; omitted members keep their value.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalSetParams".
 */
export interface ThreadGoalSetParams {
  threadId: string;
  origin?: ThreadGoalMutationOrigin | null;
  objective?: string | null;
  status?: ThreadGoalStatus | null;
  tokenBudget?: number | null;
}
/**
 * The goal after the change.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalSetResponse".
 */
export interface ThreadGoalSetResponse {
  goal: ThreadGoal;
}
/**
 * A thread goal was created or changed; `turnId` names the turn that caused it, if any.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadGoalUpdatedNotification".
 */
export interface ThreadGoalUpdatedNotification {
  threadId: string;
  turnId: string | null;
  goal: ThreadGoal;
}
/**
 * Append raw Responses API items to a loaded thread's model-visible history.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadInjectItemsParams".
 */
export interface ThreadInjectItemsParams {
  threadId: string;
  /**
   * Raw Responses API items to append to the thread's model-visible history.
   */
  items: unknown[];
}
/**
 * Empty: the items are part of the history.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadInjectItemsResponse".
 */
export interface ThreadInjectItemsResponse {}
/**
 * One item of a thread, with the turn it belongs to and when it ran.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadItemEntry".
 */
export interface ThreadItemEntry {
  turnId: string;
  item: ThreadItem;
  /**
   * Present and true when the saved output was left out of this page.
   */
  outputDeferred?: boolean;
  startedAtMs: number | null;
  completedAtMs: number | null;
}
/**
 * Which saved outputs to leave out of the page (fetched separately by item id).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadItemOutputDeferral".
 */
export interface ThreadItemOutputDeferral {
  commandExecution?: boolean;
  mcpToolCall?: boolean;
}
export interface ItemThreadItemsListAnchor {
  type: ItemThreadItemsListAnchorType;
  itemId: string;
}
/**
 * Which thread (and optionally which turn) to page through, from where, how many and in which direction.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadItemsListParams".
 */
export interface ThreadItemsListParams {
  threadId: string;
  turnId?: string | null;
  cursor?: ThreadItemsListCursor | null;
  limit?: number | null;
  sortDirection?: SortDirection | null;
  deferOutput?: ThreadItemOutputDeferral | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadItemsListResponse".
 */
export interface ThreadItemsListResponse {
  data: ThreadItemEntry[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}
/**
 * Filter, sort and page the stored threads. Every member is optional.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadListParams".
 */
export interface ThreadListParams {
  includeAttachedThreads?: boolean;
  currentAccountOnly?: boolean;
  cursor?: string | null;
  limit?: number | null;
  excludedThreadIds?: string[] | null;
  sortKey?: ThreadSortKey | null;
  sortDirection?: SortDirection | null;
  modelProviders?: string[] | null;
  sourceKinds?: ThreadSourceKind[] | null;
  originators?: string[] | null;
  archived?: boolean | null;
  sectionId?: string | null;
  projectId?: string | null;
  cwd?: ThreadListCwdFilter | null;
  useStateDbOnly?: boolean;
  searchTerm?: string | null;
  parentThreadId?: string | null;
  ancestorThreadId?: string | null;
  attachedToThreadId?: string | null;
}
/**
 * One page of threads, with cursors to continue in either direction.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadListResponse".
 */
export interface ThreadListResponse {
  data: Thread[];
  readStates: {
    [k: string]: ThreadReadState;
  } | null;
  nextCursor: string | null;
  backwardsCursor: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadReadState".
 */
export interface ThreadReadState {
  firstUnread: ThreadUnreadPosition | null;
  revision: string;
}
export interface ThreadStartThreadUnreadPosition {
  type: ThreadStartThreadUnreadPositionType;
}
export interface TurnThreadUnreadPosition {
  type: TurnThreadUnreadPositionType;
  turnId: string;
}
/**
 * Page through the ids of threads loaded in this server process.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadLoadedListParams".
 */
export interface ThreadLoadedListParams {
  cursor?: string | null;
  limit?: number | null;
}
/**
 * One page of loaded thread ids.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadLoadedListResponse".
 */
export interface ThreadLoadedListResponse {
  data: string[];
  nextCursor: string | null;
}
/**
 * A patch of the stored git metadata: an omitted member is kept, `null` clears it, a non-empty string replaces it.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadMetadataGitInfoUpdateParams".
 */
export interface ThreadMetadataGitInfoUpdateParams {
  sha?: string | null;
  branch?: string | null;
  originUrl?: string | null;
}
/**
 * Patch stored thread metadata without loading the thread.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadMetadataUpdateParams".
 */
export interface ThreadMetadataUpdateParams {
  threadId: string;
  projectId?: string | null;
  gitInfo?: ThreadMetadataGitInfoUpdateParams | null;
  daybreakEnabled?: boolean | null;
}
/**
 * The thread after the patch.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadMetadataUpdateResponse".
 */
export interface ThreadMetadataUpdateResponse {
  thread: Thread;
}
/**
 * A thread's name changed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadNameUpdatedNotification".
 */
export interface ThreadNameUpdatedNotification {
  threadId: string;
  threadName?: string;
}
/**
 * Read a thread without loading it; turns are included only on request.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadReadParams".
 */
export interface ThreadReadParams {
  threadId: string;
  includeTurns?: boolean;
}
/**
 * The thread as stored.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadReadResponse".
 */
export interface ThreadReadResponse {
  thread: Thread;
  readState: ThreadReadState | null;
}
/**
 * A thread's read state moved: a turn finished, or a client marked it read or unread.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadReadStateChangedNotification".
 */
export interface ThreadReadStateChangedNotification {
  threadId: string;
  readState: ThreadReadState;
}
export interface ReadThreadReadStateOperation {
  type: ReadThreadReadStateOperationType;
}
export interface UnreadThreadReadStateOperation {
  type: UnreadThreadReadStateOperationType;
}
/**
 * Mark a thread read or unread, guarded by the revision the caller last saw.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadReadStateUpdateParams".
 */
export interface ThreadReadStateUpdateParams {
  threadId: string;
  expectedRevision: string;
  operation: ThreadReadStateOperation;
}
/**
 * The thread's read state after the update.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadReadStateUpdateResponse".
 */
export interface ThreadReadStateUpdateResponse {
  readState: ThreadReadState;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadResumeInitialTurnsPageParams".
 */
export interface ThreadResumeInitialTurnsPageParams {
  limit?: number | null;
  sortDirection?: SortDirection | null;
  itemsView?: TurnItemsView | null;
}
/**
 * Load an existing thread into this server (from its rollout) and subscribe to it.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadResumeParams".
 */
export interface ThreadResumeParams {
  threadId: string;
  history?: ResponseItem[] | null;
  path?: string | null;
  model?: string | null;
  modelProvider?: string | null;
  serviceTier?: string | null;
  cwd?: string | null;
  runtimeWorkspaceRoots?: AbsolutePathBuf[] | null;
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
  sandbox?: SandboxMode | null;
  permissions?: string | null;
  config?: {
    [k: string]: unknown;
  } | null;
  baseInstructions?: string | null;
  developerInstructions?: string | null;
  personality?: Personality | null;
  excludeTurns?: boolean;
  initialTurnsPage?: ThreadResumeInitialTurnsPageParams | null;
}
/**
 * The resumed thread with its turns and the settings it will run with.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadResumeResponse".
 */
export interface ThreadResumeResponse {
  thread: Thread;
  model: string;
  modelProvider: string;
  serviceTier: string | null;
  disabledPluginIds?: string[];
  cwd: AbsolutePathBuf;
  runtimeWorkspaceRoots?: AbsolutePathBuf[];
  instructionSources?: LegacyAppPathString[];
  approvalPolicy: AskForApproval;
  approvalsReviewer: ApprovalsReviewer;
  sandbox: SandboxPolicy;
  activePermissionProfile?: ActivePermissionProfile | null;
  reasoningEffort: ReasoningEffort | null;
  collaborationMode: CollaborationMode | null;
  multiAgentMode?: ("explicitRequestOnly" | "proactive") | CustomMultiAgentMode;
  initialTurnsPage?: TurnsPage | null;
  turnsBackwardsCursor?: string | null;
  itemsBackwardsCursor?: string | null;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnsPage".
 */
export interface TurnsPage {
  data: Turn[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}
/**
 * Give a thread a user-facing name.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSetNameParams".
 */
export interface ThreadSetNameParams {
  threadId: string;
  name: string;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSetNameResponse".
 */
export interface ThreadSetNameResponse {}
/**
 * What a loaded thread's next turn runs with.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSettings".
 */
export interface ThreadSettings {
  disabledPluginIds: string[];
  cwd: AbsolutePathBuf;
  environments: ThreadEnvironment[] | null;
  approvalPolicy: AskForApproval;
  approvalsReviewer: ApprovalsReviewer;
  sandboxPolicy: SandboxPolicy;
  activePermissionProfile: ActivePermissionProfile | null;
  model: string;
  modelProvider: string;
  serviceTier: string | null;
  effort: ReasoningEffort | null;
  summary: ReasoningSummary | null;
  collaborationMode: CollaborationMode;
  multiAgentMode: MultiAgentMode;
  personality: Personality | null;
}
/**
 * A loaded thread's settings changed (a turn started with different ones).
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadSettingsUpdatedNotification".
 */
export interface ThreadSettingsUpdatedNotification {
  threadId: string;
  threadSettings: ThreadSettings;
}
/**
 * Run a user's shell command in the thread, in a turn of its own.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadShellCommandParams".
 */
export interface ThreadShellCommandParams {
  threadId: string;
  /**
   * Shell command string evaluated by the thread's shell (pipes, redirects and quoting preserved). spindle runs it under the thread's sandbox policy.
   */
  command: string;
  /**
   * Maximum execution time in milliseconds; one hour when omitted or null. Zero times out at once.
   */
  timeoutMs?: number | null;
}
/**
 * Empty: the command's turn reports its progress as notifications.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadShellCommandResponse".
 */
export interface ThreadShellCommandResponse {}
/**
 * Start a new thread. Every member is optional; omitted settings come from the configuration.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadStartParams".
 */
export interface ThreadStartParams {
  model?: string | null;
  modelProvider?: string | null;
  allowProviderModelFallback?: boolean;
  serviceTier?: string | null;
  cwd?: string | null;
  runtimeWorkspaceRoots?: AbsolutePathBuf[] | null;
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
  sandbox?: SandboxMode | null;
  permissions?: string | null;
  config?: {
    [k: string]: unknown;
  } | null;
  serviceName?: string | null;
  baseInstructions?: string | null;
  developerInstructions?: string | null;
  personality?: Personality | null;
  multiAgentMode?: MultiAgentMode | null;
  ephemeral?: boolean | null;
  historyMode?: ThreadHistoryMode | null;
  sessionStartSource?: ThreadStartSource | null;
  threadSource?: ThreadSource | null;
  projectId?: string | null;
  daybreakEnabled?: boolean | null;
  environments?: TurnEnvironmentParams[] | null;
  dynamicTools?: DynamicToolSpec[] | null;
  selectedCapabilityRoots?: SelectedCapabilityRoot[] | null;
  mockExperimentalField?: string | null;
  experimentalRawEvents?: boolean;
}
/**
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnEnvironmentParams".
 */
export interface TurnEnvironmentParams {
  environmentId: string;
  cwd: LegacyAppPathString;
  runtimeWorkspaceRoots?: LegacyAppPathString[] | null;
}
/**
 * The new thread and the settings it will run with.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadStartResponse".
 */
export interface ThreadStartResponse {
  thread: Thread;
  model: string;
  modelProvider: string;
  serviceTier: string | null;
  disabledPluginIds?: string[];
  cwd: AbsolutePathBuf;
  runtimeWorkspaceRoots?: AbsolutePathBuf[];
  instructionSources?: LegacyAppPathString[];
  approvalPolicy: AskForApproval;
  approvalsReviewer: ApprovalsReviewer;
  sandbox: SandboxPolicy;
  activePermissionProfile?: ActivePermissionProfile | null;
  reasoningEffort: ReasoningEffort | null;
  multiAgentMode?: ("explicitRequestOnly" | "proactive") | CustomMultiAgentMode;
}
/**
 * A thread was created or forked.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadStartedNotification".
 */
export interface ThreadStartedNotification {
  thread: Thread;
}
/**
 * A thread's runtime status changed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadStatusChangedNotification".
 */
export interface ThreadStatusChangedNotification {
  threadId: string;
  status: ThreadStatus;
}
/**
 * Token counts for a thread: the running total, the last model call, and the context window when known.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadTokenUsage".
 */
export interface ThreadTokenUsage {
  total: TokenUsageBreakdown;
  last: TokenUsageBreakdown;
  modelContextWindow: number | null;
}
/**
 * Token counts split by kind for one model call or a running total.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TokenUsageBreakdown".
 */
export interface TokenUsageBreakdown {
  totalTokens: number;
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteInputTokens?: number;
  outputTokens: number;
  reasoningOutputTokens: number;
}
/**
 * The thread's token usage changed.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadTokenUsageUpdatedNotification".
 */
export interface ThreadTokenUsageUpdatedNotification {
  threadId: string;
  turnId: string;
  tokenUsage: ThreadTokenUsage;
}
/**
 * Page through the turns of one thread.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadTurnsListParams".
 */
export interface ThreadTurnsListParams {
  threadId: string;
  cursor?: string | null;
  limit?: number | null;
  sortDirection?: SortDirection | null;
  itemsView?: TurnItemsView | null;
}
/**
 * One page of turns, with cursors to continue in either direction.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadTurnsListResponse".
 */
export interface ThreadTurnsListResponse {
  data: Turn[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}
/**
 * Bring an archived thread back.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadUnarchiveParams".
 */
export interface ThreadUnarchiveParams {
  threadId: string;
}
/**
 * The restored thread.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadUnarchiveResponse".
 */
export interface ThreadUnarchiveResponse {
  thread: Thread;
}
/**
 * A thread was brought back from the archive.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadUnarchivedNotification".
 */
export interface ThreadUnarchivedNotification {
  threadId: string;
}
/**
 * Stop receiving notifications for a thread on this connection.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadUnsubscribeParams".
 */
export interface ThreadUnsubscribeParams {
  threadId: string;
}
/**
 * What the unsubscribe did.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "ThreadUnsubscribeResponse".
 */
export interface ThreadUnsubscribeResponse {
  status: ThreadUnsubscribeStatus;
}
/**
 * A turn finished, successfully or not.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnCompletedNotification".
 */
export interface TurnCompletedNotification {
  threadId: string;
  turn: Turn;
}
/**
 * Ask a running turn to stop.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnInterruptParams".
 */
export interface TurnInterruptParams {
  threadId: string;
  turnId: string;
}
/**
 * Empty on success.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnInterruptResponse".
 */
export interface TurnInterruptResponse {}
/**
 * Start a turn on a loaded thread with the user's input and optional per-turn overrides.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnStartParams".
 */
export interface TurnStartParams {
  threadId: string;
  disabledPluginIds?: string[] | null;
  clientUserMessageId?: string | null;
  input: UserInput[];
  turnTrigger?: string | null;
  parentTurnId?: string | null;
  rootTurnId?: string | null;
  toolOutput?: TurnToolOutput | null;
  responsesapiClientMetadata?: {
    [k: string]: string;
  } | null;
  responsesapiClientMetadataPatch?: {
    [k: string]: string;
  } | null;
  additionalContext?: {
    [k: string]: AdditionalContextEntry;
  } | null;
  environments?: TurnEnvironmentParams[] | null;
  cwd?: string | null;
  runtimeWorkspaceRoots?: AbsolutePathBuf[] | null;
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
  sandboxPolicy?: SandboxPolicy | null;
  permissions?: string | null;
  model?: string | null;
  serviceTier?: string | null;
  serviceTierForTurn?: string | null;
  effort?: ReasoningEffort | null;
  summary?: ReasoningSummary | null;
  personality?: Personality | null;
  outputSchema?: unknown;
  collaborationMode?: CollaborationMode | null;
  multiAgentMode?: MultiAgentMode | null;
  cyberAccessProgram?: CyberAccessProgram | null;
}
/**
 * Output of a tool call made during a turn.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnToolOutput".
 */
export interface TurnToolOutput {
  name: string;
  namespace?: string | null;
  output: FunctionCallOutputBody;
  retain?: boolean;
}
/**
 * The turn that was started; its progress arrives as notifications.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnStartResponse".
 */
export interface TurnStartResponse {
  turn: Turn;
}
/**
 * A turn began running.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnStartedNotification".
 */
export interface TurnStartedNotification {
  threadId: string;
  turn: Turn;
}
/**
 * Add input to the thread's running turn; the model sees it at the turn's next request.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnSteerParams".
 */
export interface TurnSteerParams {
  threadId: string;
  input: UserInput[];
  /**
   * Required active turn id precondition. The request fails when it does not match the currently active turn.
   */
  expectedTurnId: string;
  clientUserMessageId?: string | null;
  responsesapiClientMetadata?: {
    [k: string]: string;
  } | null;
  responsesapiClientMetadataPatch?: {
    [k: string]: string;
  } | null;
  additionalContext?: {
    [k: string]: AdditionalContextEntry;
  } | null;
}
/**
 * The running turn that accepted the input.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "TurnSteerResponse".
 */
export interface TurnSteerResponse {
  turnId: string;
}
/**
 * A non-fatal problem worth showing to the user.
 *
 * This interface was referenced by `SpindleProtocolSchema`'s JSON-Schema
 * via the `definition` "WarningNotification".
 */
export interface WarningNotification {
  threadId: string | null;
  message: string;
}
