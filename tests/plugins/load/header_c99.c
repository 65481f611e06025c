/* header_c99: jamd/plugin.h as strict C99, every warning an error; also a plugin that loads. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_OK;
}

JAMD_PLUGIN("header_c99", "1.0.0", init, NULL);
