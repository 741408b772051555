/* h_cases.c - placeholder until the remedies land (issue 5) */
typedef int xy_placeholder_h_cases;
