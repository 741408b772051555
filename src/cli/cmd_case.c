/* cmd_case.c - placeholder until the remedies land (issue 5) */
typedef int xy_placeholder_cmd_case;
