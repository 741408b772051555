/* sm2.c - (placeholder until written) */
