/* crypto.c - (placeholder until written) */
