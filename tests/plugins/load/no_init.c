/* no_init: a descriptor without an init function. */
#include <jamd/plugin.h>

JAMD_PLUGIN("no_init", "1.0.0", NULL, NULL);
