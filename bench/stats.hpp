#pragma once

// What one load thread observed; the threads' stats are merged for the report.

#include <cstdint>
#include <string>

#include "bench/histogram.hpp"

namespace jamd::bench {

/// Counters and latencies of a run. Throughput and latency count the measured window only;
/// errors and wrong replies count the whole run, warmup included.
struct Stats {
  std::uint64_t requests = 0;  // replies with the expected prefix
  std::uint64_t sessions = 0;  // churn: sessions from connect to the server's close
  std::uint64_t connect_failures = 0;
  std::uint64_t resets = 0;  // resets and other I/O errors on an open connection
  std::uint64_t unexpected_eofs = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t wrong_replies = 0;
  Histogram latency;              // per request: its batch's write to its reply line
  Histogram session_time;         // churn: connect to the server's close
  std::string first_error;        // the first error seen, for the reader of the report
  std::string first_wrong_reply;  // the start of the first wrong reply line

  /// Adds the counts and samples of `other`; keeps the first texts seen.
  void merge(const Stats& other);
  /// All errors: connect failures, resets, unexpected EOFs and timeouts.
  std::uint64_t errors() const;
  /// Records the first error's description.
  void note_error(const char* what, int error_number);
};

}  // namespace jamd::bench
