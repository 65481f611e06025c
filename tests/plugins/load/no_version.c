/* no_version: a descriptor whose version is NULL. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_OK;
}

JAMD_PLUGIN("no_version", NULL, init, NULL);
