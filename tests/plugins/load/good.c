/* good: does everything right; its type "hello" replies HELLO, and it reads no option. */
#include <jamd/plugin.h>

static const jamd_host_v1* host;

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  return host->reply_append(reply, "HELLO", 5);
}

static int init(const jamd_host_v1* jamd, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 hello = {
      .struct_size = sizeof hello, .name = "hello", .summary = "replies HELLO", .run = run};
  (void)options, (void)state, (void)error;
  host = jamd;
  return host->register_type(host, &hello);
}

JAMD_PLUGIN("good", "1.0.0", init, NULL);
