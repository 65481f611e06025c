#include "bench/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace jamd::bench {

// Values below kSubBuckets have a bucket each. Above, the bucket is the value's power of two
// (its highest bit) and the kSubBits bits below that one.
std::size_t Histogram::index_of(std::uint64_t value) {
  if (value < kSubBuckets) return static_cast<std::size_t>(value);
  const int msb = std::bit_width(value) - 1;
  const auto sub = static_cast<std::size_t>((value >> (msb - kSubBits)) & (kSubBuckets - 1));
  return (static_cast<std::size_t>(msb - kSubBits + 1) << kSubBits) | sub;
}

std::uint64_t Histogram::midpoint_of(std::size_t index) {
  if (index < kSubBuckets) return index;
  const std::size_t group = index >> kSubBits;
  const std::uint64_t sub = index & (kSubBuckets - 1);
  const std::uint64_t lower = (kSubBuckets + sub) << (group - 1);
  const std::uint64_t width = std::uint64_t{1} << (group - 1);
  return lower + width / 2;
}

void Histogram::record(std::uint64_t value, std::uint64_t count) {
  counts_[index_of(value)] += count;
  count_ += count;
  max_ = std::max(max_, value);
  sum_ += static_cast<double>(value) * static_cast<double>(count);
}

void Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double Histogram::mean() const {
  return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_);
}

std::uint64_t Histogram::percentile(double q) const {
  if (count_ == 0) return 0;
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(midpoint_of(i), max_);
  }
  return max_;
}

}  // namespace jamd::bench
