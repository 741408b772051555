/* cmd_key.c - (placeholder until written) */
