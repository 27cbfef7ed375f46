"""spindle_sandbox: enforce a SandboxPolicy on the commands spindle runs."""
