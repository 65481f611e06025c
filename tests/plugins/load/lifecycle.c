/* lifecycle: does everything right, and appends the name of each call of init, create,
 * destroy and fini to the file that its option "journal" names, for the tests to read; its
 * init fails when its option "fail" is true. */
#include <stdio.h>
#include <string.h>

#include <jamd/plugin.h>

static const jamd_host_v1* host;
static char journal[4096];

static void note(const char* call) {
  FILE* file = fopen(journal, "a");
  if (file == NULL) return;
  fprintf(file, "%s\n", call);
  fclose(file);
}

static int run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  (void)instance, (void)args, (void)count;
  return host->reply_append(reply, "ALIVE", 5);
}

static int create(void* state, jamd_options* options, void** instance, jamd_error* error) {
  (void)state, (void)options, (void)instance, (void)error;
  note("create");
  return JAMD_OK;
}

static void destroy(void* instance) {
  (void)instance;
  note("destroy");
}

static void fini(void* state) {
  (void)state;
  note("fini");
}

static int init(const jamd_host_v1* jamd, jamd_options* options, void** state, jamd_error* error) {
  static const jamd_command_type_v1 type = {.struct_size = sizeof type,
                                            .name = "alive",
                                            .summary = "replies ALIVE",
                                            .create = create,
                                            .run = run,
                                            .destroy = destroy};
  const jamd_str path = jamd->option_string(options, "journal", "");
  (void)state;
  host = jamd;
  snprintf(journal, sizeof journal, "%.*s", (int)path.size, path.data);
  note("init");
  if (host->option_boolean(options, "fail", 0)) {
    strcpy(error->message, "told to fail");
    return JAMD_ERROR;
  }
  return host->register_type(host, &type);
}

JAMD_PLUGIN("lifecycle", "1.0.0", init, fini);
