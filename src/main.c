/* main.c - argv -> command table; nothing else */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return xy_cli_main(argc, argv);
}
