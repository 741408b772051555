/* encode.c - (placeholder until written) */
