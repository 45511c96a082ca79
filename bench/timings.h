// Timing helpers shared by the benchmark programs: milliseconds and a one-line distribution.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace yiwang::bench {

using Clock = std::chrono::steady_clock;

inline double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The value at fraction p (0..1) of the sorted samples; 0 for none.
inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))];
}

// "  what   mean … ms  p50 …  p99 …  max …" for one set of samples (in milliseconds).
inline void print_distribution(const char* what, std::vector<double> values) {
  if (values.empty()) return;
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  std::printf("  %-44s mean %7.2f ms  p50 %7.2f  p99 %7.2f  max %7.2f\n", what,
              sum / static_cast<double>(values.size()), values[values.size() / 2],
              values[values.size() * 99 / 100], values.back());
}

}  // namespace yiwang::bench
