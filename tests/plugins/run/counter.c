/* counter: a fixture plugin whose instances count the runs in flight, for the test of
 * reloads under load. run counts itself in, works a little, and counts itself out; destroy
 * aborts if any run is in flight, and poisons and frees the instance, so that a run after
 * destroy is a use after free (which ASan reports, and which the magic number catches
 * without it). Its reply names the instance's "generation" option, so that a test can tell
 * which config's instance answered. At fini it logs how many instances it made and
 * destroyed. */

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jamd/plugin.h>

#define COUNTER_MAGIC 0x434f554eu /* "COUN" */

static const jamd_host_v1* host;
static atomic_long created;
static atomic_long destroyed;

typedef struct counter {
  unsigned magic;
  atomic_int in_flight;
  long long generation;
} counter;

static int count_create(void* plugin_state, jamd_options* options, void** instance,
                        jamd_error* error) {
  counter* c = malloc(sizeof *c);
  (void)plugin_state;
  if (c == NULL) {
    snprintf(error->message, sizeof error->message, "out of memory");
    return JAMD_ERROR;
  }
  c->magic = COUNTER_MAGIC;
  atomic_init(&c->in_flight, 0);
  c->generation = (long long)host->option_integer(options, "generation", 0, 0, 1000000000);
  *instance = c;
  atomic_fetch_add(&created, 1);
  return JAMD_OK;
}

static int count_run(void* instance, const jamd_str* args, size_t count, jamd_reply* reply) {
  counter* c = instance;
  char text[64];
  volatile unsigned work = 0;
  unsigned i;
  int length;
  (void)args, (void)count;
  if (c->magic != COUNTER_MAGIC) {
    fprintf(stderr, "counter: ABORT: run on a destroyed instance\n");
    abort();
  }
  atomic_fetch_add(&c->in_flight, 1);
  for (i = 0; i < 2000; ++i) work += i;
  length = snprintf(text, sizeof text, "COUNT %lld", c->generation);
  atomic_fetch_sub(&c->in_flight, 1);
  return host->reply_append(reply, text, (size_t)length);
}

static void count_destroy(void* instance) {
  counter* c = instance;
  const int in_flight = atomic_load(&c->in_flight);
  if (c->magic != COUNTER_MAGIC) {
    fprintf(stderr, "counter: ABORT: destroy of a destroyed instance\n");
    abort();
  }
  if (in_flight != 0) {
    fprintf(stderr, "counter: ABORT: destroy with %d runs in flight\n", in_flight);
    abort();
  }
  memset(c, 0xdd, sizeof *c);
  free(c);
  atomic_fetch_add(&destroyed, 1);
}

static void counter_fini(void* plugin_state) {
  char text[128];
  (void)plugin_state;
  snprintf(text, sizeof text, "fini: %ld instances created, %ld destroyed", atomic_load(&created),
           atomic_load(&destroyed));
  host->log(host, JAMD_LOG_INFO, text);
}

static int counter_init(const jamd_host_v1* jamd, jamd_options* options, void** plugin_state,
                        jamd_error* error) {
  jamd_command_type_v1 type;
  (void)options, (void)plugin_state, (void)error;
  host = jamd;
  memset(&type, 0, sizeof type);
  type.struct_size = sizeof type;
  type.name = "count";
  type.arguments = "";
  type.summary = "replies COUNT and its instance's generation";
  type.min_args = 0;
  type.max_args = 0;
  type.create = count_create;
  type.run = count_run;
  type.destroy = count_destroy;
  return host->register_type(host, &type);
}

JAMD_PLUGIN("counter", "1.0.0", counter_init, counter_fini);
