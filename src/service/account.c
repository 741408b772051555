/* account.c - (placeholder until written) */
