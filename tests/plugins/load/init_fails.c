/* init_fails: an init that fails, and writes why into the error buffer. */
#include <stdio.h>

#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state;
  snprintf(error->message, sizeof error->message, "the %s is out of coffee", "kitchen");
  return JAMD_ERROR;
}

JAMD_PLUGIN("init_fails", "1.0.0", init, NULL);
