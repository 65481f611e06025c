/* undefined_symbol: calls a function that no library defines, linked without --no-undefined. */
#include <jamd/plugin.h>

extern int jamd_fixture_nowhere(void);

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return jamd_fixture_nowhere();
}

JAMD_PLUGIN("undefined_symbol", "1.0.0", init, NULL);
