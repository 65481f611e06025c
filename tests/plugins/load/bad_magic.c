/* bad_magic: a descriptor whose magic number is not JAMD_PLUGIN_MAGIC. */
#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_OK;
}

JAMD_PLUGIN_EXTERN __attribute__((visibility("default"))) const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL;
const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL = {.magic = 0x12345678u,
                                           .abi_major = JAMD_PLUGIN_ABI_MAJOR,
                                           .abi_minor = JAMD_PLUGIN_ABI_MINOR,
                                           .struct_size = sizeof(jamd_plugin_v1),
                                           .name = "bad_magic",
                                           .version = "1.0.0",
                                           .init = init};
