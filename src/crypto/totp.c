/* totp.c - (placeholder until written) */
