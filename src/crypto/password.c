/* password.c - (placeholder until written) */
