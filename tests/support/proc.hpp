#pragma once

// What a test reads about a process from /proc, and how big its loads should be.

#include <sys/types.h>

#include <cstddef>

namespace jamd::test {

/// Descriptors the process `pid` has open.
std::size_t open_descriptors(pid_t pid);

/// The process's resident memory, in bytes (VmRSS).
std::size_t resident_bytes(pid_t pid);

/// CPU time the process has used, user and system, in seconds.
double cpu_seconds(pid_t pid);

/// Times the process's threads have gone to sleep (voluntary context switches), in all.
std::size_t sleeps(pid_t pid);

/// `count` scaled by JAMD_TEST_SCALE (default 1; the sanitizer presets set 0.1), at least 1.
/// Heavy socket tests use smaller counts under sanitizers, never weaker assertions.
std::size_t scaled(std::size_t count);

/// True in an optimised build without sanitizers, whose memory use is that of a release.
constexpr bool kMeasuresMemory =
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    true;
#else
    false;
#endif

/// Raises this process's soft descriptor limit to the hard one; returns the new limit.
std::size_t raise_descriptor_limit();

}  // namespace jamd::test
