/* batches.c - (placeholder until written) */
