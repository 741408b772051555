/* rekey.c - (placeholder until written) */
