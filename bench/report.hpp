#pragma once

// Prints the results, as text for people or as one JSON object for scripts.

#include "bench/cpu_use.hpp"
#include "bench/first_reply.hpp"
#include "bench/idle_hold.hpp"
#include "bench/net.hpp"
#include "bench/options.hpp"
#include "bench/stats.hpp"

namespace jamd::bench {

/// The report of a load or churn run on standard output.
void print_load(const Options& options, const Endpoint& endpoint, const Stats& stats,
                const CpuUse& cpu);
/// The report of an idle run on standard output.
void print_idle(const Options& options, const Endpoint& endpoint, const IdleResult& result);
/// The report of a first-reply run on standard output.
void print_first_reply(const Options& options, const Endpoint& endpoint, const FirstReply& result);

}  // namespace jamd::bench
