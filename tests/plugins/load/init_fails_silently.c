/* init_fails_silently: an init that fails without a word in the error buffer. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_ERROR;
}

JAMD_PLUGIN("init_fails_silently", "1.0.0", init, NULL);
