/* accounts.c - (placeholder until written) */
