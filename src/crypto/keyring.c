/* keyring.c - (placeholder until written) */
