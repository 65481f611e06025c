/* short_descriptor: a descriptor whose struct_size says it ends before fini, as no 1.x one does. */
#include <stddef.h>

#include <jamd/plugin.h>

static int init(const jamd_host_v1* host, jamd_options* options, void** state, jamd_error* error) {
  (void)host, (void)options, (void)state, (void)error;
  return JAMD_OK;
}

JAMD_PLUGIN_EXTERN __attribute__((visibility("default"))) const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL;
const jamd_plugin_v1 JAMD_PLUGIN_SYMBOL = {.magic = JAMD_PLUGIN_MAGIC,
                                           .abi_major = JAMD_PLUGIN_ABI_MAJOR,
                                           .abi_minor = JAMD_PLUGIN_ABI_MINOR,
                                           .struct_size = offsetof(jamd_plugin_v1, fini),
                                           .name = "short_descriptor",
                                           .version = "1.0.0",
                                           .init = init};
