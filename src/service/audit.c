/* audit.c - (placeholder until written) */
