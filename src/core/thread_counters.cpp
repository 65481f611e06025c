#include "core/thread_counters.hpp"

namespace jamd::core {
namespace {

thread_local ThreadCounters unread;
thread_local ThreadCounters* current = &unread;

}  // namespace

ThreadCounters& thread_counters() {
  return *current;
}

void use_thread_counters(ThreadCounters& counters) {
  current = &counters;
}

}  // namespace jamd::core
