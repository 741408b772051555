/* cmd_audit.c - (placeholder until written) */
