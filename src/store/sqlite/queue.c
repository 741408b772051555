/* queue.c - (placeholder until written) */
