#pragma once

// Internal to the core: what the request path counts, one block per I/O thread, summed by
// Server::stats() when it is read. No lock and no shared write on the request path.

#include <atomic>
#include <cstdint>

namespace jamd::core {

/// What one I/O thread counts. Only that thread writes its block, each counter a relaxed
/// atomic: an increment is a plain load and store, with no locked instruction and no cache
/// line that another thread writes, and a read from another thread is no data race.
struct alignas(64) ThreadCounters {
  std::atomic<std::uint64_t> received_bytes{0};
  std::atomic<std::uint64_t> sent_bytes{0};
  std::atomic<std::uint64_t> held_back{0};  ///< times replies waited for the client to read

  /// Adds `n` to `counter` of the calling thread's own block.
  static void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) {
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
};

/// The calling thread's block: the one the server gave its I/O thread, or, on any other
/// thread, one of the thread's own that nothing reads.
ThreadCounters& thread_counters();
/// Makes `counters` the calling thread's block; the server calls it as an I/O thread starts.
void use_thread_counters(ThreadCounters& counters);

}  // namespace jamd::core
