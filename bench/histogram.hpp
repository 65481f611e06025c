#pragma once

// A log-bucketed latency histogram: fixed size, so recording never allocates.

#include <array>
#include <cstddef>
#include <cstdint>

namespace jamd::bench {

/// Counts values (nanoseconds) in buckets 1/32 of a power of two wide (about 3%), like
/// HdrHistogram; percentiles need neither sorting nor per-sample storage.
class Histogram {
 public:
  /// Counts `count` samples of `value`.
  void record(std::uint64_t value, std::uint64_t count = 1);
  /// Adds the samples of `other`.
  void merge(const Histogram& other);

  /// The number of samples.
  std::uint64_t count() const { return count_; }
  /// The largest sample, exact.
  std::uint64_t max() const { return max_; }
  /// The mean of the samples, exact.
  double mean() const;
  /// The value at quantile `q` (0..1): its bucket's midpoint, never above the maximum.
  std::uint64_t percentile(double q) const;

 private:
  static constexpr int kSubBits = 5;
  static constexpr std::size_t kSubBuckets = std::size_t{1} << kSubBits;
  static constexpr std::size_t kBuckets = (64 - kSubBits + 1) * kSubBuckets;

  static std::size_t index_of(std::uint64_t value);
  static std::uint64_t midpoint_of(std::size_t index);

  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
  double sum_ = 0;
};

}  // namespace jamd::bench
