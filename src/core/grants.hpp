#pragma once

// Which commands one session may run, as the dispatcher works it out when the session is
// admitted and again after a reload: a set of the dispatcher's own command indexes, so that
// the core carries it without knowing a command. Header-only.

#include <cstddef>
#include <cstdint>
#include <memory>

namespace jamd::core {

/// The commands a session may run, by the index the dispatcher gives each of them. Without
/// storage (the default, and what a dispatcher without per-command rules leaves) it grants
/// every index. It is one pointer, since every session holds one: the storage, when there is
/// some, is a block of bits behind it, reused when a later grant fits in it. Read on every
/// line, so allows() is a test, a compare and a shift.
class Grants {
 public:
  /// True when the command at `index` may run.
  bool allows(std::size_t index) const {
    if (!block_) return true;
    const std::size_t word = index / kBits;
    return word < block_[0] && ((block_[1 + word] >> (index % kBits)) & 1) != 0;
  }

  /// True when every command may run.
  bool all() const { return !block_; }

  /// Grants every command.
  void grant_all() { block_.reset(); }

  /// Grants, of the indexes below `count`, exactly those for which `granted(index)` is true.
  template <typename Granted>
  void grant_only(std::size_t count, Granted&& granted) {
    // One word more than the indexes need, so that granting none still has storage: "no
    // storage" means every command.
    const std::size_t words = count / kBits + 1;
    if (!block_ || block_[0] < words) block_ = std::make_unique<std::uint64_t[]>(1 + words);
    block_[0] = words;
    bool every = true;
    for (std::size_t w = 0; w < words; ++w) block_[1 + w] = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (granted(i)) {
        block_[1 + i / kBits] |= std::uint64_t{1} << (i % kBits);
      } else {
        every = false;
      }
    }
    if (every) grant_all();  // the per-line test is then the one for "no rules"
  }

 private:
  static constexpr std::size_t kBits = 64;
  // block_[0]: how many words of bits follow; block_[1 + w]: indexes 64w to 64w + 63.
  std::unique_ptr<std::uint64_t[]> block_;
};

}  // namespace jamd::core
