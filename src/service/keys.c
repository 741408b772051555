/* keys.c - (placeholder until written) */
