/* cmd_user.c - (placeholder until written) */
